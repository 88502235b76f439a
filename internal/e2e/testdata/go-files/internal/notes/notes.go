// Package notes serves the notes/ directory of the working directory: a package other than
// the main one that names a path the server reads.
package notes

import "net/http"

// Handler serves the files of notes/.
func Handler() http.Handler {
	return http.StripPrefix("/notes/", http.FileServer(http.Dir("notes")))
}
