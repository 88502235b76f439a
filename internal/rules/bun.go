package rules

import "fmt"

// BunfigNotShipped: what bunfig.toml sets that bun reads when it runs the program ("preload
// ./src/yaml-loader.ts"), from the root's bunfig.toml.
var BunfigNotShipped = New("BunfigNotShipped", "bunfig.toml sets what bun does at run time, and the image leaves it out",
	func(settings string) string {
		return fmt.Sprintf("bunfig.toml sets %s, which bun reads when it runs the program, but the image leaves bunfig.toml out "+
			"(it may hold registry tokens), so the image runs without it; add `files: [bunfig.toml]` if it holds no secret, "+
			"or move those settings into the program", settings)
	})
