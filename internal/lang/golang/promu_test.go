package golang

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// A Prometheus project or exporter released with promu (alertmanager's, pushgateway's,
// node_exporter's .promu.yml): its first binary runs, the others ship, its tags reach every go
// command (TestGoReleaserTagsReachEveryGoCommand), and prometheus/common/version's Version, Revision and BuildDate are stamped from
// VERSION, COMMIT and DATE, VERSION defaulting to the VERSION file's content as promu stamps it.
// Branch and the builder's user@host are not stamped, nor named.
func TestPromuReleaseIsTheProjectsBuild(t *testing.T) {
	ldflags := "    ldflags: |\n" +
		"        -X github.com/prometheus/common/version.Version={{.Version}}\n" +
		"        -X github.com/prometheus/common/version.Revision={{.Revision}}\n" +
		"        -X github.com/prometheus/common/version.Branch={{.Branch}}\n" +
		"        -X github.com/prometheus/common/version.BuildUser={{user}}@{{host}}\n" +
		"        -X github.com/prometheus/common/version.BuildDate={{date \"20060102-15:04:05\"}}\n"
	ctx := lang.Facts{
		"go.mod":                 []byte("module github.com/acme/notifier\n\ngo 1.26\n\nrequire github.com/prometheus/common v0.67.0\n"),
		"go.sum":                 nil,
		"VERSION":                []byte("0.31.1\n"),
		"cmd/notifier/main.go":   []byte("package main\n\nimport \"github.com/prometheus/common/version\"\n\nfunc main() { _ = version.Info() }\n"),
		"cmd/notifytool/main.go": []byte("package main\n\nfunc main() {}\n"),
		".promu.yml": []byte("go:\n    version: 1.26\nrepository:\n    path: github.com/acme/notifier\nbuild:\n    binaries:\n" +
			"        - name: notifier\n          path: ./cmd/notifier\n        - name: notifytool\n          path: ./cmd/notifytool\n" +
			"    tags:\n        all:\n            - netgo\n        windows: []\n" + ldflags + "tarball:\n    files:\n        - LICENSE\n"),
	}
	p := provider.MustPlan(t, "language: go\nports: [9093]\n", ctx)
	pkgs, outs, _ := goBuilds(p)
	build := strings.Join(langtest.Commands(p.Stage("builder")), "\n")
	if !slices.Equal(pkgs, []string{"./cmd/notifier", "./cmd/notifytool"}) || !slices.Equal(outs, []string{"/out/notifier", "/out/notifytool"}) || p.Image.Entrypoint[0] != "/usr/local/bin/notifier" {
		t.Errorf("builds %q into %q and runs %q", pkgs, outs, p.Image.Entrypoint)
	}
	want := "-X 'github.com/prometheus/common/version.Version=${VERSION}' -X 'github.com/prometheus/common/version.Revision=${COMMIT}' -X 'github.com/prometheus/common/version.BuildDate=${DATE}'"
	if !strings.Contains(build, want) || strings.Contains(build, "Branch") || strings.Contains(build, "BuildUser") {
		t.Errorf("build %q, want the stamps %q", build, want)
	}
	args := map[string]plan.Arg{}
	for _, a := range p.Args {
		args[a.Name] = a
	}
	if v := args["VERSION"]; v.Default != "0.31.1" || !strings.Contains(v.Description, ".promu.yml's {{.Version}} (default: the VERSION file's") {
		t.Errorf("VERSION %+v", v)
	}
	if c := args["COMMIT"]; !c.HasDefault || c.Default != "" || !strings.Contains(c.Description, "{{.Revision}}") {
		t.Errorf("COMMIT %+v", c)
	}
	if n := langtest.NoteOf(p, "VersionNotStamped"); n != nil {
		t.Errorf("note %s", n.Msg)
	}
	// no binaries: the repository's name, built at the root (pushgateway's), and a binary with a
	// name alone (node_exporter's)
	for _, binaries := range []string{"", "    binaries:\n        - name: notifier\n"} {
		root := lang.Facts{"go.mod": ctx["go.mod"], "go.sum": nil, "VERSION": ctx["VERSION"], "main.go": []byte("package main\n\nfunc main() {}\n"),
			".promu.yml": []byte("repository:\n    path: github.com/acme/notifier\nbuild:\n" + binaries + ldflags)}
		p = provider.MustPlan(t, "language: go\n", root)
		if pkgs, outs, _ := goBuilds(p); !slices.Equal(pkgs, []string{"."}) || !slices.Equal(outs, []string{"/out/notifier"}) ||
			!strings.Contains(strings.Join(langtest.Commands(p.Stage("builder")), "\n"), "version.Version=${VERSION}") {
			t.Errorf("binaries %q: builds %q into %q", binaries, pkgs, outs)
		}
	}
}
