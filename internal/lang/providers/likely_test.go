package providers

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// rounds reads what planning s needs from dir through read (Read or readFrom with Reads only),
// counting the reads, and plans.
func rounds(t *testing.T, s *spec.Spec, dir string, likely bool) (int, any, []string) {
	t.Helper()
	n, rd := 0, lang.DirReader(dir)
	count := func(names []string, max int) (lang.Facts, error) { n++; return rd(names, max) }
	var f lang.Facts
	var read []string
	var err error
	if likely {
		f, read, err = Read(s, count)
	} else {
		f, read, err = readFrom(s, Reads(s), count)
	}
	if err != nil {
		t.Fatal(err)
	}
	p, err := Plan(s, f)
	if err != nil {
		return n, err.Error(), read
	}
	return n, p, read
}

// TestLikelyFilesSaveARoundAndChangeNoPlan: reading what the spec's language likely follows with
// the first files (lang.Language.Likely) makes planning Python's example one read of the
// context, and Go's two (the second reads the packages of its module the program imports, for
// the programs they run: golang/tools.go), and changes no plan: every example, and specs and contexts where Follow does not
// ask for them (an entrypoint named, a main.py beside a package's __main__.py), plan the same as
// when they are read only when followed. Node.js's entry is named by package.json's start
// script, which only the first read returns: its example runs dist/server.js, one of the files
// node reads with the first ones, and takes one read too.
func TestLikelyFilesSaveARoundAndChangeNoPlan(t *testing.T) {
	examples := filepath.Join("..", "..", "..", "examples")
	withMain := t.TempDir()
	if err := os.CopyFS(withMain, os.DirFS(filepath.Join(examples, "python"))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(withMain, "main.py"), []byte("print('hi')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	type variant struct{ dir, spec string }
	variants := []variant{
		{filepath.Join(examples, "go"), "language: go\nentrypoint: ./cmd/server\n"},
		{filepath.Join(examples, "go-multi"), "language: go\nbinaries: [{package: ./cmd/greeter}]\n"},
		{filepath.Join(examples, "python"), "language: python\nentrypoint: greeter\n"},
		{withMain, "language: python\n"},
	}
	entries, err := os.ReadDir(examples)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		dt, err := os.ReadFile(filepath.Join(examples, e.Name(), "Dockerfile"))
		if err == nil {
			variants = append(variants, variant{filepath.Join(examples, e.Name()), string(dt)})
		}
	}
	want := map[string]int{"go": 2, "go-multi": 2, "python": 1, "node": 1}
	for _, v := range variants {
		s, err := spec.Parse("Dockerfile", []byte(v.spec))
		if err != nil {
			t.Fatal(err)
		}
		n, p, read := rounds(t, s, v.dir, true)
		n0, p0, read0 := rounds(t, s, v.dir, false)
		name := filepath.Base(v.dir) + " " + strconv.Quote(v.spec)
		if !reflect.DeepEqual(p, p0) {
			t.Errorf("%s: the likely files change the plan", name)
		}
		if n > n0 || !isSubset(read0, read) {
			t.Errorf("%s: %d reads of %q, against %d of %q", name, n, read, n0, read0)
		}
		if w, ok := want[filepath.Base(v.dir)]; ok && v.dir != withMain && n != w && s.Entrypoint == "" && len(s.Binaries) == 0 {
			t.Errorf("%s: %d reads of the context, want %d", name, n, w)
		}
	}
}

func isSubset(small, big []string) bool {
	for _, s := range small {
		if !slices.Contains(big, s) {
			return false
		}
	}
	return true
}
