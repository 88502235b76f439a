package e2e

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moby/buildkit/client"
	"github.com/moby/buildkit/exporter/containerimage/exptypes"
	gateway "github.com/moby/buildkit/frontend/gateway/client"
	"github.com/moby/buildkit/frontend/subrequests/outline"
	"github.com/moby/buildkit/session"
	"github.com/moby/buildkit/solver/errdefs"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"github.com/org/multistage-frontend/frontend"
	"github.com/tonistiigi/fsutil"
)

// buildInProcess runs frontend.Build in this process against the testbed's buildkitd, as
// client.Build does for a frontend under development: no image push, real solves.
func buildInProcess(t *testing.T, dir string, attrs map[string]string) (*dockerspec.DockerOCIImage, error) {
	t.Helper()
	var img dockerspec.DockerOCIImage
	err := inProcess(t, dir, attrs, nil, func(res *gateway.Result) error {
		if dt, ok := res.Metadata[exptypes.ExporterImageConfigKey]; ok {
			return json.Unmarshal(dt, &img)
		}
		return nil
	})
	return &img, err
}

// inProcess runs frontend.Build in process with dir as the context and the spec's directory,
// sends the build's progress to ch (closed at the end) if set, and hands the result to fn.
func inProcess(t *testing.T, dir string, attrs map[string]string, ch chan *client.SolveStatus, fn func(*gateway.Result) error) error {
	t.Helper()
	return buildInSession(t, dir, attrs, nil, ch, func(ctx context.Context, gc gateway.Client) (*gateway.Result, error) {
		res, err := frontend.Build(ctx, gc)
		if err != nil {
			return nil, err
		}
		if fn != nil {
			err = fn(res)
		}
		return res, err
	})
}

// buildInSession runs build against the testbed's buildkitd with dir as the context and the
// spec's directory and attach in the session, sending the progress to ch (closed at the end)
// if set.
func buildInSession(t *testing.T, dir string, attrs map[string]string, attach []session.Attachable, ch chan *client.SolveStatus, build gateway.BuildFunc) error {
	t.Helper()
	b := need(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	c, err := client.New(ctx, b.buildkitHost)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fs, err := fsutil.NewFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Build(ctx, client.SolveOpt{
		LocalMounts:   map[string]fsutil.FS{"context": fs, "dockerfile": fs},
		FrontendAttrs: attrs,
		Session:       attach,
	}, "", build, ch)
	return err
}

func TestInProcessGoImageConfig(t *testing.T) {
	need(t)
	img, err := buildInProcess(t, filepath.Join(repoRoot(t), "examples", "go"), nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := img.Config
	if cfg.User != "65532:65532" || len(cfg.Entrypoint) != 1 || cfg.Entrypoint[0] != "/usr/local/bin/server" {
		t.Errorf("config user %q entrypoint %q", cfg.User, cfg.Entrypoint)
	}
	if cfg.Labels["org.opencontainers.image.base.name"] != "gcr.io/distroless/static-debian12:nonroot" ||
		!strings.HasPrefix(cfg.Labels["org.opencontainers.image.base.digest"], "sha256:") {
		t.Errorf("labels %v", cfg.Labels)
	}
	if img.Created != nil {
		t.Errorf("created %v: the frontend must not write wall-clock time", img.Created)
	}
}

func TestInProcessSpecErrorCarriesItsSource(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "language: go\nports: [80800]\nruntime: distroless\nuser: \"a b\"\n")
	_, err := buildInProcess(t, dir, nil)
	if err == nil {
		t.Fatal("a broken spec built")
	}
	for _, want := range []string{"2 problems in the build spec", "`ports[0]`: \"80800\" is not a port", "at Dockerfile:2:9", "at Dockerfile:4:1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	var lines []int32
	for _, s := range errdefs.Sources(err) {
		for _, r := range s.Ranges {
			lines = append(lines, r.Start.Line)
		}
	}
	if len(lines) != 2 || lines[0]+lines[1] != 6 {
		t.Errorf("source ranges at lines %v, want 2 and 4", lines)
	}
}

func TestInProcessHonoursFilenameAndBuildArgs(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	writeFile(t, filepath.Join(dir, "build.yaml"), "language: go\nentrypoint: ./cmd/server\nargs: {VERSION: dev}\nlabels: {org.opencontainers.image.version: \"${VERSION}\"}\nenv: {APP_VERSION: \"${VERSION}\"}\n")
	img, err := buildInProcess(t, dir, map[string]string{"filename": "build.yaml", "build-arg:VERSION": "1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	if v := img.Config.Labels["org.opencontainers.image.version"]; v != "1.2.3" {
		t.Errorf("label version %q, want the build arg 1.2.3", v)
	}
	found := false
	for _, e := range img.Config.Env {
		found = found || e == "APP_VERSION=1.2.3"
	}
	if !found {
		t.Errorf("env %q lacks APP_VERSION=1.2.3", img.Config.Env)
	}
}

// TestInProcessFirstLineNamesTheVersion: the first step of a build is the frontend naming itself
// and its version, and --call outline says it too (this process is unstamped: "dev").
func TestInProcessFirstLineNamesTheVersion(t *testing.T) {
	need(t)
	ch := make(chan *client.SolveStatus)
	var first string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for s := range ch {
			for _, v := range s.Vertexes {
				if first == "" {
					first = v.Name
				}
			}
		}
	}()
	var description string
	err := inProcess(t, filepath.Join(repoRoot(t), "examples", "go"), map[string]string{"requestid": "frontend.outline"}, ch, func(res *gateway.Result) error {
		var o outline.Outline
		err := json.Unmarshal(res.Metadata["result.json"], &o)
		description = o.Description
		return err
	})
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if first != "[internal] multistage-frontend dev" {
		t.Errorf("first progress line %q, want [internal] multistage-frontend dev", first)
	}
	if !strings.HasSuffix(description, " (multistage-frontend dev)") {
		t.Errorf("outline description %q lacks the version", description)
	}
}
