//go:build !noweb

// Package hub embeds the hub's UI (dist/, built by the image's assets from the workspace in web/).
package hub

import (
	"embed"
	"io/fs"
)

//go:embed dist
var dist embed.FS

// Files are the built UI, rooted at dist/.
func Files() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err)
	}
	return sub
}
