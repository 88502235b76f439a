package node

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

func TestMajorOfRange(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{">=18", 24, true},
		{">=18.0.0", 24, true},
		{"^20.1", 20, true},
		{"^20.11.0", 20, true},
		{"20", 20, true},
		{"20.x", 20, true},
		{"v20.11.1", 20, true},
		{"*", 24, true},
		{"", 24, true},
		{">=22", 24, true},
		{">= 22.3", 24, true},
		{"^22", 22, true},
		{">21", 24, true},
		{"^18", 18, true},
		{"18.x", 18, true},
		{"~18.17", 18, true},
		{"<20", 18, true},
		{"<=19", 18, true},
		{">=14 <17", 16, true},
		{"16 - 18", 18, true},
		{"18 || 22", 22, true},
		{"^16 || >=22", 24, true},
		{"^18 || ^20 || ^22", 22, true},
		{"^20.19.0 || >=22.12.0", 24, true},
		{">=20.0.0-rc.1", 24, true},
		{"^21", 21, true},
		{"^25", 25, true},
		{">=20.1 <20.2", 20, true},
		{">20 <24", 22, true},
		{"lts", 0, false},
		{"node", 0, false},
		{">=", 0, false},
		{"^20 && ^22", 0, false},
	} {
		got, ok := majorOfRange(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("majorOfRange(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestMajorOfVersionFile(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"20\n", 20, true},
		{"v22.11.0\n", 22, true},
		{"# pinned for CI\n18.20.4\n", 18, true},
		{"lts/iron", 20, true},
		{"lts/Jod\n", 22, true},
		{"lts/*", 24, true},
		{"lts/krypton", 24, true},
		{"lts/unknown", 0, false},
		{"node", 0, false},
		{"system", 0, false},
		{"", 24, true}, // an empty file says nothing: the default
	} {
		got, ok := majorOfVersionFile(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("majorOfVersionFile(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestVersionFromSpecThenFilesThenEngines(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		facts     lang.Facts
		builder   string
		runtime   string
	}{
		{"default", "language: node\n", facts(app), "node:24-bookworm", "node:24-bookworm-slim"},
		{"spec", "language: node\nversion: \"22.11\"\n", facts(app, ".nvmrc", "18"), "node:22.11-bookworm", "node:22.11-bookworm-slim"},
		{"spec with v", "language: node\nversion: v18\n", facts(app), "node:18-bookworm", "node:18-bookworm-slim"},
		{".nvmrc exact", "language: node\n", facts(app, ".nvmrc", "v22.11.0\n"), "node:22-bookworm", "node:22-bookworm-slim"},
		{".nvmrc lts name", "language: node\n", facts(app, ".nvmrc", "lts/hydrogen"), "node:18-bookworm", "node:18-bookworm-slim"},
		{".nvmrc lts/*", "language: node\n", facts(app, ".nvmrc", "lts/*"), "node:24-bookworm", "node:24-bookworm-slim"},
		{".node-version", "language: node\n", facts(app, ".node-version", "22.3.0"), "node:22-bookworm", "node:22-bookworm-slim"},
		{".nvmrc before .node-version", "language: node\n", facts(app, ".nvmrc", "18", ".node-version", "22"), "node:18-bookworm", "node:18-bookworm-slim"},
		{".tool-versions (asdf)", "language: node\n", facts(app, ".tool-versions", "# tools\npnpm 10.8.1\nnodejs 22.14.0 20.18.0\n"), "node:22-bookworm", "node:22-bookworm-slim"},
		{".tool-versions (mise)", "language: node\n", facts(`{"engines": {"node": ">=18"}}`, "index.js", "", ".tool-versions", "node 20\n"), "node:20-bookworm", "node:20-bookworm-slim"},
		{".tool-versions without node", "language: node\n", facts(`{"engines": {"node": "^22.12"}}`, "index.js", "", ".tool-versions", "python 3.13.1\n"), "node:22-bookworm", "node:22-bookworm-slim"},
		{".node-version before .tool-versions", "language: node\n", facts(app, ".node-version", "24", ".tool-versions", "nodejs 22.1.0"), "node:24-bookworm", "node:24-bookworm-slim"},
		{"engines", "language: node\n", facts(`{"engines": {"node": "^22.12"}}`, "index.js", ""), "node:22-bookworm", "node:22-bookworm-slim"},
		{"engines allowing the default", "language: node\n", facts(`{"engines": {"node": "^18 || ^20 || >=22"}}`, "index.js", ""), "node:24-bookworm", "node:24-bookworm-slim"},
		{"engines of the lockfile's root", "language: node\n", facts(app, "package-lock.json", `{"lockfileVersion": 3, "packages": {"": {"engines": {"node": "22.x"}}, "node_modules/x": {"engines": {"node": ">=18"}}}}`), "node:22-bookworm", "node:22-bookworm-slim"},
		{"package.json's engines before the lockfile's", "language: node\n", facts(`{"engines": {"node": "^20"}}`, "index.js", "", "package-lock.json", `{"packages": {"": {"engines": {"node": "22.x"}}}}`), "node:20-bookworm", "node:20-bookworm-slim"},
		{"distroless per major", "language: node\nruntime: distroless\nversion: 22.11.0\n", facts(app), "node:22.11.0-bookworm", "gcr.io/distroless/nodejs22-debian12:nonroot"},
		{"alpine builds on alpine", "language: node\nruntime: alpine\n", facts(app, ".nvmrc", "22"), "node:22-alpine", "node:22-alpine"},
		{"build.image", "language: node\nbuild: {image: my/node:1}\n", facts(app), "my/node:1", "node:24-bookworm-slim"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, tc.src, tc.facts)
			if got := p.Stage("deps").Base.Image; got != tc.builder {
				t.Errorf("builder %q, want %q", got, tc.builder)
			}
			if got := p.Stage("runtime").Base.Image; got != tc.runtime {
				t.Errorf("runtime %q, want %q", got, tc.runtime)
			}
		})
	}
}

// TestVersionFileOutsideEngines: a version file naming a major that package.json's engines.node
// does not allow (a Nightscout-shaped .nvmrc 16.16.0 beside engines >=20.x) gives way to
// engines, with a NodeVersion note naming both; one that engines allows, or engines that
// cannot be read, keep the file's, without a note.
func TestVersionFileOutsideEngines(t *testing.T) {
	for _, tc := range []struct {
		name    string
		facts   lang.Facts
		builder string
		note    string
	}{
		{".nvmrc below engines", facts(`{"engines": {"node": ">=20.x", "npm": ">=10.x"}}`, "index.js", "", ".nvmrc", "16.16.0"), "node:24-bookworm",
			`.nvmrc names Node.js 16, which package.json's engines.node ">=20.x" does not allow: the build uses 24, as engines allows; update .nvmrc, or set ` + "`version`"},
		{".node-version above engines", facts(`{"engines": {"node": "^20"}}`, "index.js", "", ".node-version", "22"), "node:20-bookworm",
			`.node-version names Node.js 22, which package.json's engines.node "^20" does not allow: the build uses 20`},
		{".tool-versions outside engines", facts(`{"engines": {"node": "^22 || ^24"}}`, "index.js", "", ".tool-versions", "nodejs 18.20.0\n"), "node:24-bookworm",
			`.tool-versions names Node.js 18`},
		{".nvmrc engines allow", facts(`{"engines": {"node": ">=18"}}`, "index.js", "", ".nvmrc", "20"), "node:20-bookworm", ""},
		{"engines not read", facts(`{"engines": {"node": "latest please"}}`, "index.js", "", ".nvmrc", "22"), "node:22-bookworm", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\n", tc.facts)
			if got := p.Stage("deps").Base.Image; got != tc.builder {
				t.Errorf("builder %q, want %q", got, tc.builder)
			}
			msgs := langtest.Messages(p, "NodeVersion")
			if tc.note == "" && len(msgs) > 0 || tc.note != "" && (len(msgs) != 1 || !strings.Contains(msgs[0], tc.note)) {
				t.Errorf("NodeVersion notes %q, want %q", msgs, tc.note)
			}
		})
	}
}

func TestUnreadableVersionsFallBackWithANote(t *testing.T) {
	p := provider.MustPlan(t, "language: node\n", facts(`{"engines": {"node": "latest please"}}`, ".nvmrc", "node\n", "index.js", "", ".tool-versions", "nodejs ref:v22.1.0\n"))
	if p.Stage("deps").Base.Image != "node:24-bookworm" {
		t.Errorf("builder %q", p.Stage("deps").Base.Image)
	}
	if msgs := langtest.Messages(p, "NodeVersion"); len(msgs) != 3 || !strings.Contains(msgs[0], `.nvmrc names no Node.js version this build can use ("node")`) ||
		!strings.Contains(msgs[1], `.tool-versions names no Node.js version this build can use ("nodejs ref:v22.1.0")`) ||
		!strings.Contains(msgs[2], `engines.node names no Node.js version this build can use ("latest please")`) {
		t.Errorf("notes %q", msgs)
	}
	_, err := provider.TryPlan(t, "language: node\nversion: lts\n", facts(app))
	if err == nil || !strings.Contains(err.Error(), `"lts" is not a Node.js version at Dockerfile:2:1`) {
		t.Errorf("version lts: %v", err)
	}
}

// TestEndOfLifeVersionsWarn: a pinned line past its end of life is a NodeVersionEndOfLife
// warning at the line that pins it (the spec's version, else the language line); supported
// lines, the default and lines newer than the table are not.
func TestEndOfLifeVersionsWarn(t *testing.T) {
	langtest.OnDay(t, 2026, 12, 3)
	for _, tc := range []struct {
		name, src string
		facts     lang.Facts
		field     string
		msg       string // "" for no warning
	}{
		{"spec", "language: node\nversion: 20\n", facts(app), "version", "Node.js 20 reached its end of life on 2026-04-30 (the spec's `version`)"},
		{".nvmrc", "language: node\n", facts(app, ".nvmrc", "lts/hydrogen"), "", "Node.js 18 reached its end of life on 2025-04-30 (.nvmrc)"},
		{"engines", "language: node\n", facts(`{"engines": {"node": "20.x"}}`, "index.js", ""), "", "(package.json's engines.node 20.x): it gets no security fixes"},
		{"lockfile", "language: node\n", facts(app, "package-lock.json", `{"packages": {"": {"engines": {"node": "^18"}}}}`), "", "(package-lock.json's engines.node ^18)"},
		{"odd line", "language: node\nversion: 25.1\n", facts(app), "version", "Node.js 25 reached its end of life on 2026-06-01"},
		{"ancient", "language: node\nversion: 6\n", facts(app), "version", "Node.js 6 reached its end of life on before 2019"},
		// the odd lines between 8 and 17 were missing, and taken for supported (jedireza/frame's engines 9.x.x)
		{"odd line of 2017", "language: node\n", facts(`{"engines": {"node": "9.x.x"}}`, "index.js", ""), "", "Node.js 9 reached its end of life on 2018-06-30 (package.json's engines.node 9.x.x)"},
		{"odd line of 2020", "language: node\nversion: 15\n", facts(app), "version", "Node.js 15 reached its end of life on 2021-06-01"},
		{"supported", "language: node\nversion: 22\n", facts(app), "", ""},
		{"default", "language: node\n", facts(app), "", ""},
		{"newer than the table", "language: node\nversion: 28\n", facts(app), "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, tc.src, tc.facts)
			got := langtest.NotesOf(p, "NodeVersionEndOfLife")
			switch {
			case tc.msg == "" && len(got) > 0:
				t.Errorf("warnings %+v", got)
			case tc.msg != "" && (len(got) != 1 || !strings.Contains(got[0].Msg, tc.msg) || got[0].Field != cmp.Or(tc.field, "language")):
				t.Errorf("warnings %+v, want one at %q with %q", got, tc.field, tc.msg)
			}
		})
	}
	langtest.OnDay(t, 2026, 4, 29)
	if p := provider.MustPlan(t, "language: node\nversion: 20\n", facts(app)); slices.ContainsFunc(p.Notes, func(n plan.Note) bool { return n.Rule == "NodeVersionEndOfLife" }) {
		t.Errorf("20 warned the day before its end of life")
	}
}
