package e2e

import (
	"bytes"
	"debug/elf"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/ociimage"
)

// The Go examples of the shapes real services take: cgo with SQLite, several binaries with a
// version stamped in, a go.work monorepo. Each builds from its few-line spec; the builds of one
// example run in parallel and share its deps and build caches.

// buildGoExample builds dir's runtime image with extra options and reads it.
func buildGoExample(t *testing.T, dir string, extra ...string) (*ociimage.Image, result) {
	t.Helper()
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, append([]string{"--output", "type=oci,dest=" + tarball}, extra...)...).mustSucceed(t, "build "+filepath.Base(dir))
	return only(t, readOCI(t, tarball)), r
}

// checkBinaries fails unless each of /usr/local/bin/<name> is a root-owned executable.
func checkBinaries(t *testing.T, img *ociimage.Image, names ...string) map[string]ociimage.File {
	t.Helper()
	fs := files(t, img)
	for _, n := range names {
		f, ok := fs["/usr/local/bin/"+n]
		if !ok || f.UID != 0 || f.Mode&0o111 == 0 || f.Mode&0o022 != 0 {
			t.Errorf("/usr/local/bin/%s: %+v (present=%v), want a root-owned executable", n, f, ok)
		}
	}
	return fs
}

func TestGoCgoSQLite(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "examples", "go-cgo-sqlite")
	t.Run("image", func(t *testing.T) {
		t.Parallel()
		img, r := buildGoExample(t, dir)
		if !strings.Contains(r.out, "[runtime 1/2] FROM gcr.io/distroless/base-debian12:nonroot") ||
			!strings.Contains(r.out, "FROM docker.io/library/golang:1.26-bookworm") && !strings.Contains(r.out, "golang:1.26-bookworm") {
			t.Errorf("cgo build does not use bookworm's golang and distroless base:\n%s", tail(r.out, 40))
		}
		fs := checkBinaries(t, img, "guestbook")
		bin := fs["/usr/local/bin/guestbook"]
		interp := elfInterpreter(t, img, "/usr/local/bin/guestbook")
		if interp == "" {
			t.Errorf("guestbook is static: cgo was off")
		} else if _, ok := fs[interp]; !ok && !hasFile(fs, strings.TrimPrefix(interp, "/lib64")) {
			t.Errorf("the image lacks the binary's loader %s", interp)
		}
		t.Logf("image: %d bytes uncompressed, %d compressed; binary %d bytes", img.Uncompressed(), img.Compressed, bin.Size)
		logs := checkGreets(t, img, "e2e", 20*time.Second, "as uid 65532")
		if !strings.Contains(logs, "(SQLite 3.") {
			t.Errorf("the server did not report SQLite's version: %q", logs)
		}
	})
	t.Run("tester", func(t *testing.T) {
		t.Parallel()
		r := buildctl(t, dir, "--opt", "target=tester", "--opt", "no-cache=tester").mustSucceed(t, "--target tester")
		if !strings.Contains(r.out, "CGO_ENABLED=1") && !strings.Contains(r.out, "ok  \texample.com/guestbook/internal/guestbook") {
			t.Errorf("the tests did not run with cgo:\n%s", tail(r.out, 30))
		}
	})
	t.Run("arm64", func(t *testing.T) {
		t.Parallel()
		img, r := buildGoExample(t, dir, "--opt", "platform=linux/arm64")
		if img.Config.Architecture != "arm64" {
			t.Fatalf("image for %s", img.Config.Architecture)
		}
		if !strings.Contains(r.out, "apt-get install gcc-<triple> libc6-dev-<TARGETARCH>-cross") {
			t.Errorf("no cross compiler step:\n%s", tail(r.out, 40))
		}
		m := elfMachine(t, img, "/usr/local/bin/guestbook")
		interp := elfInterpreter(t, img, "/usr/local/bin/guestbook")
		if m != elf.EM_AARCH64 || interp != "/lib/ld-linux-aarch64.so.1" {
			t.Errorf("the arm64 guestbook is %v with loader %q, want AArch64 with /lib/ld-linux-aarch64.so.1", m, interp)
		}
		if fs := files(t, img); !hasFile(fs, "/lib/ld-linux-aarch64.so.1") {
			t.Errorf("the arm64 runtime lacks glibc's loader")
		}
	})
}

func TestGoSeveralBinariesAndVersion(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "examples", "go-multi")
	t.Run("image", func(t *testing.T) {
		t.Parallel()
		img, r := buildGoExample(t, dir, "--opt", "build-arg:VERSION=1.4.2")
		for _, step := range []string{`RUN go build -trimpath -ldflags="-s -w -X main.version=${VERSION}" -o /out/greeter ./cmd/greeter`,
			"COPY --from=builder /out/greeter /out/greeterctl /usr/local/bin/"} {
			if !strings.Contains(r.out, step) {
				t.Errorf("progress lacks %q:\n%s", step, tail(r.out, 30))
			}
		}
		if ep := img.Config.Config.Entrypoint; !slices.Equal(ep, []string{"/usr/local/bin/greeter"}) {
			t.Errorf("entrypoint %q, want the binary named after the module", ep)
		}
		checkBinaries(t, img, "greeter", "greeterctl")
		t.Logf("image: %d bytes uncompressed, %d compressed", img.Uncompressed(), img.Compressed)
		if logs := checkGreets(t, img, "e2e", 20*time.Second, "as uid 65532"); !strings.Contains(logs, "greeter 1.4.2 listening") {
			t.Errorf("the server does not run version 1.4.2: %q", logs)
		}
		ctl := *img
		ctl.Config.Config.Entrypoint = []string{"/usr/local/bin/greeterctl"}
		c := startContainer(t, &ctl, "--version")
		if code := c.wait(t, 20*time.Second); code != 0 || strings.TrimSpace(c.logs.String()) != "1.4.2" {
			t.Errorf("greeterctl --version exits %d printing %q, want 1.4.2", code, c.logs.String())
		}
	})
	t.Run("tester", func(t *testing.T) {
		t.Parallel()
		r := buildctl(t, dir, "--opt", "target=tester", "--opt", "no-cache=tester").mustSucceed(t, "--target tester")
		if !strings.Contains(r.out, "ok  \texample.com/greeter/internal/greeting") {
			t.Errorf("the tests did not run:\n%s", tail(r.out, 30))
		}
	})
}

func TestGoWorkspace(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "examples", "go-work")
	t.Run("image", func(t *testing.T) {
		t.Parallel()
		img, r := buildGoExample(t, dir)
		if !strings.Contains(r.out, "COPY go.work libs/greet/go.mod services/api/go.mod services/api/go.sum libs/textcase/go.mod ./") {
			t.Errorf("deps does not copy every module's files:\n%s", tail(r.out, 40))
		}
		checkBinaries(t, img, "api")
		t.Logf("image: %d bytes uncompressed, %d compressed", img.Uncompressed(), img.Compressed)
		checkGreets(t, img, "Ada", 20*time.Second, "as uid 65532")
	})
	// the same repository without go.work, as services replacing their libraries by path were
	// laid out before Go 1.18: built from the root, with entrypoint naming the service
	t.Run("without go.work", func(t *testing.T) {
		t.Parallel()
		dir := copyDir(t, dir)
		if err := os.Remove(filepath.Join(dir, "go.work")); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\nentrypoint: ./services/api\nports: [8080]\n")
		greetsWithWrittenWork(t, dir, "RUN go work init ./services/api")
	})
	// a go.work using a module the context's .dockerignore leaves out (cosmo's demo/): the build
	// writes a go.work of the modules it has
	t.Run("a used module left out", func(t *testing.T) {
		t.Parallel()
		dir := copyDir(t, dir)
		work, err := os.ReadFile(filepath.Join(dir, "go.work"))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "go.work"), strings.Replace(string(work), ")", "\t./tools/seed\n)", 1))
		writeFile(t, filepath.Join(dir, "tools/seed/go.mod"), "module example.com/shop/seed\n\ngo 1.26\n")
		writeFile(t, filepath.Join(dir, "tools/seed/main.go"), "package main\n\nfunc main() {}\n")
		writeFile(t, filepath.Join(dir, ".dockerignore"), "tools/\n")
		greetsWithWrittenWork(t, dir, "RUN go work init ./libs/greet ./services/api (GOWORK=/go.work: go.work without tools/seed")
	})
	t.Run("tester", func(t *testing.T) {
		t.Parallel()
		r := buildctl(t, dir, "--opt", "target=tester", "--opt", "no-cache=tester").mustSucceed(t, "--target tester")
		for _, want := range []string{"RUN go test ./libs/greet/... ./services/api/...", "ok  \texample.com/shop/greet", "ok  \texample.com/shop/api"} {
			if !strings.Contains(r.out, want) {
				t.Errorf("tester output lacks %q:\n%s", want, tail(r.out, 30))
			}
		}
	})
}

// TestGoModuleInADirectoryOfItsOwn: a context whose root has neither go.mod nor go.work, its
// module in backend/ beside a front end (homebox's layout), builds from the three-line spec
// through the frontend's reads of */go.mod and backend/.goreleaser.yaml: the go.work the build
// writes uses ./backend, the program GoReleaser names (./app/api) is built, named after the
// repository, and stamped from --build-arg VERSION as the release stamps it.
func TestGoModuleInADirectoryOfItsOwn(t *testing.T) {
	need(t)
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "backend/go.mod"), "module example.com/inventory/backend\n\ngo 1.26\n")
	writeFile(t, filepath.Join(dir, "backend/.goreleaser.yaml"), "builds:\n  - main: ./app/api\n    ldflags:\n      - -s -w -X main.version={{.Version}}\n")
	writeFile(t, filepath.Join(dir, "backend/app/api/main.go"), "package main\n\nimport \"fmt\"\n\nvar version = \"dev\"\n\nfunc main() { fmt.Println(\"inventory\", version) }\n")
	writeFile(t, filepath.Join(dir, "frontend/package.json"), `{"name": "ui", "private": true}`+"\n")
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\nports: [7745]\n")
	img, r := buildGoExample(t, dir, "--opt", "build-arg:VERSION=1.2.3")
	if !strings.Contains(r.out, "RUN go work init ./backend") {
		t.Errorf("deps writes no go.work using ./backend:\n%s", tail(r.out, 40))
	}
	checkBinaries(t, img, "inventory")
	c := runWithVolumes(t, img, true, nil)
	if code := c.wait(t, 30*time.Second); code != 0 || !strings.Contains(c.logs.String(), "inventory 1.2.3") {
		t.Errorf("exit %d, log %q, want inventory 1.2.3", code, c.logs.String())
	}
}

// TestGoProgramModuleBelowTheLibrary: a library at the root (package monitor) and its program
// in cmd/, a module of its own requiring the library and replacing it by ../ (cadvisor's
// layout), builds from a two-line spec: the go.work the build writes uses ./cmd, the go
// command takes the library through cmd/go.mod's replace, and the program, named after the
// project, prints what the library gives it.
func TestGoProgramModuleBelowTheLibrary(t *testing.T) {
	need(t)
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/monitor\n\ngo 1.26\n")
	writeFile(t, filepath.Join(dir, "doc.go"), "// Package monitor names what it watches.\npackage monitor\n\nfunc Name() string { return \"containers\" }\n")
	writeFile(t, filepath.Join(dir, "cmd/go.mod"), "module example.com/monitor/cmd\n\ngo 1.26\n\nrequire example.com/monitor v0.0.0\n\nreplace example.com/monitor => ../\n")
	writeFile(t, filepath.Join(dir, "cmd/monitor.go"), "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/monitor\"\n)\n\nfunc main() { fmt.Println(\"watching\", monitor.Name()) }\n")
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\n")
	img, r := buildGoExample(t, dir)
	if !strings.Contains(r.out, "RUN go work init ./cmd") {
		t.Errorf("deps writes no go.work using ./cmd:\n%s", tail(r.out, 40))
	}
	checkBinaries(t, img, "monitor")
	c := runWithVolumes(t, img, true, nil)
	if code := c.wait(t, 30*time.Second); code != 0 || !strings.Contains(c.logs.String(), "watching containers") {
		t.Errorf("exit %d, log %q, want watching containers", code, c.logs.String())
	}
}

// greetsWithWrittenWork builds the go-work example in dir, whose deps write the go.work the
// progress line step shows, and checks that its service greets as the runtime's user.
func greetsWithWrittenWork(t *testing.T, dir, step string) {
	t.Helper()
	img, r := buildGoExample(t, dir)
	if !strings.Contains(r.out, step) {
		t.Errorf("deps writes no go.work (%q):\n%s", step, tail(r.out, 40))
	}
	checkBinaries(t, img, "api")
	checkGreets(t, img, "Ada", 20*time.Second, "as uid 65532")
}

// TestGoServerReadsItsFiles builds testdata/go-files, a server that parses templates/*.html
// and serves static/ from its working directory, and notes/ through internal/notes, a package
// of its module that the main package imports on a chi router (a module that requires a web
// library has those packages searched too), from a spec of two lines: the image holds the
// three in /app, root-owned and not writable by the program, copied from the context at steps
// that say which call of which file reads them, and the server answers from the template and
// the static and notes files.
func TestGoServerReadsItsFiles(t *testing.T) {
	need(t)
	t.Parallel()
	img, r := buildGoExample(t, copyDir(t, filepath.Join("testdata", "go-files")))
	checkProgress(t, r, "COPY templates (main.go:18 template.ParseGlob) /app/templates", "COPY static (main.go:19 http.Dir) /app/static",
		"COPY notes (internal/notes/notes.go:14 http.Dir) /app/notes")
	if wd := img.Config.Config.WorkingDir; wd != "/app" {
		t.Errorf("working directory %q, want /app", wd)
	}
	fs := checkBinaries(t, img, "pages")
	for _, name := range []string{"/app/templates/index.html", "/app/static/site.css", "/app/notes/hello.txt"} {
		if f, ok := fs[name]; !ok || f.UID != 0 || f.Mode&0o022 != 0 {
			t.Errorf("%s: %+v (present=%v), want a file root owns and the program cannot write", name, f, ok)
		}
	}
	for name := range fs {
		if strings.HasPrefix(name, "/app/internal") || strings.HasSuffix(name, ".go") {
			t.Errorf("%s in the image: the source of a package is not a file the server reads", name)
		}
	}
	port := freePort(t)
	c := startContainer(t, img, "-addr", fmt.Sprintf("127.0.0.1:%d", port))
	if body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/?name=e2e", port), 20*time.Second); !strings.Contains(body, "<p>hello from a template, e2e</p>") {
		t.Errorf("GET /: %q, want the template's page", body)
	}
	if body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/static/site.css", port), 5*time.Second); body != "p { color: teal; }\n" {
		t.Errorf("GET /static/site.css: %q, want the static file", body)
	}
	if body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/notes/hello.txt", port), 5*time.Second); body != "a note served by a package the main package imports\n" {
		t.Errorf("GET /notes/hello.txt: %q, want the file notes/ serves (internal/notes)", body)
	}
}

// TestGoMissingMainPackageFailsAtItsLine: an entrypoint that is not a package fails the build
// at the spec line that names it.
func TestGoMissingMainPackageFailsAtItsLine(t *testing.T) {
	need(t)
	t.Parallel()
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go-multi"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\nentrypoint: ./cmd/greeterd\n")
	r := buildctl(t, dir).mustFail(t, "an entrypoint that does not exist")
	if !strings.Contains(r.out, "3 | >>> entrypoint: ./cmd/greeterd") {
		t.Errorf("the failure does not point at the entrypoint line:\n%s", tail(r.out, 30))
	}
}

// elfFile reads an executable of the image as ELF.
func elfFile(t *testing.T, img *ociimage.Image, path string) *elf.File {
	t.Helper()
	data, err := img.ReadFile(path)
	if err != nil {
		t.Fatalf("%s not in the image (%v)", path, err)
	}
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f
}

func elfMachine(t *testing.T, img *ociimage.Image, path string) elf.Machine {
	return elfFile(t, img, path).Machine
}

// elfInterpreter is the dynamic loader an executable asks for, "" for a static one.
func elfInterpreter(t *testing.T, img *ociimage.Image, path string) string {
	f := elfFile(t, img, path)
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			b := make([]byte, p.Filesz)
			if _, err := p.ReadAt(b, 0); err != nil {
				t.Fatal(err)
			}
			return strings.TrimRight(string(b), "\x00")
		}
	}
	return ""
}

// hasFile reports a file, following the usrmerge links (/lib -> usr/lib) Debian images have.
func hasFile(fs map[string]ociimage.File, path string) bool {
	if _, ok := fs[path]; ok {
		return true
	}
	_, ok := fs["/usr"+path]
	return ok
}

// A module released with GoReleaser builds with its release's tags, and one built by a Makefile
// with its go build's: a file without the tag does not compile, so the image's go build and the
// tester's go test both fail unless the tags reach them (through GOFLAGS, as the dependencies'
// list and compile get them too).
func TestGoReleaserTags(t *testing.T) {
	need(t)
	t.Parallel()
	for _, tc := range []struct{ name, file, content string }{
		{"goreleaser", ".goreleaser.yaml", "version: 2\nbuilds:\n  - binary: relay\n    tags: [edition_pro, netgo]\n    goos: [linux, darwin]\n"},
		{"makefile", "Makefile", "comma := ,\nTAGS = edition_pro$(if $(EXTRA),$(comma)$(EXTRA))\n\nbuild:\n\tgo build -tags=$(TAGS),netgo -o relay .\n"},
	} {
		dir := t.TempDir()
		for name, content := range map[string]string{
			"Dockerfile":   "# syntax=org/multistage-frontend\nlanguage: go\n",
			"go.mod":       "module example.com/relay\n\ngo 1.26\n",
			tc.file:        tc.content,
			"main.go":      "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"relay\", edition) }\n",
			"pro.go":       "//go:build edition_pro\n\npackage main\n\nconst edition = \"pro\"\n",
			"community.go": "//go:build !edition_pro\n\npackage main\n\nvar edition int = \"the release builds with -tags=edition_pro\"\n",
			"main_test.go": "package main\n\nimport \"testing\"\n\nfunc TestEdition(t *testing.T) {\n\tif edition != \"pro\" {\n\t\tt.Fatal(edition)\n\t}\n}\n",
		} {
			writeFile(t, filepath.Join(dir, name), content)
		}
		for _, target := range []string{"runtime", "tester"} {
			t.Run(tc.name+"/"+target, func(t *testing.T) {
				t.Parallel()
				buildctl(t, dir, "--opt", "target="+target).mustSucceed(t, "--target "+target)
			})
		}
	}
}

// TestGoRuntimeTool: a program that runs git (exec.Command("git", ...)) gets, from a spec that
// names no runtime, slim with git installed, and the image runs it as uid 65532.
func TestGoRuntimeTool(t *testing.T) {
	need(t)
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/gitver\n\ngo 1.26\n")
	writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"os/exec\"\n)\n\n"+
		"func main() {\n\tout, err := exec.Command(\"git\", \"--version\").CombinedOutput()\n"+
		"\tfmt.Printf(\"uid %d: %s%v\\n\", os.Getuid(), out, err)\n\tif err != nil {\n\t\tos.Exit(1)\n\t}\n}\n")
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\n")
	img, r := buildGoExample(t, dir)
	checkProgress(t, r, "apt-get install git")
	if base := img.Config.Config.Labels["org.opencontainers.image.base.name"]; base != "debian:bookworm-slim" {
		t.Errorf("runtime base %q, want debian:bookworm-slim", base)
	}
	c := runContainer(t, img, true)
	if code := c.wait(t, 30*time.Second); code != 0 || !strings.Contains(c.logs.String(), "uid 65532: git version 2.") {
		t.Errorf("exit %d, output %q: want git's version, run as uid 65532", code, c.logs.String())
	}
}

// TestGoCgoModuleOfTheToolsOnly builds testdata/go-tool-sqlite (go-clean-template's shape, ours):
// go.mod requires github.com/mattn/go-sqlite3 `// indirect` only because of its `tool`
// directive (a seeding tool of a local module), and the program imports no SQLite. The image is
// a static binary on distroless static that answers; a copy whose program reaches go-sqlite3
// through a package planning does not read (three imports down) fails before go build, naming
// `cgo: true`, instead of shipping a binary that fails at start.
func TestGoCgoModuleOfTheToolsOnly(t *testing.T) {
	need(t)
	t.Parallel()
	dir := copyDir(t, filepath.Join("testdata", "go-tool-sqlite"))
	img, r := buildGoExample(t, dir)
	checkProgress(t, r, "[runtime 1/2] FROM gcr.io/distroless/static-debian12:nonroot",
		"RUN go list -deps ./cmd/orders: none is of github.com/mattn/go-sqlite3, which needs cgo (cgo is off)")
	checkBinaries(t, img, "orders")
	if interp := elfInterpreter(t, img, "/usr/local/bin/orders"); interp != "" {
		t.Errorf("orders asks for %s: cgo was on", interp)
	}
	port := freePort(t)
	c := startContainer(t, img, "-addr", fmt.Sprintf("127.0.0.1:%d", port))
	client := &http.Client{Timeout: 10 * time.Second}
	if total := waitFor(t, client, fmt.Sprintf("http://127.0.0.1:%d/api/total", port), 30*time.Second, c.logs.String); !strings.Contains(total.body, `{"cents":47700}`) {
		t.Errorf("GET /api/total: %q", total.body)
	}

	writeFile(t, filepath.Join(dir, "internal/orders/archive.go"), "package orders\n\nimport \"example.com/orders/internal/orders/archive\"\n\nvar _ = archive.Name\n")
	writeFile(t, filepath.Join(dir, "internal/orders/archive/archive.go"), "package archive\n\nimport \"example.com/orders/internal/orders/archive/rows\"\n\nconst Name = rows.Table\n")
	writeFile(t, filepath.Join(dir, "internal/orders/archive/rows/rows.go"), "package rows\n\nimport _ \"example.com/seed/store\"\n\nconst Table = \"orders\"\n")
	r = buildctl(t, dir).mustFail(t, "a program reaching go-sqlite3 where planning does not read")
	if !strings.Contains(r.out, "the program imports github.com/mattn/go-sqlite3 (through a dependency), which needs cgo") ||
		!strings.Contains(r.out, "set cgo: true in the build file") {
		t.Errorf("the failure does not name go-sqlite3 and cgo: true:\n%s", tail(r.out, 30))
	}
}

// TestGoReleaserStamps builds testdata/go-goreleaser (ours), whose .goreleaser.yaml stamps the
// version and date into main and the commit into a package of the module with -ldflags -X, and
// the channel as plain text, from its two-line spec. Given VERSION, COMMIT and DATE, the image's
// program reports them; given none, it reports its source's defaults ("dev", "none"), not
// empty strings; the channel is the release's either way; and --check with the three given
// warns of nothing: the build declares them.
func TestGoReleaserStamps(t *testing.T) {
	need(t)
	t.Parallel()
	dir := copyDir(t, filepath.Join("testdata", "go-goreleaser"))
	for _, tc := range []struct {
		name  string
		extra []string
		want  string
	}{
		{"stamped", []string{"--opt", "build-arg:VERSION=1.4.2", "--opt", "build-arg:COMMIT=4f2a9c1", "--opt", "build-arg:DATE=2026-12-05T12:00:00Z"},
			`stamped 1.4.2 (4f2a9c1, built "2026-12-05T12:00:00Z") on stable`},
		{"defaults", nil, `stamped dev (none, built "") on stable`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			img, r := buildGoExample(t, dir, tc.extra...)
			checkProgress(t, r, `go build -trimpath -ldflags="-s -w -X 'main.version=${VERSION}' -X 'main.date=${DATE}' -X 'example.com/stamped/internal/about.Commit=${COMMIT}' -X main.channel=stable" -o /out/stamped .`)
			c := startContainer(t, img)
			if code := c.wait(t, 20*time.Second); code != 0 || strings.TrimSpace(c.logs.String()) != tc.want {
				t.Errorf("stamped exits %d printing %q, want %q", code, c.logs.String(), tc.want)
			}
		})
	}
	t.Run("check", func(t *testing.T) {
		t.Parallel()
		r := buildx(t, dir, "build", "--progress=quiet", "--check", "--build-arg", "VERSION=1.4.2", "--build-arg", "COMMIT=4f2a9c1",
			"--build-arg", "DATE=2026-12-05T12:00:00Z", ".").mustSucceed(t, "--check with the stamps' args")
		if !strings.Contains(r.out, "Check complete, no warnings found.") {
			t.Errorf("--check with VERSION, COMMIT and DATE given:\n%s", r.out)
		}
	})
}

// TestGoGenerateBeforeBuild builds testdata/go-generate (ours), whose main package's
// //go:generate runs ./gen to write internal/page/table.txt, which internal/page embeds and
// the repository does not hold: from its two-line spec the builder runs `go generate .` before
// go build, on the build platform, and the image's program prints the generated table.
func TestGoGenerateBeforeBuild(t *testing.T) {
	need(t)
	t.Parallel()
	img, r := buildGoExample(t, copyDir(t, filepath.Join("testdata", "go-generate")))
	checkProgress(t, r, "go generate . (internal/page/page.go embeds table.txt, which is not in the build context)")
	c := startContainer(t, img)
	if code := c.wait(t, 20*time.Second); code != 0 || c.logs.String() != "high water 06:12, low water 12:31 (generated on linux)\n" {
		t.Errorf("tides exits %d printing %q, want the generated table", code, c.logs.String())
	}
}
