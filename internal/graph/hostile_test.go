package graph_test

import (
	"context"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// hostile values a spec author (or a pull request) might slip into fields that reach
// command lines or paths.
var hostile = []string{
	"; rm -rf /",
	"$(id)",
	"`id`",
	"a\nb",
	"../../etc/passwd",
	"/etc/shadow",
	"-o/etc/passwd",
	"x\x00y",
	strings.Repeat("A", 5000),
	"ｇｏ",         // full-width lookalike
	"dіstroless", // Cyrillic і
	"${HOME}",
	"' \" \\",
}

// TestHostileValuesAreRefusedOrInert puts each hostile value into each field. Each case must be
// refused with an error naming the field's line, or reach the graph only as inert data: never
// inside a shell script's text and never as a path outside the build context.
func TestHostileValuesAreRefusedOrInert(t *testing.T) {
	fields := map[string]func(v string) string{
		"language":         func(v string) string { return "language: " + q(v) + "\n" },
		"version":          func(v string) string { return "language: go\nversion: " + q(v) + "\n" },
		"entrypoint":       func(v string) string { return "language: go\nentrypoint: " + q(v) + "\n" },
		"runtime":          func(v string) string { return "language: go\nruntime: " + q(v) + "\n" },
		"user":             func(v string) string { return "language: go\nuser: " + q(v) + "\n" },
		"workdir":          func(v string) string { return "language: go\nworkdir: " + q(v) + "\n" },
		"files":            func(v string) string { return "language: go\nfiles: [" + q(v) + "]\n" },
		"files.dest":       func(v string) string { return "language: go\nfiles: [{src: a, dest: " + q(v) + "}]\n" },
		"env key":          func(v string) string { return "language: go\nenv: {" + q(v) + ": x}\n" },
		"env value":        func(v string) string { return "language: go\nenv: {A: " + q(v) + "}\n" },
		"args key":         func(v string) string { return "language: go\nargs: {" + q(v) + ": x}\n" },
		"args value":       func(v string) string { return "language: go\nargs: {A: " + q(v) + "}\n" },
		"labels key":       func(v string) string { return "language: go\nlabels: {" + q(v) + ": x}\n" },
		"labels value":     func(v string) string { return "language: go\nlabels: {a: " + q(v) + "}\n" },
		"packages":         func(v string) string { return "language: go\npackages: [" + q(v) + "]\n" },
		"build.packages":   func(v string) string { return "language: go\nbuild: {packages: [" + q(v) + "]}\n" },
		"build.image":      func(v string) string { return "language: go\nbuild: {image: " + q(v) + "}\n" },
		"build.secrets":    func(v string) string { return "language: go\nbuild: {secrets: [" + q(v) + "]}\n" },
		"build.ssh":        func(v string) string { return "language: go\nbuild: {ssh: [" + q(v) + "]}\n" },
		"secret target":    func(v string) string { return "language: go\nbuild: {secrets: [{id: a, target: " + q(v) + "}]}\n" },
		"cmd":              func(v string) string { return "language: go\ncmd: [" + q(v) + "]\n" },
		"healthcheck.test": func(v string) string { return "language: go\nhealthcheck: {test: [" + q(v) + "]}\n" },
		"name":             func(v string) string { return "language: go\nname: " + q(v) + "\n" },
		"binaries":         func(v string) string { return "language: go\nbinaries: [" + q(v) + "]\n" },
		"binaries.name":    func(v string) string { return "language: go\nbinaries: [{package: ./cmd/a, name: " + q(v) + "}]\n" },
		"build.ldflags":    func(v string) string { return "language: go\ncgo: true\nbuild: {ldflags: " + q(v) + "}\n" },
	}
	tried, refused := tryHostile(t, fields, goFacts)
	t.Logf("%d hostile inputs tried, %d refused, %d accepted as inert data", tried, refused, tried-refused)
}

// tryHostile puts each hostile value into each field (mk writes the whole spec) and plans the
// spec with facts. Each case must be refused with an error naming the field's line, or reach
// the graph only as inert data (assertInert). It returns how many it tried and refused.
func tryHostile(t *testing.T, fields map[string]func(v string) string, facts lang.Facts) (tried, refused int) {
	t.Helper()
	for field, mk := range fields {
		for _, v := range hostile {
			tried++
			s, err := spec.Parse("Dockerfile", []byte(mk(v)))
			var p *plan.Plan
			if err == nil {
				p, err = providers.Plan(s, facts)
			}
			if err != nil {
				refused++
				if !strings.Contains(err.Error(), "Dockerfile:") {
					t.Errorf("%s=%q: error does not name the spec line: %v", field, v, err)
				}
				continue
			}
			assertInert(t, field, v, p)
		}
	}
	return tried, refused
}

// assertInert builds every target and checks the value never lands in shell script text, in a
// file the build writes (a script of the scripts stage) or in a path that leaves the context.
func assertInert(t *testing.T, field, v string, p *plan.Plan) {
	t.Helper()
	for _, target := range []string{"", "tester"} {
		res, err := graph.Build(context.Background(), p, graph.Options{Target: target, TargetPlatform: amd64, BuildPlatform: amd64,
			Context: llb.Local("context"), Resolver: fakeResolver{}, BuildArgs: map[string]string{}})
		if err != nil {
			continue
		}
		def, err := res.State.Marshal(context.Background(), llb.LocalUniqueID("x"))
		if err != nil {
			t.Fatalf("%s=%q: %v", field, v, err)
		}
		for _, o := range decodedFrom(t, def.ToPB()).ops {
			args := o.GetExec().GetMeta().GetArgs()
			for i, a := range args {
				// a shell script is the argument after -c; user data may follow it as "$@", never inside it
				if i > 0 && args[i-1] == "-c" && strings.Contains(a, v) && len(v) > 2 {
					t.Errorf("%s=%q reaches the text of a shell script: %q", field, v, a)
				}
			}
			for _, a := range o.GetFile().GetActions() {
				if mf := a.GetMkfile(); mf != nil && len(v) > 2 && strings.Contains(string(mf.Data), v) {
					t.Errorf("%s=%q is written into %s", field, v, mf.Path)
				}
				if c := a.GetCopy(); c != nil && (strings.Contains(c.Src, "..") || strings.Contains(c.Dest, "..")) {
					t.Errorf("%s=%q: a copy escapes: %q -> %q", field, v, c.Src, c.Dest)
				}
			}
		}
	}
}

func q(v string) string {
	// a YAML double-quoted scalar holding exactly v
	r := strings.NewReplacer("\\", "\\\\", "\"", "\\\"", "\n", "\\n", "\x00", "\\0")
	return "\"" + r.Replace(v) + "\""
}
