//go:build !noweb

// Package agent holds the agent's UI: dist/, built from the workspace in web/.
package agent

import "embed"

// UI is the built UI, below dist/.
//
//go:embed dist
var UI embed.FS
