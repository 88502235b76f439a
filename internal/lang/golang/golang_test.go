package golang

import (
	"maps"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// provider is the Go provider as the registry lists it: declared, planned by the skeleton.
var provider = langtest.For(Provider{})

func mod(goLine string) lang.Facts {
	return lang.Facts{"go.mod": []byte("module example.com/acme/tool/v2\n\n" + goLine + "\n")}
}

// program is the go.mod of module (go 1.26) and a main.go of package main in each of
// the directories mains ("." for the module's root).
func program(module string, mains ...string) lang.Facts {
	f := lang.Facts{"go.mod": []byte("module " + module + "\n\ngo 1.26\n")}
	for _, dir := range mains {
		f[path.Join(dir, "main.go")] = []byte("package main\n")
	}
	return f
}

func TestVersionComesFromSpecThenGoMod(t *testing.T) {
	for _, tc := range []struct{ src, gomod, want string }{
		{"language: go\n", "go 1.22.3", "golang:1.22"},
		{"language: go\n", "go 1.21", "golang:1.21"},
		{"language: go\n", "", "golang:1.26"},
		// a toolchain line newer than the go line is the release the go command switches to
		{"language: go\n", "go 1.23.0\n\ntoolchain go1.25.4", "golang:1.25"},
		{"language: go\n", "go 1.25.1\n\ntoolchain go1.25.4", "golang:1.25"},
		{"language: go\nversion: 1.20\n", "go 1.22\n\ntoolchain go1.24.1", "golang:1.20"},
		{"language: go\nversion: 1.20\n", "go 1.22", "golang:1.20"},
		{"language: go\nbuild: {image: my/go:1}\n", "go 1.22", "my/go:1"},
	} {
		p, err := provider.TryPlan(t, tc.src, mod(tc.gomod))
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Stage("deps").Base.Image; got != tc.want {
			t.Errorf("%q with %q: builder %q, want %q", tc.src, tc.gomod, got, tc.want)
		}
	}
}

func TestProgramNameAndEntrypoint(t *testing.T) {
	for _, tc := range []struct{ entry, pkg, bin string }{
		{"", ".", "/usr/local/bin/tool"}, // module example.com/acme/tool/v2
		{"./cmd/server", "./cmd/server", "/usr/local/bin/server"},
		{"cmd/server/", "./cmd/server", "/usr/local/bin/server"},
		{"example.com/acme/tool/v2/cmd/cli", "./cmd/cli", "/usr/local/bin/cli"},
	} {
		src := "language: go\n"
		if tc.entry != "" {
			src += "entrypoint: " + tc.entry + "\n"
		}
		p, err := provider.TryPlan(t, src, mod("go 1.26"))
		if err != nil {
			t.Fatal(err)
		}
		run := p.Stage("builder").Steps[1].(*plan.Run)
		if got := run.Args[len(run.Args)-1]; got != tc.pkg {
			t.Errorf("entrypoint %q builds %q, want %q", tc.entry, got, tc.pkg)
		}
		if p.Image.Entrypoint[0] != tc.bin {
			t.Errorf("entrypoint %q runs %q, want %q", tc.entry, p.Image.Entrypoint[0], tc.bin)
		}
	}
}

func TestBadEntrypointsAreRefusedAtTheirLine(t *testing.T) {
	for _, entry := range []string{"../outside", "/abs/path", "./cmd/$(id)", "'./a b'", "./cmd/`id`"} {
		_, err := provider.TryPlan(t, "language: go\nentrypoint: "+entry+"\n", mod("go 1.26"))
		if err == nil || !strings.Contains(err.Error(), "at Dockerfile:2:1") {
			t.Errorf("entrypoint %s: %v", entry, err)
		}
	}
}

func TestNoGoModIsAnError(t *testing.T) {
	_, err := provider.TryPlan(t, "# syntax=org/multistage-frontend\nlanguage: go\n", lang.Facts{})
	if err == nil || err.Error() != "no go.mod in the build context's root at Dockerfile:2:1, "+noModuleFix {
		t.Errorf("err = %v", err)
	}
}

func TestVendoredModulesSkipTheDownload(t *testing.T) {
	f := mod("go 1.26")
	f["vendor/modules.txt"] = []byte("# github.com/google/uuid v1.6.0\n")
	p, err := provider.TryPlan(t, "language: go\n", f)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range langtest.Runs(p.Stage("deps")) {
		t.Errorf("deps runs %+v although modules are vendored", r)
	}
}

func TestStringHealthcheckNeedsAShell(t *testing.T) {
	_, err := provider.TryPlan(t, "language: go\nhealthcheck: {test: curl -f localhost}\n", mod("go 1.26"))
	if err == nil || !strings.Contains(err.Error(), "the distroless runtime has no shell") {
		t.Errorf("distroless with a string healthcheck: %v", err)
	}
	p, err := provider.TryPlan(t, "language: go\nruntime: alpine\nhealthcheck: {test: wget -q localhost, interval: 10s}\n", mod("go 1.26"))
	if err != nil {
		t.Fatal(err)
	}
	if h := p.Image.Healthcheck; h.Test[0] != "CMD-SHELL" || h.Interval != 10e9 {
		t.Errorf("healthcheck %+v", h)
	}
}

func TestUserDefaultsAndOverrides(t *testing.T) {
	for src, want := range map[string]string{
		"language: go\n":                    "65532:65532",
		"language: go\nuser: root\n":        "root",
		"language: go\nuser: \"1000:1000\"": "1000:1000",
	} {
		p, err := provider.TryPlan(t, src, mod("go 1.26"))
		if err != nil {
			t.Fatal(err)
		}
		if p.Image.User != want {
			t.Errorf("%q: user %q, want %q", src, p.Image.User, want)
		}
	}
	// alpine needs the nonroot user added, unless the spec runs as root
	p, _ := provider.TryPlan(t, "language: go\nruntime: alpine\n", mod("go 1.26"))
	if p.Stage("runtime-user") == nil {
		t.Errorf("alpine without a passwd step")
	}
	p, _ = provider.TryPlan(t, "language: go\nruntime: alpine\nuser: root\n", mod("go 1.26"))
	if p.Stage("runtime-user") != nil {
		t.Errorf("alpine as root still adds nonroot")
	}
}

func TestMissingGoSumIsNotedForLint(t *testing.T) {
	withDeps := "module example.com/x\n\ngo 1.26\n\nrequire golang.org/x/text v0.14.0\n"
	for _, tc := range []struct {
		facts lang.Facts
		note  bool
	}{
		{lang.Facts{"go.mod": []byte(withDeps)}, true},
		{lang.Facts{"go.mod": []byte(withDeps), "go.sum": []byte("")}, false},
		{lang.Facts{"go.mod": []byte(withDeps), "vendor/modules.txt": []byte("")}, false},
		{lang.Facts{"go.mod": []byte("module example.com/x\n\ngo 1.26\n")}, false}, // no dependencies, no go.sum needed
	} {
		p, err := provider.TryPlan(t, "# syntax=org/multistage-frontend\nlanguage: go\n", tc.facts)
		if err != nil {
			t.Fatal(err)
		}
		got := len(p.Notes) == 1 && p.Notes[0].Rule == "MissingLockfile" && p.Notes[0].Field == "language" &&
			strings.Contains(p.Notes[0].Msg, "go.sum")
		if got != tc.note || (!tc.note && len(p.Notes) > 0) {
			t.Errorf("facts %v: notes %+v, want a MissingLockfile note: %v", slices.Collect(maps.Keys(tc.facts)), p.Notes, tc.note)
		}
	}
}

func TestSystemPackages(t *testing.T) {
	p, err := provider.TryPlan(t, "language: go\nruntime: alpine\npackages: [tzdata]\nbuild: {packages: [libpcap-dev]}\n", mod("go 1.26"))
	if err != nil {
		t.Fatal(err)
	}
	first := p.Stage("deps").Steps[0].(*plan.Run)
	if first.Display != "apt-get install libpcap-dev" || first.Field != "build.packages" {
		t.Errorf("deps starts with %+v, want the build packages before go.mod", first)
	}
	var rtInstall *plan.Run
	for _, st := range p.Stage("runtime").Steps {
		if r, ok := st.(*plan.Run); ok {
			rtInstall = r
		}
	}
	if rtInstall == nil || rtInstall.Display != "apk add tzdata" {
		t.Errorf("runtime packages: %+v", rtInstall)
	}
	for _, rt := range []string{"distroless", "scratch"} {
		_, err := provider.TryPlan(t, "language: go\nruntime: "+rt+"\npackages: [tzdata]\n", mod("go 1.26"))
		if err == nil || !strings.Contains(err.Error(), "the "+rt+" runtime has no package manager") || !strings.Contains(err.Error(), "Dockerfile:3:1") {
			t.Errorf("%s with packages: %v", rt, err)
		}
	}
}
