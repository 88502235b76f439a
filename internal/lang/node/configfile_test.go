package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestConfigFileMissing: a server whose config module (imported by its entry) reads config.yml,
// which the context lacks beside config.sample.yml (Wiki.js's shape), is warned of at the
// language line with the files line to write; not when the context has the file, the spec's
// files copies it in, no module names it, the mention is a comment, or the sample is of
// another file.
func TestConfigFileMissing(t *testing.T) {
	pkg := `{"name": "wiki", "scripts": {"start": "node server"}, "dependencies": {"js-yaml": "^3"}}`
	index := "const WIKI = { configSvc: require('./core/config') }\nWIKI.configSvc.init()\n"
	config := "const path = require('path')\nmodule.exports = {\n  init() {\n    const confPath = path.join(process.cwd(), 'config.yml')\n  }\n}\n"
	base := []string{"server/index.js", index, "server/core/config.js", config}
	for _, tc := range []struct {
		name, spec string
		files      []string
		want       string
	}{
		{"the sample only", "", []string{"config.sample.yml", "port: 3000\n"},
			"ConfigFileMissing at language: server/core/config.js:4 reads config.yml, which the build context lacks (the project ships config.sample.yml, a sample to copy and edit): " +
				"the server fails at start without it; copy one into the image with `files: [{src: config.sample.yml, dest: config.yml}]`"},
		{"a .dist sample", "", []string{"config.yml.dist", "port: 3000\n"}, "(the project ships config.yml.dist, a sample"},
		{"the file is there", "", []string{"config.sample.yml", "", "config.yml", ""}, ""},
		{"files copies it", "files:\n  - {src: config.sample.yml, dest: config.yml}\n", []string{"config.sample.yml", ""}, ""},
		{"files copies it to /app", "files:\n  - {src: deploy/config.yml, dest: /app/config.yml}\n", []string{"config.sample.yml", "", "deploy/config.yml", ""}, ""},
		{"a sample of another file", "", []string{"settings.example.json", ""}, ""},
		{"a .env sample", "", []string{".env.example", ""}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\nports: [3000]\n"+tc.spec, facts(pkg, slices.Concat(base, tc.files)...))
			wantConfigNote(t, p, tc.want)
		})
	}
	// a comment naming it is not a read
	commented := strings.Replace(config, "const confPath", "// const confPath", 1)
	p := provider.MustPlan(t, "language: node\n", facts(pkg, "server/index.js", index, "server/core/config.js", commented, "config.sample.yml", ""))
	if slices.Contains(langtest.Rules(p), "ConfigFileMissing") {
		t.Errorf("notes %q: the mention is a comment", langtest.Rules(p))
	}
}

// wantConfigNote fails t unless the plan's ConfigFileMissing note ("Rule at field: message")
// holds want, or, for want "", the plan has none.
func wantConfigNote(t *testing.T, p *plan.Plan, want string) {
	t.Helper()
	var got string
	for _, n := range p.Notes {
		if n.Rule == "ConfigFileMissing" {
			got = n.Rule + " at " + n.Field + ": " + n.Msg
		}
	}
	if want == "" && got != "" || !strings.Contains(got, want) {
		t.Errorf("note %q, want %q", got, want)
	}
}
