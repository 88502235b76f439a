package e2e

import (
	"archive/tar"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/ociimage"
)

// pypiMirror is the testbed's offline package index (hack/fixtures/pypi.sh), handed to the
// build as the pip mirror setting: PyPI is unreachable here, so a build that installs
// msf-greeting proves that the mirror path works.
func pypiMirror() []string {
	return []string{"--opt", "build-arg:PIP_INDEX_URL=" + pypiIndexURL()}
}

// pypiIndexURL is the address of the testbed's offline package index.
func pypiIndexURL() string {
	addr := os.Getenv("MSF_PYPI")
	if addr == "" {
		addr = "127.0.0.1:5002"
	}
	return "http://" + addr + "/simple"
}

// buildPython builds dir through `# syntax=` with the mirror and returns the runtime image.
func buildPython(t *testing.T, dir string, extra ...string) (*ociimage.Image, result) {
	t.Helper()
	tarball := filepath.Join(t.TempDir(), "image.tar")
	args := append(append(pypiMirror(), "--output", "type=oci,dest="+tarball), extra...)
	r := buildctl(t, dir, args...).mustSucceed(t, "build "+dir)
	return only(t, readOCI(t, tarball)), r
}

// entry is a file of an image with its content, read from the topmost layer that has it.
type entry struct {
	hdr  *tar.Header
	data []byte
}

func imageFile(t *testing.T, img *ociimage.Image, name string) (entry, bool) {
	t.Helper()
	for i := len(img.Layers) - 1; i >= 0; i-- {
		tr := tar.NewReader(bytes.NewReader(img.Layers[i]))
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if path.Clean("/"+h.Name) == name {
				dt, _ := io.ReadAll(tr)
				return entry{h, dt}, true
			}
		}
	}
	return entry{}, false
}

// pycFlags is the flags word of a .pyc header (PEP 552): 0 timestamp-based, 3 checked hash.
func pycFlags(t *testing.T, img *ociimage.Image, name string) uint32 {
	t.Helper()
	e, ok := imageFile(t, img, name)
	if !ok || len(e.data) < 16 {
		t.Fatalf("%s is not in the image (or too short)", name)
	}
	return binary.LittleEndian.Uint32(e.data[4:8])
}

// greet runs the image as it is configured and asks the server for a greeting.
func greet(t *testing.T, img *ociimage.Image) map[string]any {
	t.Helper()
	port := freePort(t)
	c := startContainer(t, img, "--host", "127.0.0.1", "--port", fmt.Sprint(port))
	body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/?name=e2e", port), 30*time.Second)
	var got map[string]any
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("answer %q: %v", body, err)
	}
	if got["message"] != "hello, E2e" || got["uid"] != float64(65532) || got["python"] != "3.11" {
		t.Errorf("answer %v: want the dependency's greeting, from uid 65532, on Python 3.11", got)
	}
	if logs := c.logsContaining("as uid 65532"); !strings.Contains(logs, "as uid 65532") {
		t.Errorf("logs %q", logs)
	}
	return got
}

// TestPythonImage builds examples/python (pip, requirements.txt) through `# syntax=` with the
// index as the pip mirror, checks the image (user, entrypoint, the venv and the app, nothing of
// the builder, hash-checked bytecode, size) and runs it.
func TestPythonImage(t *testing.T) {
	need(t)
	dir := filepath.Join(repoRoot(t), "examples", "python")
	img, r := buildPython(t, dir)
	for _, step := range []string{"[deps 2/5] RUN python3 -m venv --without-pip /opt/venv", "[deps 3/5] COPY requirements.txt ./",
		"[deps 4/5] RUN pip install -r requirements.txt", "[app 2/3] COPY . ./", // the source, compiled on the runtime's image
		"[app 3/3] RUN python -m compileall --invalidation-mode checked-hash /app",
		"[runtime 4/5] COPY --from=deps /opt/venv /opt/venv", "[runtime 5/5] COPY --from=app /app /app"} {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q", step)
		}
	}

	// greeter/__main__.py is in the source planning read: no step checks for it after the build
	if strings.Contains(r.out, "RUN test -e") || strings.Contains(r.out, "] CHECK ") {
		t.Errorf("a step checks the entry module that planning saw in the context:\n%s", tail(r.out, 40))
	}

	cfg := img.Config.Config
	if cfg.User != "65532:65532" || !slices.Equal(cfg.Entrypoint, []string{"/opt/venv/bin/python", "-m", "greeter"}) || cfg.WorkingDir != "/app" {
		t.Errorf("user %q entrypoint %q workdir %q", cfg.User, cfg.Entrypoint, cfg.WorkingDir)
	}
	if _, ok := cfg.ExposedPorts["8000/tcp"]; !ok {
		t.Errorf("ports %v", cfg.ExposedPorts)
	}
	for _, e := range cfg.Env {
		if strings.HasPrefix(e, "PIP_") {
			t.Errorf("the mirror setting reached the image: %s", e)
		}
	}
	for _, want := range []string{"PYTHONUNBUFFERED=1", "VIRTUAL_ENV=/opt/venv", "PYTHONPATH=/app"} {
		if !slices.Contains(cfg.Env, want) {
			t.Errorf("env %q lacks %s", cfg.Env, want)
		}
	}

	files := files(t, img)
	if _, ok := files["/app/Dockerfile"]; ok {
		t.Errorf("the image holds the build file, /app/Dockerfile")
	}
	site := "/opt/venv/lib/python3.11/site-packages"
	for _, want := range []string{site + "/msf_greeting/__init__.py", site + "/msf_textcase/__init__.py",
		"/app/greeter/__main__.py", "/app/greeter/__pycache__/app.cpython-311.pyc"} {
		f, ok := files[want]
		if !ok || f.UID != 0 {
			t.Errorf("%s: present %v, owner %d: want it, owned by root", want, ok, f.UID)
		}
	}
	// hash-checked bytecode stays valid whatever the copies do to timestamps
	for _, pyc := range []string{site + "/msf_greeting/__pycache__/__init__.cpython-311.pyc", "/app/greeter/__pycache__/app.cpython-311.pyc"} {
		if flags := pycFlags(t, img, pyc); flags != 3 {
			t.Errorf("%s has flags %d, want 3 (checked hash)", pyc, flags)
		}
	}
	for name := range files {
		for _, builder := range []string{"/usr/bin/gcc", "/usr/bin/cc", "/usr/lib/gcc", "/usr/include/python3.11", "/opt/venv/bin/pip",
			site + "/pip", site + "/setuptools", "/root/.cache", "/opt/poetry"} {
			if name == builder || strings.HasPrefix(name, builder+"/") {
				t.Errorf("runtime image holds %s from the builder", name)
			}
		}
	}
	// What the build adds on the slim base: /etc/passwd and /etc/group, the home, the venv, the app.
	var added int64
	for i := len(img.Layers) - 4; i < len(img.Layers); i++ {
		added += int64(len(img.Layers[i]))
	}
	if added > 1<<20 {
		t.Errorf("the build adds %d bytes to the base", added)
	}
	t.Logf("image: %d bytes uncompressed, %d compressed; %d added to python:3.11-slim", img.Uncompressed(), img.Compressed, added)

	greet(t, img)
}

// TestPythonTester runs --target tester: the example's tests pass; a failing one fails the build.
func TestPythonTester(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "python"))
	r := buildctl(t, dir, append(pypiMirror(), "--opt", "target=tester")...).mustSucceed(t, "--target tester")
	if !strings.Contains(r.out, "[tester 2/2] RUN python -m unittest discover") {
		t.Errorf("progress lacks the tester step:\n%s", tail(r.out, 30))
	}
	writeFile(t, filepath.Join(dir, "tests/test_broken.py"),
		"import unittest\n\n\nclass Broken(unittest.TestCase):\n    def test_broken(self):\n        self.fail(\"deliberately broken\")\n")
	r = buildctl(t, dir, append(pypiMirror(), "--opt", "target=tester")...).mustFail(t, "--target tester with a failing test")
	if !strings.Contains(r.out, "deliberately broken") || !strings.Contains(r.out, "test_broken") {
		t.Errorf("failure does not show the failing test:\n%s", tail(r.out, 30))
	}
}

// TestPythonSourceChangeKeepsDepsCached changes the source only: the venv is not rebuilt.
func TestPythonSourceChangeKeepsDepsCached(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "python"))
	buildctl(t, dir, pypiMirror()...).mustSucceed(t, "first build")
	app := filepath.Join(dir, "greeter/app.py")
	src, err := os.ReadFile(app)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, app, string(src)+fmt.Sprintf("\n# changed %d\n", time.Now().UnixNano()))
	r := buildctl(t, dir, pypiMirror()...).mustSucceed(t, "rebuild after a source change")
	cached, ran := cachedSteps(r.out), ranSteps(r.out)
	for _, step := range []string{"[deps 3/5] COPY requirements.txt ./", "[deps 4/5] RUN pip install -r requirements.txt",
		"[deps 5/5] RUN python -m compileall --invalidation-mode checked-hash /opt/venv",
		"[runtime 4/5] COPY --from=deps /opt/venv /opt/venv"} { // the venv comes from deps, which the change does not touch
		if !cached[step] {
			t.Errorf("%q was not cached after a source-only change", step)
		}
	}
	// compiled on the runtime's image (the app stage): the runtime's build has no builder step,
	// which stands on the full python image and the venv
	if !ran["[app 3/3] RUN python -m compileall --invalidation-mode checked-hash /app"] {
		t.Errorf("the source was not compiled again after a change:\n%s", tail(r.out, 40))
	}
	if strings.Contains(r.out, "[builder ") {
		t.Errorf("the runtime's build runs builder steps:\n%s", tail(r.out, 40))
	}
}

// TestPythonDistroless builds the example on distroless python, whose interpreter is
// /usr/bin/python3.11 where the builder's is /usr/local/bin/python: the venv must be pointed at it.
func TestPythonDistroless(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "python"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: python\nentrypoint: greeter\nruntime: distroless\n")
	img, r := buildPython(t, dir)
	if !strings.Contains(r.out, "[runtime-venv 2/2] RUN point /opt/venv at /usr/bin/python3.11") {
		t.Errorf("progress lacks the venv step:\n%s", tail(r.out, 30))
	}
	if img.Config.Config.User != "65532:65532" || img.Config.Config.Entrypoint[0] != "/opt/venv/bin/python" {
		t.Errorf("user %q entrypoint %q", img.Config.Config.User, img.Config.Config.Entrypoint)
	}
	link, ok := imageFile(t, img, "/opt/venv/bin/python")
	if !ok || link.hdr.Typeflag != tar.TypeSymlink || link.hdr.Linkname != "/usr/bin/python3.11" {
		t.Errorf("/opt/venv/bin/python: %+v", link.hdr)
	}
	if cfg, _ := imageFile(t, img, "/opt/venv/pyvenv.cfg"); !strings.Contains(string(cfg.data), "home = /usr/bin\n") {
		t.Errorf("pyvenv.cfg:\n%s", cfg.data)
	}
	if _, shell := files(t, img)["/bin/sh"]; shell {
		t.Errorf("the distroless image has a shell")
	}
	greet(t, img)
}

// TestPythonPackage turns the example into a pyproject package with a console script: the
// declared dependencies go into deps, the project is built (setuptools and wheel from the index,
// in an isolated environment) and installed without them in builder, and the runtime holds the
// venv only.
func TestPythonPackage(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "python"))
	os.Remove(filepath.Join(dir, "requirements.txt"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: python\n")
	writeFile(t, filepath.Join(dir, "pyproject.toml"), `[build-system]
requires = ["setuptools>=61", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "greeter"
version = "1.0.0"
requires-python = ">=3.9"
dependencies = ["msf-greeting==1.0.0"]

[project.scripts]
greeter = "greeter.__main__:main"

[tool.setuptools]
packages = ["greeter"]
`)
	img, r := buildPython(t, dir)
	for _, step := range []string{"[deps 3/4] RUN pip install <the dependencies of pyproject.toml>", "[builder 3/5] RUN pip install --no-deps .",
		"[builder 4/5] RUN python -m py_compile (the files of greeter)"} {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q", step)
		}
	}
	if ep := img.Config.Config.Entrypoint; !slices.Equal(ep, []string{"/opt/venv/bin/greeter"}) {
		t.Errorf("entrypoint %q", ep)
	}
	files := files(t, img)
	for name := range files {
		if strings.HasPrefix(name, "/app") {
			t.Errorf("a package image holds the source: %s", name)
			break
		}
	}
	pyc := "/opt/venv/lib/python3.11/site-packages/greeter/__pycache__/app.cpython-311.pyc"
	if flags := pycFlags(t, img, pyc); flags != 3 {
		t.Errorf("%s has flags %d", pyc, flags)
	}
	script, _ := imageFile(t, img, "/opt/venv/bin/greeter")
	if !strings.HasPrefix(string(script.data), "#!/opt/venv/bin/python") {
		t.Errorf("console script starts %q", strings.SplitN(string(script.data), "\n", 2)[0])
	}
	greet(t, img)
}

// TestPythonSetupPyScript builds examples/python as a setup.py package whose only console
// script (entry_points' console_scripts, no pyproject.toml) starts the server: the image runs
// that script, installed into the venv, as it runs a [project.scripts] one (before, the package's
// __main__.py ran with python -m, and a project whose script was its only program failed to plan).
// The project's own docker/Dockerfile runs the script with `--host 0.0.0.0`: the image's cmd is
// what that Dockerfile gives the script.
func TestPythonSetupPyScript(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "python"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: python\n")
	writeFile(t, filepath.Join(dir, "setup.py"), `from setuptools import setup

setup(
    name="greeter",
    version="1.0.0",
    packages=["greeter"],
    entry_points={"console_scripts": ["greeter-serve = greeter.__main__:main"]},
)
`)
	writeFile(t, filepath.Join(dir, "docker", "Dockerfile"), "FROM python:3.11-slim\nCOPY . /src\n"+
		"ENTRYPOINT [\"/venv/bin/python\", \"/venv/bin/greeter-serve\"]\nCMD [\"--host\", \"0.0.0.0\", \"--port\", \"8000\"]\n")
	img, r := buildPython(t, dir)
	if cmd := img.Config.Config.Cmd; !slices.Equal(cmd, []string{"--host", "0.0.0.0", "--port", "8000"}) {
		t.Errorf("cmd %q, want what docker/Dockerfile gives the script", cmd)
	}
	if !strings.Contains(r.out, "RUN pip install --no-deps .") {
		t.Errorf("progress lacks the project's install:\n%s", tail(r.out, 40))
	}
	if ep := img.Config.Config.Entrypoint; !slices.Equal(ep, []string{"/opt/venv/bin/greeter-serve"}) {
		t.Errorf("entrypoint %q", ep)
	}
	greet(t, img)
}

// indexHash is the sha256 the testbed's index gives a project's only file (its #sha256= link).
func indexHash(t *testing.T, project string) string {
	t.Helper()
	resp, err := http.Get(pypiIndexURL() + "/" + project + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	_, after, ok := strings.Cut(string(page), "#sha256=")
	if !ok || len(after) < 64 {
		t.Fatalf("%s's index page has no hash: %q", project, page)
	}
	return after[:64]
}

// TestPythonPDMLock builds examples/python as a PDM application: pyproject.toml without a build
// system and a pdm.lock of PDM's inherit_metadata strategy. deps installs the lock's default
// group, pinned and hash-checked, without PDM: a package for Windows (its marker) and the test
// group's pytest, which the index does not have, are not installed (either would fail the
// build), and a wrong hash would. Before, the lock was not read and pyproject.toml's dependencies
// were resolved unpinned.
func TestPythonPDMLock(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "python"))
	os.Remove(filepath.Join(dir, "requirements.txt"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: python\n")
	writeFile(t, filepath.Join(dir, "pyproject.toml"), "[project]\nname = \"greeter\"\nrequires-python = \">=3.9\"\n"+
		"dependencies = [\"msf-greeting==1.0.0\", \"winonly; sys_platform == 'win32'\"]\n[dependency-groups]\ntest = [\"pytest\"]\n")
	lock := "# @generated by PDM (written by this test)\n[metadata]\ngroups = [\"default\", \"test\"]\nstrategy = [\"inherit_metadata\"]\nlock_version = \"4.5.0\"\n"
	for _, pk := range []struct{ name, groups, marker, hash string }{
		{"msf-greeting", `"default"`, "", indexHash(t, "msf-greeting")},
		{"msf-textcase", `"default"`, "", indexHash(t, "msf-textcase")},
		{"winonly", `"default"`, `marker = "sys_platform == \"win32\""` + "\n", strings.Repeat("0", 64)},
		{"pytest", `"test"`, "", strings.Repeat("1", 64)},
	} {
		lock += fmt.Sprintf("\n[[package]]\nname = %q\nversion = \"1.0.0\"\ngroups = [%s]\n%sfiles = [{file = \"%s-1.0.0-py3-none-any.whl\", hash = \"sha256:%s\"}]\n",
			pk.name, pk.groups, pk.marker, strings.ReplaceAll(pk.name, "-", "_"), pk.hash)
	}
	writeFile(t, filepath.Join(dir, "pdm.lock"), lock)
	builtFromLock(t, dir, "pdm.lock")
}

// TestPythonPipfileLock builds examples/python as a Pipenv application: a Pipfile and its
// Pipfile.lock, no requirements.txt. deps installs the lock's default section, pinned and
// hash-checked, without Pipenv: a package for Windows (its marker) and the develop section's
// pytest, which the index does not have, are not installed (either would fail the build), and a
// wrong hash would. Before, the lock was not read and nothing was installed.
func TestPythonPipfileLock(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "python"))
	os.Remove(filepath.Join(dir, "requirements.txt"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: python\n")
	writeFile(t, filepath.Join(dir, "Pipfile"), "[packages]\nmsf-greeting = \"==1.0.0\"\n\n[dev-packages]\npytest = \"*\"\n\n[requires]\npython_version = \"3.11\"\n")
	pkg := func(hash, marker string) string {
		if marker != "" {
			marker = fmt.Sprintf(", \"markers\": %q", marker)
		}
		return fmt.Sprintf(`{"hashes": ["sha256:%s"], "index": "pypi", "version": "==1.0.0"%s}`, hash, marker)
	}
	lock := fmt.Sprintf(`{"_meta": {"hash": {"sha256": "written-by-this-test"}, "pipfile-spec": 6, "requires": {"python_version": "3.11"}, "sources": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": true}]},
 "default": {"msf-greeting": %s, "msf-textcase": %s, "winonly": %s},
 "develop": {"pytest": %s}}
`, pkg(indexHash(t, "msf-greeting"), ""), pkg(indexHash(t, "msf-textcase"), ""), pkg(strings.Repeat("0", 64), "sys_platform == 'win32'"), pkg(strings.Repeat("1", 64), ""))
	writeFile(t, filepath.Join(dir, "Pipfile.lock"), lock)
	builtFromLock(t, dir, "Pipfile.lock")
}

// builtFromLock builds dir, whose lockfile lock deps installs as exported requirements
// (--no-deps), and checks that the image holds the index's two packages and greets.
func builtFromLock(t *testing.T, dir, lock string) {
	t.Helper()
	img, r := buildPython(t, dir)
	for _, step := range []string{"COPY " + lock + " ./", "RUN pip install --no-deps -r /tmp/requirements.lock.txt"} {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q:\n%s", step, tail(r.out, 40))
		}
	}
	if strings.Contains(r.out, "MissingLockfile") {
		t.Errorf("a %s is a lock:\n%s", lock, tail(r.out, 40))
	}
	files := files(t, img)
	site := "/opt/venv/lib/python3.11/site-packages"
	for _, want := range []string{site + "/msf_greeting/__init__.py", site + "/msf_textcase/__init__.py"} {
		if _, ok := files[want]; !ok {
			t.Errorf("the image lacks %s", want)
		}
	}
	greet(t, img)
}
