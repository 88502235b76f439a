package node

import (
	"maps"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// TestGitHistoryMissing: a Docusaurus site that shows last-update dates (its build runs git
// log) is warned of when the build context has no .git, or its .dockerignore leaves .git out;
// not when .git is there, nor when the option is off, commented out, or another tool's.
func TestGitHistoryMissing(t *testing.T) {
	config := func(docs string) string {
		return "// @ts-check\nexport default {\n  title: 'Tidewater',\n  baseUrl: '/',\n  presets: [\n    ['classic', {\n      docs: {\n        sidebarPath: './sidebars.js',\n" +
			docs + "\n      },\n      blog: false,\n    }],\n  ],\n};\n"
	}
	site := map[string]string{
		"package.json":         `{"scripts": {"build": "docusaurus build"}, "dependencies": {"@docusaurus/core": "^3.9", "@docusaurus/preset-classic": "^3.9"}}`,
		"package-lock.json":    `{"lockfileVersion": 3}`,
		"docusaurus.config.js": config("        showLastUpdateTime: true,\n        showLastUpdateAuthor: true,"),
		"docs/intro.md":        "# Intro\n",
	}
	with := func(kv ...string) map[string]string { return langtest.With(maps.Clone(site), kv...) }
	src := "ports: [8080]\n"
	for _, c := range []struct {
		name string
		ctx  map[string]string
		want string // "" for no warning
	}{
		{"no .git", site, "docusaurus.config.js sets showLastUpdateTime: true, so Docusaurus's build runs `git log` on every page, " +
			"and fails without the repository's history: the build context has no .git directory"},
		{".git", with(".git/HEAD", "ref: refs/heads/main\n"), ""},
		{".dockerignore leaves it out", with(".git/HEAD", "ref: refs/heads/main\n", ".dockerignore", "# not sent\n.git\nnode_modules\n"),
			"the build context's .dockerignore leaves out .git; send .git with the build context"},
		{".dockerignore leaves out everything below", with(".dockerignore", "**/.git\n"), "the build context's .dockerignore leaves out .git"},
		{".dockerignore keeps it", with(".git/HEAD", "", ".dockerignore", "node_modules\nbuild\n"), ""},
		{"the author only", with("docusaurus.config.js", config("        showLastUpdateAuthor: true,")), "sets showLastUpdateAuthor: true"},
		{"off", with("docusaurus.config.js", config("        showLastUpdateTime: false,")), ""},
		{"commented out", with("docusaurus.config.js", config("        // showLastUpdateTime: true,")), ""},
		{"not Docusaurus", with("package.json", `{"scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7"}}`), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantNote(t, provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, c.ctx)), rules.GitHistoryMissing.Name, c.want)
		})
	}
	// a workspace package's configuration, the context root's .git
	ws := map[string]string{
		"package.json":                 `{"name": "mono", "private": true, "workspaces": ["website"]}`,
		"package-lock.json":            `{"lockfileVersion": 3}`,
		"website/package.json":         site["package.json"],
		"website/docusaurus.config.ts": site["docusaurus.config.js"],
	}
	src = "workspace: website\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ws))
	if n := langtest.NoteOf(p, rules.GitHistoryMissing.Name); n == nil || !strings.Contains(n.Msg, "website/docusaurus.config.ts sets showLastUpdateTime") {
		t.Errorf("workspace package: %+v", n)
	}
	ws[".git/HEAD"] = ""
	if n := langtest.NoteOf(provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ws)), rules.GitHistoryMissing.Name); n != nil {
		t.Errorf("workspace package with .git: %s", n.Msg)
	}
}

// wantNote checks a plan's warning of the rule: none when want is "", else one saying want.
func wantNote(t *testing.T, p *plan.Plan, rule, want string) {
	t.Helper()
	n := langtest.NoteOf(p, rule)
	switch {
	case want == "" && n != nil:
		t.Errorf("a warning: %s", n.Msg)
	case want != "" && (n == nil || !strings.Contains(n.Msg, want)):
		t.Errorf("warning %+v, want %q", n, want)
	}
}
