// Package ui is beacon's web UI: a Vite app whose build (dist/, made by `npm run build` here,
// or by the spec's `assets` in the image build) is embedded in the binary.
package ui

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Files are the built UI, rooted at dist/.
func Files() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // dist is embedded: Sub cannot fail
	}
	return sub
}
