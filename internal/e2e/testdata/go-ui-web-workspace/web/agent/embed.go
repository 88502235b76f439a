//go:build !noweb

// Package agent embeds the agent's UI.
package agent

import "embed"

//go:embed dist
var dist embed.FS

// Built reports the UI in the binary.
var Built = true
