package lang

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExpectRunsInAShell runs the guard's script with /bin/sh: it passes when one of the paths
// exists (a glob too), and otherwise fails naming the paths, what they are and the fix.
func TestExpectRunsInAShell(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "lib/python3.11/site-packages/app"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, mode := range map[string]os.FileMode{"dist/main.js": 0o644, "lib/python3.11/site-packages/app/main.py": 0o644, "bin/server": 0o755, "bin/lib.a": 0o644} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, mode); err != nil {
			t.Fatal(err)
		}
	}
	run := func(e Expected) (string, error) {
		step := Expect(e)
		if !step.NoNetwork || step.Field != e.Field {
			t.Errorf("step %+v", step)
		}
		out, err := exec.Command(step.Args[0], step.Args[1:]...).CombinedOutput()
		return string(out), err
	}
	for _, e := range []Expected{
		{Paths: []string{dir + "/dist/main.js"}},
		{Paths: []string{dir + "/missing.js", dir + "/dist/main.js"}},
		{Paths: []string{dir + "/lib/python*/site-packages/app/main.py"}},
		{Paths: []string{dir + "/bin/server"}, Executable: true},
	} {
		if out, err := run(e); err != nil {
			t.Errorf("%v: %v %s", e.Paths, err, out)
		}
	}
	for _, e := range []Expected{
		{Paths: []string{dir + "/dist/server.js"}, What: "the entry file", Field: "entrypoint", Fix: "set `entrypoint` to the file the build writes"},
		{Paths: []string{dir + "/lib/python*/site-packages/app/cli.py"}, What: "the module app.cli", Fix: "it's fixed"},
		{Paths: []string{dir + "/bin/lib.a"}, What: "the program", Fix: "build a main package", Executable: true},
	} {
		out, err := run(e)
		if err == nil {
			t.Errorf("%v: passed", e.Paths)
			continue
		}
		for _, want := range append(e.Paths, e.What, e.Fix, "the build left no") {
			if !strings.Contains(out, want) {
				t.Errorf("%v: the message %q lacks %q", e.Paths, out, want)
			}
		}
	}
	if d := Expect(Expected{Paths: []string{"/a", "/b"}}).Display; d != "test -e /a || test -e /b" {
		t.Errorf("display %q", d)
	}
}

// TestExpectSaysWhereOnePathMustExist: a check that asks only that one path exists (no
// pattern, not an executable) says, for the graph's check without a container, what the path is
// and what to do; others say nothing and stay scripts.
func TestExpectSaysWhereOnePathMustExist(t *testing.T) {
	fix := "set `entrypoint` to the file the build writes"
	for _, c := range []struct {
		e    Expected
		want string
	}{
		{Expected{Paths: []string{"/app/dist/server.js"}, What: "the entry file", Fix: fix}, "the entry file; if not: " + fix},
		{Expected{Paths: []string{"/app/a.js", "/app/b.js"}, What: "the entry file", Fix: fix}, ""},
		{Expected{Paths: []string{"/venv/lib/python*/site-packages/app"}, What: "the module app", Fix: fix}, ""},
		{Expected{Paths: []string{"/out/server"}, What: "the program", Fix: fix, Executable: true}, ""},
	} {
		if got := Expect(c.e).Exists; got != c.want {
			t.Errorf("%v: Exists %q, want %q", c.e.Paths, got, c.want)
		}
	}
}
