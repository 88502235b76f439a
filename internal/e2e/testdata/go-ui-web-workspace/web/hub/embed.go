//go:build !noweb

// Package hub holds the hub's UI: dist/, which the image's assets build from the workspace in web/.
package hub

import "embed"

// UI is the built UI, below dist/.
//
//go:embed dist
var UI embed.FS
