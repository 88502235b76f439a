// Package about says which commit the program was built from.
package about

const unknown = "none"

// Commit is the commit built, set with -ldflags -X by a release build.
var Commit = unknown
