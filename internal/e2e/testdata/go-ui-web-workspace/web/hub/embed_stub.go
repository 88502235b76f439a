//go:build noweb

package hub

import (
	"io/fs"
	"testing/fstest"
)

// Files are empty without the UI.
func Files() fs.FS { return fstest.MapFS{} }
