package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
)

// TestMarkdownTheServerReads: a server without a build whose configuration file names a
// Markdown file at the top (haste-server's shape: config.json's "documents" read and stored at
// start) ships it beside the tree, which leaves the other Markdown files (the README) out;
// planned from a directory, so through the reads of the context. A name in a // comment, or a
// server that names none, ships no Markdown file.
func TestMarkdownTheServerReads(t *testing.T) {
	server := `const fs = require('fs');
const config = JSON.parse(fs.readFileSync('config.json', 'utf8'));
const pages = {};
for (const [name, file] of Object.entries(config.pages)) pages[name] = fs.readFileSync(file, 'utf8');
// const help = fs.readFileSync('./HELP.md', 'utf8');
require('http').createServer((req, res) => res.end(pages[req.url.slice(1)] || '')).listen(process.env.PORT || 4200);
`
	files := map[string]string{
		"package.json":      `{"name": "tidebook", "scripts": {"start": "node server.js"}, "dependencies": {"ms": "2.1.3"}}`,
		"package-lock.json": `{"lockfileVersion": 3}`,
		"server.js":         server,
		"config.json":       `{"port": 4200, "pages": {"welcome": "./welcome.md", "tides": "tides.md"}}`,
		"welcome.md":        "# Welcome\n",
		"tides.md":          "High water 06:47\n",
		"HELP.md":           "help\n",
		"README.md":         "# tidebook\n",
	}
	includes := func(files map[string]string) []string {
		p := planDir(t, tree.Write(t, files), "language: node\nports: [4200]\n")
		var out []string
		for _, c := range copies(p.Stage("runtime")) {
			if slices.Contains(c.Exclude, "*.md") && c.Paths[0] != "/app" {
				t.Errorf("the tree's copy is %q", c.Paths)
			}
			out = append(out, c.Include...)
		}
		return out
	}
	got := includes(files)
	if !slices.Contains(got, "app/welcome.md") || !slices.Contains(got, "app/tides.md") ||
		slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "HELP") || strings.Contains(s, "README") }) {
		t.Errorf("the runtime copies %q besides the tree, want welcome.md and tides.md alone", got)
	}

	files["config.json"] = `{"port": 4200, "pages": {}}`
	if got := includes(files); slices.ContainsFunc(got, func(s string) bool { return strings.HasSuffix(s, ".md") }) {
		t.Errorf("a server that names no Markdown file: %q", got)
	}
}
