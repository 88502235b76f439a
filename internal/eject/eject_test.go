package eject

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// variants are spec lines added to every example's language and entrypoint: every runtime,
// user, test and build form the providers turn into different plans.
var variants = []string{
	"",
	"runtime: scratch\n",
	"runtime: alpine\nhealthcheck: {test: 'wget -q -O- http://localhost:8080/ || exit 1', interval: 30s, timeout: 2s, start_period: 1m30s, retries: 3}\n",
	"runtime: slim\nuser: \"1000:1000\"\n",
	"runtime: registry.example.com/base/static:1.2\n",
	"user: root\nworkdir: /srv\nfiles: [go.mod, {src: cmd, dest: /srv/cmd}, 'internal/*']\n",
	"test: false\ncmd: --port 8080 \"--name=a b\"\nports: [8080, \"53/udp\"]\n",
	"test: [go, test, -race, ./...]\nhealthcheck: {test: [/usr/local/bin/app, -health]}\n",
	"test: |-\n  go vet ./... && go test ./...\nbuild: {command: 'make build BIN=$HOME/bin', env: {CGO_CFLAGS: '-O2 -g', V: '${VERSION}'}}\n",
	"args:\n  # the version stamped in\n  VERSION: \"1.0 beta\"\nenv: {APP_VERSION: \"v${VERSION}\", ARCH: \"${TARGETARCH}\", LIT: \"$HOME ${NOPE} \\\"q\\\"\"}\n" +
		"labels: {org.opencontainers.image.version: \"${VERSION}\", org.example.quote: \"it's \\\"here\\\"\"}\n",
	"build:\n  command: [go, build, -o, /out/app, -ldflags=-X main.v=1, .]\n  secrets: [netrc, {id: npm, env: NPM_TOKEN, required: true}, {id: key, target: /root/.ssh/id}]\n  ssh: [default]\n",
	"cgo: true\nargs: {VERSION: \"1.0 beta\"}\nbuild: {ldflags: \"-X main.version=${VERSION} -X 'main.at=${SOURCE_DATE_EPOCH}' -X main.x=$HOME\", packages: [libsqlite3-dev]}\n",
	"binaries: [./cmd/server, {package: ., name: hello-root}]\nuser: \"1000\"\n",
	"features: [sqlite, serde/derive, c+d.1]\ndefault_features: false\n",
	"writable: [data, ./public/uploads/]\n",
}

// plans are every plan the providers make of the examples and the variants.
func plans(t *testing.T) map[string]*plan.Plan {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	examples, err := filepath.Glob(filepath.Join(filepath.Dir(file), "..", "..", "examples", "*", "Dockerfile"))
	if err != nil || len(examples) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	out := map[string]*plan.Plan{}
	planned := make([]int, len(variants)+1) // how many languages plan each variant
	for _, ex := range examples {
		dir := filepath.Dir(ex)
		src, err := os.ReadFile(ex)
		if err != nil {
			t.Fatal(err)
		}
		base, err := spec.Parse("Dockerfile", src)
		if err != nil {
			t.Fatal(err)
		}
		facts, _, err := providers.Read(base, lang.DirReader(dir))
		if err != nil {
			t.Fatal(err)
		}
		prov, err := providers.For(base, facts)
		if err != nil {
			t.Fatal(err)
		}
		head := "language: " + prov.Name() + "\n"
		if base.Entrypoint != "" {
			head += "entrypoint: " + base.Entrypoint + "\n"
		}
		for i, v := range append([]string{string(src)}, variants...) {
			text := v
			if i > 0 {
				text = head + v
			}
			s, err := spec.Parse("Dockerfile", []byte(text))
			if field, _ := spec.Parse("Dockerfile", []byte(v)); err != nil && i > 0 && field != nil {
				if f, _ := field.ForeignField(prov.Name()); f != "" {
					continue // a field of another language
				}
			}
			if err != nil {
				t.Fatalf("%s variant %d: %v", dir, i, err)
			}
			p, err := prov.Plan(s, facts)
			if err != nil {
				var se spec.Errors
				if i > 0 && errors.As(err, &se) {
					continue // a variant this language refuses, at a spec line
				}
				t.Fatalf("%s variant %d: %v", dir, i, err)
			}
			out[fmt.Sprintf("%s#%d", filepath.Base(dir), i)] = p
			planned[i]++
		}
	}
	for i, n := range planned {
		if n == 0 {
			t.Errorf("no language plans variant %d", i)
		}
	}
	out["synthetic"] = synthetic()
	return out
}

// synthetic uses every kind of step, mount and option a provider may write, beyond what the
// examples' plans need.
func synthetic() *plan.Plan {
	o := plan.Origin{Field: "language"}
	return &plan.Plan{Language: "any", Default: "app",
		Args: []plan.Arg{{Name: "MIRROR", Description: "a mirror\nover two lines", Tool: true}, {Name: "REL", Default: "a b$c", HasDefault: true}},
		Stages: []*plan.Stage{
			{Name: "deps", Base: plan.Base{Image: "node:20"}, BuildPlatform: true, Workdir: "/work dir",
				Env: []plan.Env{{Key: "NPM_CONFIG_CACHE", Value: "/cache/${TARGETARCH}"}}, User: "1000:1000", Steps: []plan.Step{
					&plan.Copy{Origin: o, Paths: []string{"package.json", "package-lock.json", "*.npmrc"}, Dest: ".", Chown: "1000:1000"},
					&plan.Copy{Origin: o, Paths: []string{"src dir/$x"}, Dest: "./", Exclude: []string{"*.md", "test"}},
					&plan.Copy{Origin: o, Paths: []string{"."}, Include: []string{"pom.xml", "**/pom.xml", ".mvn"}, Dest: "./", Display: "poms"},
					&plan.Copy{Origin: o, Paths: []string{"web"}, Include: []string{"package.json", "ui/package.json"}, Dest: "./", Display: "web/package.json"},
					&plan.Run{Origin: o, Shell: "npm ci --omit=dev", UseArgs: []string{"MIRROR", "REL"},
						Env: []plan.Env{{Key: "NODE_ENV", Value: "production"}}, Mounts: []plan.Mount{
							{Type: plan.MountCache, ID: "npm", Target: "/home/node/.npm", Sharing: "locked", UID: 1000, GID: 1001},
							{Type: plan.MountTmpfs, Target: "/tmp"},
							{Type: plan.MountBind, Source: "patches", Target: "/patches"},
							{Type: plan.MountSSH, ID: "default", Target: "/run/ssh.sock", Required: true},
						}},
					&plan.Run{Origin: o, Args: []string{"/bin/sh", "-c", "set -e\ncat <<X\n$REL\nX", "sh", "a b"}, NoNetwork: true},
					&plan.Run{Origin: o, Args: []string{"/bin/sh", "-c", "echo one\necho two"}, Env: []plan.Env{{Key: "A", Value: "${REL}"}}},
					&plan.Mkdir{Origin: o, Path: "/var/lib/app", Mode: 0o700, Chown: "1000:1000"},
				}},
			{Name: "app", Description: "the app", Base: plan.Base{Stage: "deps"}, Steps: []plan.Step{
				&plan.Run{Origin: o, Shell: "npm run build", Mounts: []plan.Mount{
					{Type: plan.MountCache, ID: "next", Target: "/srv/.next/cache", FromStage: "deps", Source: "/cache/next"},
					{Type: plan.MountCache, ID: "whole", Target: "/w", FromStage: "deps", Sharing: "locked"},
				}},
				&plan.WriteFile{Origin: o, Display: "launcher", Files: []plan.File{
					{Path: "/usr/local/bin/start", Data: "#!/bin/sh\nexec node \"$@\"\nEOF\n", Mode: 0o755, Chown: "0:0"}}},
			}},
			{Name: "extra", Base: plan.Base{Stage: "app"}},
		},
		Image: plan.Image{Entrypoint: []string{"/usr/local/bin/start"}, Cmd: []string{},
			Env: []plan.Env{{Key: "REL_TEXT", Value: "${REL} and ${OTHER}"}}, Workdir: "/srv", User: "node",
			Healthcheck: &plan.Healthcheck{Test: []string{"NONE"}}},
	}
}

// TestEjectedDockerfilesParseAndMatchThePlan ejects every plan, parses the Dockerfile with
// BuildKit's parser and instruction packages (no warning allowed, lint rules included), and
// checks each stage against the plan: bases, platforms, steps, mounts, paths, files, config.
func TestEjectedDockerfilesParseAndMatchThePlan(t *testing.T) {
	ps := plans(t)
	if len(ps) < len(variants) {
		t.Fatalf("only %d plans", len(ps))
	}
	for name, p := range ps {
		dt, err := Dockerfile(p, Options{Source: "Dockerfile"})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		again, _ := Dockerfile(p, Options{Source: "Dockerfile"})
		if !bytes.Equal(dt, again) {
			t.Errorf("%s: two ejects differ", name)
		}
		stages, meta := parse(t, name, dt)
		if stages == nil {
			continue
		}
		c := &checker{t: t, name: name, p: p, meta: meta}
		c.check(stages)
		if t.Failed() {
			t.Logf("%s:\n%s", name, dt)
			return
		}
	}
}

func parse(t *testing.T, name string, dt []byte) ([]instructions.Stage, []instructions.ArgCommand) {
	t.Helper()
	if !bytes.HasPrefix(dt, []byte("# syntax=docker/dockerfile:1\n")) {
		t.Errorf("%s: no syntax line", name)
	}
	res, err := parser.Parse(bytes.NewReader(dt))
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return nil, nil
	}
	for _, w := range res.Warnings {
		t.Errorf("%s: parser warning %s", name, w.Short)
	}
	var lints []string
	lint := linter.New(&linter.Config{ExperimentalAll: true, Warn: func(rule, _, _, msg string, _ []parser.Range) {
		lints = append(lints, rule+": "+msg)
	}})
	stages, meta, err := instructions.Parse(res.AST, lint)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return nil, nil
	}
	for _, l := range lints {
		t.Errorf("%s: lint %s", name, l)
	}
	return stages, meta
}

func TestHeredocDelimiterAvoidsTheContent(t *testing.T) {
	if d := delimiter("a\nEOF\nEOF1\n"); d != "EOF2" {
		t.Errorf("delimiter %s", d)
	}
	_, err := Dockerfile(&plan.Plan{Default: "x", Stages: []*plan.Stage{{Name: "x", Steps: []plan.Step{
		&plan.WriteFile{Files: []plan.File{{Path: "/f", Data: "no newline", Mode: 0o644}}}}}}}, Options{})
	if err == nil {
		t.Error("a file without a final newline was written as a heredoc")
	}
}

func TestTimeFormatIsADockerfileDuration(t *testing.T) {
	for _, d := range []time.Duration{30 * time.Second, 90 * time.Second, 1500 * time.Millisecond} {
		if back, err := time.ParseDuration(d.String()); err != nil || back != d {
			t.Errorf("%v", d)
		}
	}
}

// The directories are made in a build stage's image: an internal stage before it may be an
// image without a shell (uv's, whose /uv and /uvx a Python build copies).
func TestDirectoriesAreMadeWithABuildStagesImage(t *testing.T) {
	o := plan.Origin{Field: "language"}
	p := &plan.Plan{Language: "python", Default: "runtime", Stages: []*plan.Stage{
		{Name: "uv", Internal: true, Base: plan.Base{Image: "ghcr.io/astral-sh/uv:0.13.8"}, BuildPlatform: true},
		{Name: "deps", Base: plan.Base{Image: "python:3.13"}, BuildPlatform: true},
		{Name: "runtime", Base: plan.Base{Image: "python:3.13-slim"}, Steps: []plan.Step{
			&plan.Mkdir{Origin: o, Path: "/home/nonroot", Mode: 0o750, Chown: "65532:65532"}}},
	}}
	dt, err := Dockerfile(p, Options{Source: "Dockerfile"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(dt), "FROM --platform=$BUILDPLATFORM python:3.13 AS runtime-dirs\n") {
		t.Errorf("the directories' stage is not on deps' image:\n%s", dt)
	}
}
