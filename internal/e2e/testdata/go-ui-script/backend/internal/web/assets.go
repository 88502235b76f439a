// Package web holds ledger's UI: dist/ is what scripts.sh copies from frontend/'s build (only
// .keep is committed), fallback/ the page served when it is missing.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist fallback/index.html
var assets embed.FS

// FrontendFS is the built UI, or the fallback page when dist/ holds no index.html; built
// reports which.
func FrontendFS() (ui fs.FS, built bool, err error) {
	if _, err := fs.Stat(assets, "dist/index.html"); err == nil {
		ui, err := fs.Sub(assets, "dist")
		return ui, true, err
	}
	ui, err = fs.Sub(assets, "fallback")
	return ui, false, err
}
