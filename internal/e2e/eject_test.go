package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/cli"
	"github.com/org/multistage-frontend/internal/ociimage"
)

// TestEjectedDockerfileBuildsTheSameImage ejects examples/go, examples/node, examples/node-vite-spa
// (a static site: the nginx config as a heredoc), examples/go-vite-ui (assets) and examples/php (php-fpm and Caddy), builds the
// Dockerfile with the standard Dockerfile frontend (its `# syntax=docker/dockerfile:1` line picks
// the fixture image of it), and compares the image with the one `# syntax=org/multistage-frontend` builds:
// the same files with the same sizes, modes and owners, and the same config. Alpine adds the
// helper stages (the passwd merge, the directories made on the build platform); scratch the
// files the frontend writes (/etc/passwd, a sticky /tmp, the CA bundle). The Dockerfile
// frontend's own checks find nothing to warn about in the ejected file. The PHP app has a
// writable directory (its owner is compared with the other files'). A Rust crate of
// testdata needs a feature the spec turns on: the image runs, and its tests pass.
func TestEjectedDockerfileBuildsTheSameImage(t *testing.T) {
	need(t)
	for _, tc := range []struct {
		name, example, extra, program string
		// steps are in the progress of the build through the frontend, whose image prints
		// prints when run; tests, the tester target passes
		steps  []string
		prints string
		tests  bool
	}{
		{name: "distroless", example: "go", program: "/usr/local/bin/server"},
		{name: "alpine", example: "go", extra: "runtime: alpine\n", program: "/usr/local/bin/server"},
		{name: "scratch", example: "go", extra: "runtime: scratch\n", program: "/usr/local/bin/server"},
		{name: "node", example: "node", program: "/app/dist/server.js"},
		{name: "static site", example: "node-vite-spa", program: "/usr/share/nginx/html/index.html"},
		{name: "assets", example: "go-vite-ui", program: "/usr/local/bin/beacon"},
		// writable: the app's copy leaves data/ out (COPY --exclude), which comes with its owner (--chown)
		{name: "php", example: "php", extra: "writable: [data]\n", program: "/usr/local/bin/php-serve"},
		// the templates and static files a Go server reads, copied by default (docs/languages/go.md)
		{name: "go files", example: "internal/e2e/testdata/go-files", program: "/app/templates/index.html"},
		// a crate whose binary does not compile without one of its features (compile_error!),
		// none on by default: `features: [french]` reaches the cook, the build and cargo test
		{name: "rust features", example: "internal/e2e/testdata/rust-features", program: "/usr/local/bin/greeter",
			steps: []string{"RUN cargo build --release --locked --features=french --target <TARGETARCH>-unknown-linux-gnu --bin greeter (the dependencies",
				"[builder 3/4] RUN cargo build --release --locked --features=french --target <TARGETARCH>-unknown-linux-gnu --bin greeter"},
			prints: "bonjour", tests: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := filepath.Join(repoRoot(t), "examples", tc.example)
			if strings.Contains(tc.example, "/") {
				src = filepath.Join(repoRoot(t), tc.example)
			}
			dir := copyDir(t, src)
			spec, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "Dockerfile"), string(spec)+tc.extra+"env: {GREETING: \"hello $USER\"}\nlabels: {org.example.team: core}\n")
			var df, stderr bytes.Buffer
			if code := cli.Run([]string{"dockerfile", dir}, &df, &stderr); code != 0 {
				t.Fatalf("multistage-frontend dockerfile: %s", stderr.String())
			}
			writeFile(t, filepath.Join(dir, "Dockerfile.ejected"), df.String())
			r := buildx(t, dir, "build", "--progress=quiet", "--check", "-f", "Dockerfile.ejected", ".").mustSucceed(t, "--check of the ejected Dockerfile")
			if !strings.Contains(r.out, "Check complete, no warnings found.") {
				t.Errorf("the Dockerfile frontend's checks warn about the ejected Dockerfile:\n%s", r.out)
			}

			ours := filepath.Join(t.TempDir(), "ours.tar")
			r = buildctl(t, dir, "--output", "type=oci,dest="+ours).mustSucceed(t, "build through the frontend")
			for _, step := range tc.steps {
				if !strings.Contains(r.out, step) {
					t.Errorf("progress lacks %q:\n%s", step, tail(r.out, 30))
				}
			}
			theirs := filepath.Join(t.TempDir(), "ejected.tar")
			r = buildctl(t, dir, "--opt", "filename=Dockerfile.ejected", "--output", "type=oci,dest="+theirs).mustSucceed(t, "build the ejected Dockerfile")
			if strings.Contains(r.out, "org/multistage-frontend") {
				t.Errorf("the ejected Dockerfile used the frontend:\n%s", tail(r.out, 20))
			}
			a, b := only(t, readOCI(t, ours)), only(t, readOCI(t, theirs))
			compareFiles(t, files(t, a), files(t, b))
			if strings.Contains(tc.extra, "writable: [data]") {
				checkOwned(t, a, "33", []string{"/app/data"})
			}
			if _, ok := files(t, a)[tc.program]; !ok {
				t.Errorf("no %s in the image", tc.program)
			}
			compareConfig(t, a, b)
			if tc.prints != "" {
				c := startContainer(t, a)
				if code := c.wait(t, 20*time.Second); code != 0 || !strings.Contains(c.logs.String(), tc.prints) {
					t.Errorf("the image exits %d printing %q, want %q", code, c.logs.String(), tc.prints)
				}
			}
			if tc.tests {
				r := buildctl(t, dir, "--opt", "target=tester", "--opt", "no-cache=tester").mustSucceed(t, "--target tester")
				if !strings.Contains(r.out, "test result: ok. 1 passed") {
					t.Errorf("the tester did not run the tests:\n%s", tail(r.out, 30))
				}
			}
		})
	}
}

func compareFiles(t *testing.T, ours, theirs map[string]ociimage.File) {
	t.Helper()
	var names []string
	for name := range ours {
		names = append(names, name)
	}
	for name := range theirs {
		if _, ok := ours[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		o, inOurs := ours[name]
		e, inTheirs := theirs[name]
		switch {
		case !inOurs:
			t.Errorf("%s is only in the ejected image: %+v", name, e)
		case !inTheirs:
			t.Errorf("%s is only in the frontend's image: %+v", name, o)
		case o.Size != e.Size || o.Mode != e.Mode || o.UID != e.UID || o.GID != e.GID || o.Type != e.Type:
			t.Errorf("%s differs: frontend size %d mode %o owner %d:%d type %c, ejected size %d mode %o owner %d:%d type %c",
				name, o.Size, o.Mode, o.UID, o.GID, o.Type, e.Size, e.Mode, e.UID, e.GID, e.Type)
		}
	}
}

func compareConfig(t *testing.T, a, b *ociimage.Image) {
	t.Helper()
	o, e := a.Config.Config, b.Config.Config
	// The frontend records the base image's digest as a label; a Dockerfile build does not.
	delete(o.Labels, "org.opencontainers.image.base.digest")
	if o.User != e.User || !slices.Equal(o.Entrypoint, e.Entrypoint) || !slices.Equal(o.Cmd, e.Cmd) ||
		!slices.Equal(o.Env, e.Env) || o.WorkingDir != e.WorkingDir || o.StopSignal != e.StopSignal {
		t.Errorf("config differs:\nfrontend user %q entrypoint %q cmd %q env %q workdir %q\nejected  user %q entrypoint %q cmd %q env %q workdir %q",
			o.User, o.Entrypoint, o.Cmd, o.Env, o.WorkingDir, e.User, e.Entrypoint, e.Cmd, e.Env, e.WorkingDir)
	}
	if len(o.ExposedPorts) != len(e.ExposedPorts) || len(o.ExposedPorts) == 0 {
		t.Errorf("ports %v, ejected %v", o.ExposedPorts, e.ExposedPorts)
	}
	for p := range o.ExposedPorts {
		if _, ok := e.ExposedPorts[p]; !ok {
			t.Errorf("port %s not exposed by the ejected image", p)
		}
	}
	if len(o.Labels) != len(e.Labels) {
		t.Errorf("labels %v, ejected %v", o.Labels, e.Labels)
	}
	for k, v := range o.Labels {
		if e.Labels[k] != v {
			t.Errorf("label %s=%q, ejected %q", k, v, e.Labels[k])
		}
	}
	if !slices.Contains(o.Env, "GREETING=hello $USER") {
		t.Errorf("env %q lacks GREETING with its $ kept", o.Env)
	}
	if a.Config.OS != b.Config.OS || a.Config.Architecture != b.Config.Architecture {
		t.Errorf("platform %s, ejected %s", a.Platform(), b.Platform())
	}
}
