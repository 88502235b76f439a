package node

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestEntrypointOnlyExports: a package whose main only exports (a library's entry, as a site
// built by Grunt that also publishes a Node.js API has) is warned of when the image runs it; a
// main that starts a server, or a start script's file, is not.
func TestEntrypointOnlyExports(t *testing.T) {
	const site = `{"name": "toolbox", "main": "src/node/api.js", "scripts": {"build": "grunt prod", "start": "grunt dev"}, "devDependencies": {"grunt": "1.6.1"}}`
	exportsOnly := "/** the API, as CommonJS */\n'use strict';\nconst lib = require('./lib');\n\nmodule.exports = (async () => await import(\"./index.mjs\"))();\nmodule.exports.File = {\n  open: lib.open,\n};\nexport default lib\n"
	server := "'use strict'\n// the app\nconst express = require('express');\nconst app = express();\napp.listen(process.env.PORT);\nmodule.exports = app;\n"
	for _, tc := range []struct {
		name, pkg, file, src string
		warned               bool
	}{
		{"a main that only exports", site, "src/node/api.js", exportsOnly, true},
		{"a main that starts a server", site, "src/node/api.js", server, false},
		{"a start script's file", `{"main": "lib.js", "scripts": {"start": "node lib.js"}}`, "lib.js", exportsOnly, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := langtest.Messages(provider.MustPlan(t, "language: node\n", facts(tc.pkg, tc.file, tc.src)), "EntrypointOnlyExports")
			if tc.warned != (len(got) == 1 && strings.Contains(got[0], "the image runs "+tc.file+", package.json's main")) || len(got) > 1 {
				t.Errorf("warnings %q, want one: %v", got, tc.warned)
			}
		})
	}
}
