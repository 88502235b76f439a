package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestGoImage builds examples/go through `# syntax=org/multistage-frontend` and checks the
// image: non-root, the binary and nothing of the builder, and that it runs and answers.
func TestGoImage(t *testing.T) {
	need(t)
	dir := filepath.Join(repoRoot(t), "examples", "go")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, "--output", "type=oci,dest="+tarball).mustSucceed(t, "build examples/go")
	for _, step := range []string{"[deps 2/3] COPY go.mod go.sum ./", "[deps 3/3] RUN go mod download",
		"[builder 3/3] RUN go build -trimpath", "[runtime 2/2] COPY --from=builder /out/server /usr/local/bin/server"} {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q", step)
		}
	}
	img := only(t, readOCI(t, tarball))
	cfg := img.Config.Config
	if cfg.User != "65532:65532" {
		t.Errorf("user %q, want 65532:65532", cfg.User)
	}
	if !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/server"}) {
		t.Errorf("entrypoint %q", cfg.Entrypoint)
	}
	if _, ok := cfg.ExposedPorts["8080/tcp"]; !ok {
		t.Errorf("exposed ports %v", cfg.ExposedPorts)
	}

	files := files(t, img)
	bin, ok := files["/usr/local/bin/server"]
	if !ok || bin.UID != 0 || bin.Mode&0o111 == 0 {
		t.Fatalf("binary %+v (present=%v): want an executable owned by root", bin, ok)
	}
	for name := range files {
		for _, builderPath := range []string{"/usr/local/go", "/go/", "/src", "/root/.cache", "/out"} {
			if strings.HasPrefix(name, builderPath) {
				t.Errorf("runtime image holds %s from the builder", name)
			}
		}
	}
	// The build adds one layer, holding the binary and its directories, nothing else.
	top := img.Layers[len(img.Layers)-1]
	for name, f := range files {
		if f.Layer == len(img.Layers)-1 && !slices.Contains([]string{"/usr", "/usr/local", "/usr/local/bin", "/usr/local/bin/server"}, name) {
			t.Errorf("the runtime layer holds %s besides the binary", name)
		}
	}
	if int64(len(top)) > bin.Size+16<<10 {
		t.Errorf("the runtime layer is %d bytes for a %d-byte binary", len(top), bin.Size)
	}
	// Everything but the binary is what the runtime base brings (distroless static is ~2 MB).
	if extra := img.Uncompressed() - bin.Size; extra > 3<<20 {
		t.Errorf("image is %d bytes for a %d-byte binary: %d bytes more than the binary", img.Uncompressed(), bin.Size, extra)
	}
	t.Logf("image: %d bytes uncompressed, %d compressed; binary %d bytes", img.Uncompressed(), img.Compressed, bin.Size)

	checkGreets(t, img, "e2e", 20*time.Second, "as uid 65532")
}

// TestGoTester runs --target tester: the example's tests pass; a failing test fails the build.
func TestGoTester(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	r := buildctl(t, dir, "--opt", "target=tester").mustSucceed(t, "--target tester")
	if !strings.Contains(r.out, "[tester 2/2] RUN go test ./...") {
		t.Errorf("progress lacks the tester step:\n%s", tail(r.out, 30))
	}
	writeFile(t, filepath.Join(dir, "internal/greet/broken_test.go"),
		"package greet\n\nimport \"testing\"\n\nfunc TestBroken(t *testing.T) { t.Fatal(\"deliberately broken\") }\n")
	r = buildctl(t, dir, "--opt", "target=tester").mustFail(t, "--target tester with a failing test")
	if !strings.Contains(r.out, "deliberately broken") || !strings.Contains(r.out, "TestBroken") {
		t.Errorf("failure does not show the failing test:\n%s", tail(r.out, 30))
	}
}

// TestGoSourceChangeKeepsDepsCached changes one line of source: the dependency steps stay
// cached, the build step runs again.
func TestGoSourceChangeKeepsDepsCached(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	buildctl(t, dir).mustSucceed(t, "first build")
	main := filepath.Join(dir, "cmd/server/main.go")
	src, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(src), `"listen address"`, fmt.Sprintf(`"listen address (%d)"`, time.Now().UnixNano()), 1)
	writeFile(t, main, changed)
	r := buildctl(t, dir).mustSucceed(t, "rebuild after a source change")
	cached, ran := cachedSteps(r.out), ranSteps(r.out)
	for _, step := range []string{"[deps 2/3] COPY go.mod go.sum ./", "[deps 3/3] RUN go mod download"} {
		if !cached[step] {
			t.Errorf("%q was not cached after a source-only change", step)
		}
	}
	if !hasPrefixKey(ran, "[builder 3/3] RUN go build") {
		t.Errorf("go build did not run again after a source change:\n%s", tail(r.out, 40))
	}
}

// TestBrokenSpecPointsAtItsLine: a typo fails with file:line:column, a suggestion, and the
// spec's line shown as a Dockerfile error would be.
func TestBrokenSpecPointsAtItsLine(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\nentrypiont: ./cmd/server\n")
	r := buildctl(t, dir).mustFail(t, "a spec with a typo")
	if !strings.Contains(r.out, "unknown field `entrypiont` at Dockerfile:3:1, did you mean `entrypoint`?") {
		t.Errorf("error lacks location and suggestion:\n%s", tail(r.out, 30))
	}
	if !strings.Contains(r.out, "Dockerfile:3") || !strings.Contains(r.out, "3 | >>> entrypiont: ./cmd/server") {
		t.Errorf("error does not show the spec line:\n%s", tail(r.out, 30))
	}
}

// TestFailingStepPointsAtItsSpecLine: a build command that fails shows the spec line it came from.
func TestFailingStepPointsAtItsSpecLine(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	// a command of its own, so that BuildKit cannot share the failing step with a concurrent build
	cmd := fmt.Sprintf("exit 3 # %d", time.Now().UnixNano())
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\nbuild:\n  command: "+cmd+"\n")
	r := buildctl(t, dir).mustFail(t, "a failing build command")
	if !strings.Contains(r.out, "4 | >>>   command: "+cmd) {
		t.Errorf("failure does not point at the build.command line:\n%s", tail(r.out, 30))
	}
}

func TestUnknownTargetListsValidTargets(t *testing.T) {
	need(t)
	dir := filepath.Join(repoRoot(t), "examples", "go")
	r := buildctl(t, dir, "--opt", "target=tset").mustFail(t, "an unknown target")
	if !strings.Contains(r.out, `target stage "tset" could not be found: valid targets are deps, builder, tester, runtime`) {
		t.Errorf("error does not list the targets:\n%s", tail(r.out, 20))
	}
}

// TestBuildxRemoteBuilder builds the example with `docker buildx build` on the remote builder.
func TestBuildxRemoteBuilder(t *testing.T) {
	need(t)
	dir := filepath.Join(repoRoot(t), "examples", "go")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	buildx(t, dir, "build", "--progress=plain", "--output", "type=oci,dest="+tarball, ".").mustSucceed(t, "docker buildx build")
	img := only(t, readOCI(t, tarball))
	if img.Config.Config.User != "65532:65532" {
		t.Errorf("user %q", img.Config.Config.User)
	}
	r := buildx(t, dir, "build", "--call", "targets", ".").mustSucceed(t, "docker buildx build --call targets")
	for _, want := range []string{"deps", "builder", "tester", "runtime (default)"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("--call targets lacks %q:\n%s", want, r.out)
		}
	}
}

// TestDockerignoreIsHonoured: files excluded by .dockerignore never reach the builder's tree.
func TestDockerignoreIsHonoured(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	writeFile(t, filepath.Join(dir, ".dockerignore"), "secrets/\n*.log\n")
	writeFile(t, filepath.Join(dir, "secrets/key.pem"), "not for the image\n")
	writeFile(t, filepath.Join(dir, "debug.log"), "noise\n")
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\nentrypoint: ./cmd/server\n"+
		"test: test -f go.mod && test -f cmd/server/main.go && test ! -e secrets && test ! -e debug.log\n")
	buildctl(t, dir, "--opt", "target=tester").mustSucceed(t, "tester checking the .dockerignore'd files are absent")
	writeFile(t, filepath.Join(dir, ".dockerignore"), "*.log\n")
	buildctl(t, dir, "--opt", "target=tester").mustFail(t, "tester once secrets/ is no longer ignored")
}

// TestGoScratch: on scratch the frontend writes the user database, a home, a sticky /tmp and the
// CA bundle with file operations; the program runs as nonroot.
func TestGoScratch(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\nentrypoint: ./cmd/server\nruntime: scratch\n")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	buildctl(t, dir, "--output", "type=oci,dest="+tarball).mustSucceed(t, "build on scratch")
	img := only(t, readOCI(t, tarball))
	fs := files(t, img)
	for path, want := range map[string]struct {
		mode     int64
		uid, gid int
	}{
		"/tmp":                               {0o1777, 0, 0},
		"/home":                              {0o755, 0, 0},
		"/home/nonroot":                      {0o750, 65532, 65532},
		"/etc/passwd":                        {0o644, 0, 0},
		"/etc/group":                         {0o644, 0, 0},
		"/etc/ssl/certs/ca-certificates.crt": {0o644, 0, 0},
		"/usr/local/bin/server":              {0o755, 0, 0},
	} {
		f, ok := fs[path]
		if !ok {
			t.Errorf("%s missing", path)
			continue
		}
		if f.Mode&0o7777 != want.mode || f.UID != want.uid || f.GID != want.gid {
			t.Errorf("%s: mode %o uid %d gid %d, want %o %d %d", path, f.Mode&0o7777, f.UID, f.GID, want.mode, want.uid, want.gid)
		}
	}
	port := freePort(t)
	c := startContainer(t, img, "-addr", fmt.Sprintf("127.0.0.1:%d", port))
	c.get(t, fmt.Sprintf("http://127.0.0.1:%d/healthz", port), 20*time.Second)
	if logs := c.logsContaining("as uid 65532"); !strings.Contains(logs, "as uid 65532") {
		t.Errorf("not running as 65532: %q", logs)
	}
}

// TestGoWritesIntoItsWorkingDirectory: a program that makes its data directory in its working
// directory (navidrome's datafolder ".", homebox's ./.data) can on every runtime: distroless
// :nonroot works in the user's home, and on scratch and alpine, whose own working directory is
// root's /, the image works in the home the frontend makes; another user (`user: "1000"`), who
// owns neither, works in /app, made its own. The image's root is read-only here, so the working
// directory is mounted as a volume filled from the image, as Docker does.
func TestGoWritesIntoItsWorkingDirectory(t *testing.T) {
	need(t)
	for _, c := range []struct {
		runtime, user, workdir string
		uid                    int
	}{
		{"distroless", "", "/home/nonroot", 65532},
		{"scratch", "", "/home/nonroot", 65532},
		{"alpine", "", "/home/nonroot", 65532},
		{"distroless", "1000", "/app", 1000},
	} {
		runtime, name := c.runtime, c.runtime
		if c.user != "" {
			name += "-user-" + c.user
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/datadir\n\ngo 1.26\n")
			writeFile(t, filepath.Join(dir, "main.go"), `package main

import (
	"fmt"
	"log"
	"os"
)

func main() {
	wd, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(".data", 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(".data/app.db", []byte("data\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s/.data/app.db as uid %d\n", wd, os.Getuid())
}
`)
			spec := "# syntax=org/multistage-frontend\nlanguage: go\nruntime: " + runtime + "\n"
			if c.user != "" {
				spec += "user: \"" + c.user + "\"\n"
			}
			writeFile(t, filepath.Join(dir, "Dockerfile"), spec)
			tarball := filepath.Join(t.TempDir(), "image.tar")
			buildctl(t, dir, "--output", "type=oci,dest="+tarball).mustSucceed(t, "build on "+name)
			img := only(t, readOCI(t, tarball))
			wd := img.Config.Config.WorkingDir
			if wd != c.workdir {
				t.Errorf("working directory %q, want the user's %s", wd, c.workdir)
			}
			if f, ok := files(t, img)[wd]; !ok || f.UID != c.uid || f.Mode&0o700 != 0o700 {
				t.Errorf("working directory %s is %+v, want %d's", wd, f, c.uid)
			}
			run := runWithVolumes(t, img, true, []string{wd})
			if code := run.wait(t, 30*time.Second); code != 0 {
				t.Fatalf("exit %d: %s", code, run.logs.String())
			}
			if want := fmt.Sprintf("wrote %s/.data/app.db as uid %d", wd, c.uid); !strings.Contains(run.logs.String(), want) {
				t.Errorf("log %q, want %q", run.logs.String(), want)
			}
		})
	}
}

// TestGoProgramEnvInAVolume: a variable the project's own Dockerfile sets for the program (named
// after it, DATAPROG_) to a path in a VOLUME of that Dockerfile (tinyauth's
// TINYAUTH_DATABASE_PATH=/data/tinyauth.db beside VOLUME /data) is set in the image, whose
// runtime user owns the volume's directory: the program, built from a two-line spec, writes its
// database there. The unit tests see the plan's ENV; this one runs the program on it.
func TestGoProgramEnvInAVolume(t *testing.T) {
	need(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/dataprog\n\ngo 1.26\n")
	writeFile(t, filepath.Join(dir, "main.go"), `package main

import (
	"fmt"
	"log"
	"os"
)

func main() {
	db := os.Getenv("DATAPROG_DB")
	if db == "" {
		log.Fatal("DATAPROG_DB is not set")
	}
	if err := os.WriteFile(db, []byte("data\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s as uid %d\n", db, os.Getuid())
}
`)
	// the project's own image: its data in /data
	writeFile(t, filepath.Join(dir, "docker", "Dockerfile"), "FROM scratch\nCOPY dataprog /dataprog\nVOLUME /data\nENV DATAPROG_DB=/data/app.db\nENTRYPOINT [\"/dataprog\"]\n")
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\n")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	buildctl(t, dir, "--output", "type=oci,dest="+tarball).mustSucceed(t, "build")
	img := only(t, readOCI(t, tarball))
	if !slices.Contains(img.Config.Config.Env, "DATAPROG_DB=/data/app.db") {
		t.Errorf("env %q, want DATAPROG_DB=/data/app.db", img.Config.Config.Env)
	}
	run := runWithVolumes(t, img, true, []string{"/data"})
	if code := run.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("exit %d: %s", code, run.logs.String())
	}
	if want := "wrote /data/app.db as uid 65532"; !strings.Contains(run.logs.String(), want) {
		t.Errorf("log %q, want %q", run.logs.String(), want)
	}
}

// TestGoFilesFromTheProjectImageStages: the project's own Dockerfile copies its configuration
// from its Go build's stage into / of the stage its last one starts from (casdoor's shape), and
// the program reads it by a path planning cannot see: the image holds it where the program
// reads it (before, the program panicked: no conf/app.conf).
func TestGoFilesFromTheProjectImageStages(t *testing.T) {
	need(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/issuer\n\ngo 1.26\n")
	writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n)\n\nfunc main() {\n\tb, err := os.ReadFile(strings.Join([]string{\"conf\", \"app.conf\"}, \"/\"))\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tfmt.Printf(\"read %s\", b)\n}\n")
	writeFile(t, filepath.Join(dir, "conf", "app.conf"), "httpport = 8000\n")
	writeFile(t, filepath.Join(dir, "docker", "Dockerfile"), "FROM golang:1.26 AS back\nWORKDIR /src\nCOPY . .\nRUN go build -o server .\n"+
		"FROM alpine:3.22 AS standard\nWORKDIR /\nCOPY --from=back /src/server ./server\nCOPY --from=back /src/conf/app.conf ./conf/app.conf\nENTRYPOINT [\"/server\"]\n"+
		"FROM standard AS allinone\nRUN apk add curl\n")
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\n")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	buildctl(t, dir, "--output", "type=oci,dest="+tarball).mustSucceed(t, "build")
	img := only(t, readOCI(t, tarball))
	run := runWithVolumes(t, img, true, nil)
	if code := run.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("exit %d: %s", code, run.logs.String())
	}
	if want := "read httpport = 8000"; !strings.Contains(run.logs.String(), want) {
		t.Errorf("log %q, want %q", run.logs.String(), want)
	}
}
