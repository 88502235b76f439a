package lang

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
	"github.com/org/multistage-frontend/spec"
)

type followFunc func(s *spec.Spec, f Facts) []string

func (fn followFunc) Follow(s *spec.Spec, f Facts) []string { return fn(s, f) }

func mustSpec(t *testing.T) *spec.Spec {
	t.Helper()
	s, err := spec.Parse("Dockerfile", []byte("language: node\n"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A workspace-like follower: the root manifest names a pattern, each match names a file.
func TestGatherFollowsUntilNothingNew(t *testing.T) {
	dir := tree.Write(t, map[string]string{
		"package.json":            "packages/*",
		"packages/a/package.json": "a.lock",
		"packages/b/package.json": "",
		"packages/b/README.md":    "not asked for",
		"packages/a/a.lock":       "locked",
		"packages/c/other.json":   "",
		"packages/d.json":         "",
	})
	rounds := 0
	f := followFunc(func(_ *spec.Spec, f Facts) []string {
		rounds++
		out := []string{f.Text("package.json") + "/package.json", "absent/file"}
		for _, m := range f.Glob("packages/*/package.json") {
			if ref := f.Text(m); ref != "" {
				out = append(out, filepath.Dir(m)+"/"+ref)
			}
		}
		return out
	})
	facts, paths, err := Gather(mustSpec(t), []string{"package.json", "yarn.lock"}, f, DirReader(dir))
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(maps.Keys(facts))
	want := []string{"package.json", "packages/a/a.lock", "packages/a/package.json", "packages/b/package.json"}
	if !slices.Equal(got, want) {
		t.Errorf("facts %v, want %v", got, want)
	}
	// asked-for paths are there even when absent (a copy of them is still a copy of dependency
	// files); patterns are not, their matches are
	wantPaths := []string{"absent/file", "package.json", "packages/a/a.lock", "packages/a/package.json", "packages/b/package.json", "yarn.lock"}
	if !slices.Equal(paths, wantPaths) {
		t.Errorf("paths %v, want %v", paths, wantPaths)
	}
	if rounds != 3 {
		t.Errorf("Follow called %d times, want 3 (pattern, its matches' files, nothing new)", rounds)
	}
}

func TestGatherWithoutFollowerReadsOnce(t *testing.T) {
	dir := tree.Write(t, map[string]string{"go.mod": "module x", "vendor/modules.txt": "# x"})
	facts, paths, err := Gather(mustSpec(t), []string{"go.mod", "go.sum", "vendor/modules.txt"}, nil, DirReader(dir))
	if err != nil || len(facts) != 2 || facts.Text("vendor/modules.txt") != "# x" || len(paths) != 3 {
		t.Errorf("facts %v, paths %v, %v", facts, paths, err)
	}
}

// A hostile context cannot make planning read the world: follow chains and file counts are bounded.
func TestGatherIsBounded(t *testing.T) {
	dir := tree.Write(t, map[string]string{"package.json": "{}"})
	endless := followFunc(func(_ *spec.Spec, f Facts) []string {
		return []string{fmt.Sprintf("level%d/package.json", len(f)+rand())}
	})
	if _, _, err := Gather(mustSpec(t), []string{"package.json"}, endless, DirReader(dir)); err == nil ||
		!strings.Contains(err.Error(), fmt.Sprintf("more than %d levels deep", MaxFollowRounds)) {
		t.Errorf("endless follower: %v", err)
	}

	many := map[string]string{"package.json": "{}"}
	for i := range MaxContextReads + 10 {
		many[fmt.Sprintf("packages/p%d/package.json", i)] = "{}"
	}
	dir = tree.Write(t, many)
	fs := &countingFS{ContextFS: dirFS{mustRoot(t, dir)}}
	read := func(names []string, max int) (Facts, error) { return ReadContext(fs, names, max) }
	wide := followFunc(func(*spec.Spec, Facts) []string { return []string{"packages/*/package.json"} })
	_, _, err := Gather(mustSpec(t), []string{"package.json"}, wide, read)
	if err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("a pattern matching %d files: %v", MaxContextReads+10, err)
	}
	if n := fs.reads.Load(); n > MaxContextReads {
		t.Errorf("read %d files before refusing", n)
	}

	names := make([]string, MaxContextReads+1)
	for i := range names {
		names[i] = fmt.Sprintf("f%d", i)
	}
	long := followFunc(func(*spec.Spec, Facts) []string { return names })
	if _, _, err := Gather(mustSpec(t), nil, long, read); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("%d names: %v", len(names), err)
	}
}

var counter atomic.Int64

func rand() int { return int(counter.Add(1)) }

func mustRoot(t *testing.T, dir string) *os.Root {
	t.Helper()
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

type countingFS struct {
	ContextFS
	reads atomic.Int64
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	c.reads.Add(1)
	return c.ContextFS.ReadFile(name)
}

func TestFollowedNamesStayInTheContext(t *testing.T) {
	for _, bad := range []string{"../x/package.json", "/etc/passwd", "a/../../b", "./a", "a//b", "a//", "../a/", "*/", "./a/", "/", "**/package.json",
		"packages/**", "!package.json", "[", "a\\b", "-rf", "", "."} {
		if err := CheckContextName(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
		f := followFunc(func(*spec.Spec, Facts) []string { return []string{bad} })
		if _, _, err := Gather(mustSpec(t), nil, f, DirReader(t.TempDir())); bad != "" && err == nil {
			t.Errorf("Gather followed %q", bad)
		}
	}
	for _, good := range []string{"go.mod", "packages/*/package.json", "apps/web/package.json", "a/b?/c[0-9].txt", ".yarnrc.yml",
		"a/", "a/b/"} { // a/ is a presence probe (Probe)
		if err := CheckContextName(good); err != nil {
			t.Errorf("%q: %v", good, err)
		}
	}
}

// fakeFS fails the way a gateway read can: only a listing says what is absent.
type fakeFS struct {
	dirs    map[string][]Entry
	files   map[string]string
	failDir string
	failOn  string
}

var errIO = syscall.EIO

func (f fakeFS) ReadDir(dir string) ([]Entry, error) {
	if dir == f.failDir {
		return nil, errIO
	}
	return f.dirs[dir], nil
}

func (f fakeFS) ReadFile(name string) ([]byte, error) {
	if name == f.failOn {
		return nil, errIO
	}
	return []byte(f.files[name]), nil
}

// Only absence is absence: any failure to list or read fails planning and names the file.
func TestReadContextFailsLoudly(t *testing.T) {
	fs := fakeFS{
		dirs: map[string][]Entry{
			".":      {{Name: "go.mod"}, {Name: "go.sum"}, {Name: "vendor", Dir: true}, {Name: "pkg", Dir: true}},
			"vendor": {{Name: "modules.txt"}},
			"pkg":    {{Name: "sub", Dir: true}, {Name: "x.json"}},
		},
		files: map[string]string{"go.mod": "module m", "go.sum": "sum", "vendor/modules.txt": "# m", "pkg/x.json": "{}"},
	}
	names := []string{"go.mod", "go.sum", "vendor/modules.txt", "go.work", "pkg/*", "absent/dir/file"}
	facts, err := ReadContext(fs, names, 100)
	if err != nil || len(facts) != 4 || facts.Has("go.work") || facts.Has("pkg/sub") {
		t.Fatalf("facts %v, %v", facts, err)
	}

	for _, tc := range []struct {
		fs   fakeFS
		want string
	}{
		{fakeFS{dirs: fs.dirs, files: fs.files, failOn: "go.sum"}, "reading go.sum from the build context: input/output error"},
		{fakeFS{dirs: fs.dirs, files: fs.files, failDir: "vendor"}, "listing vendor in the build context: input/output error"},
		{fakeFS{dirs: map[string][]Entry{".": {{Name: "go.sum", Dir: true}}}}, "go.sum in the build context is a directory"},
	} {
		_, err := ReadContext(tc.fs, names, 100)
		if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.fs.failOn != "" && !errors.Is(err, errIO)) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}

// A link the ContextFS could not resolve (its target is not in the restricted context) is
// absent when a pattern's walk cannot list it; a directory that cannot be listed still fails.
func TestUnresolvedLinkIsAbsent(t *testing.T) {
	fs := fakeFS{
		dirs: map[string][]Entry{
			".":       {{Name: "go.sum", Link: true}, {Name: "backend", Dir: true}},
			"backend": {{Name: "go.mod"}},
		},
		files:   map[string]string{"backend/go.mod": "module b"},
		failDir: "go.sum",
	}
	facts, err := ReadContext(fs, []string{"*/go.mod"}, 100)
	if err != nil || len(facts) != 1 || !facts.Has("backend/go.mod") {
		t.Fatalf("facts %v, %v", facts, err)
	}
	fs.failDir = "backend"
	if _, err := ReadContext(fs, []string{"*/go.mod"}, 100); err == nil || !errors.Is(err, errIO) {
		t.Errorf("a directory that cannot be listed: %v", err)
	}
}

func TestDirReaderRefusesWhatIsNotAFileInTheContext(t *testing.T) {
	dir := tree.Write(t, map[string]string{"app/package.json": "{}"})
	outside := tree.Write(t, map[string]string{"secret": "x"})
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "go.sum")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../"+filepath.Base(outside)+"/secret", filepath.Join(dir, "go.mod")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("app", filepath.Join(dir, "linked")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "yarn.lock"), 0o644); err != nil {
		t.Fatal(err)
	}
	read := DirReader(dir)
	for _, name := range []string{"go.sum", "go.mod", "yarn.lock"} {
		if f, err := read([]string{name}, 10); err == nil {
			t.Errorf("%s: read %q", name, f.Text(name))
		}
	}
	// a link inside the context is followed
	if f, err := read([]string{"linked/package.json", "*/package.json"}, 10); err != nil || len(f) != 2 {
		t.Errorf("facts %v, %v", f, err)
	}
}

// A presence probe finds a directory without reading or listing it, a file without reading it,
// and neither when absent; Glob and the dependency files leave the directory out.
func TestProbeFindsFilesAndDirectories(t *testing.T) {
	dir := tree.Write(t, map[string]string{"static/css/site.css": "x", "static/logo.png": "x", "config.json": "{}", "web/templates/a.html": "x"})
	cfs := &countingFS{ContextFS: dirFS{mustRoot(t, dir)}}
	names := []string{Probe("static"), Probe("config.json"), Probe("missing"), Probe("web/templates"), Probe("static/logo.png")}
	f, err := ReadContext(cfs, names, 100)
	if err != nil {
		t.Fatal(err)
	}
	if !f.HasDir("static") || f.Has("static") || !f.HasDir("web/templates") {
		t.Errorf("directories: %v", slices.Sorted(maps.Keys(f)))
	}
	if !f.Has("config.json") || f.HasDir("config.json") || f.Has("missing") || f.HasDir("missing") {
		t.Errorf("files: %v", slices.Sorted(maps.Keys(f)))
	}
	if n := cfs.reads.Load(); n != 0 || !f.Has("static/logo.png") || f["config.json"] != nil {
		t.Errorf("%d files read, want none: a probe's file is there, unread", n)
	}
	// asked for by name as well, in the same read or an earlier one, a file has its content
	f, err = ReadContext(cfs, []string{Probe("config.json"), "config.json"}, 100)
	if err != nil || string(f["config.json"]) != "{}" {
		t.Errorf("config.json asked for and probed: %q, %v", f["config.json"], err)
	}
	first, later := []string{"config.json"}, followFunc(func(*spec.Spec, Facts) []string { return []string{Probe("config.json")} })
	if f, _, err := Gather(mustSpec(t), first, later, DirReader(dir)); err != nil || string(f["config.json"]) != "{}" {
		t.Errorf("config.json read, then probed: %q, %v", f["config.json"], err)
	}
	if got := f.Glob("web/templates/*"); len(got) != 0 {
		t.Errorf("Glob(web/templates/*) = %q, want nothing: a probe records no file", got)
	}
	follow := followFunc(func(*spec.Spec, Facts) []string { return names[:3] })
	_, paths, err := Gather(mustSpec(t), nil, follow, DirReader(dir))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(paths, []string{"config.json"}) {
		t.Errorf("dependency files %q, want config.json only", paths)
	}
}
