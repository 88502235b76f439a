// Package page holds the tide table, which is generated and not committed.
package page

import _ "embed"

// Table is written by `go generate` (gen/main.go) before the build.
//
//go:embed table.txt
var Table string
