package python

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestDjangoShipsOnlyStaticRootOfCollectstatic: settings that write a file when imported
// (etebase's and pretalx's generated SECRET_KEY file, pretalx's src/data) write it in the
// builder's /app when collectstatic runs as root; the image takes only STATIC_ROOT of what
// collectstatic wrote, so the removal step runs after it and the script it runs
// (TestDjangoStaticOnlyScript) is in the scripts stage. A STATIC_ROOT planning cannot place
// keeps the old way: nothing is removed.
func TestDjangoShipsOnlyStaticRootOfCollectstatic(t *testing.T) {
	p := mustContext(t, "language: python\n", djangoSite)
	b := p.Stage("builder")
	r := runs(b)
	cs, clean := slices.Index(r, "python manage.py collectstatic --noinput"), slices.Index(r, "python -I /run/multistage-frontend/django-static-only.py clean /app staticfiles")
	if cs < 1 || clean != cs+1 || r[cs-1] != "python -I /run/multistage-frontend/django-static-only.py list /app" {
		t.Fatalf("builder runs %q: want the list of /app, collectstatic, then the removal of what it wrote outside staticfiles", r)
	}
	step := runStarting(t, b, "python -I /run/multistage-frontend/django-static-only.py clean")
	if !step.NoNetwork || !slices.ContainsFunc(step.Mounts, func(m plan.Mount) bool { return m.FromStage == "scripts" }) {
		t.Errorf("the removal step: network %v, mounts %+v", !step.NoNetwork, step.Mounts)
	}
	if !slices.ContainsFunc(langtest.Steps[*plan.WriteFile](p.Stage("scripts")), func(w *plan.WriteFile) bool {
		return slices.ContainsFunc(w.Files, func(f plan.File) bool { return f.Path == "/scripts/django-static-only.py" })
	}) {
		t.Errorf("the scripts stage lacks django-static-only.py")
	}
	// STATIC_ROOT outside the context (or unread): collectstatic alone, as before
	p = mustContext(t, "language: python\n", with(djangoSite, "mysite/settings.py", strings.Replace(djangoSettingsPy, `BASE_DIR / "staticfiles"`, `"/var/www/static"`, 1)))
	if hasRun(p.Stage("builder"), "python -I /run/multistage-frontend/django-static-only.py") || !hasRun(p.Stage("builder"), "python manage.py collectstatic") {
		t.Errorf("STATIC_ROOT outside the context: builder runs %q", runs(p.Stage("builder")))
	}
}

// TestDjangoStaticOnlyScript runs the script with the host's python3: what appeared in the tree
// between `list` and `clean` is removed, but STATIC_ROOT and the directories above it; the
// source's files stay, and the message names what was removed, not the import's bytecode.
func TestDjangoStaticOnlyScript(t *testing.T) {
	py := hostPython(t)
	tmp, app := t.TempDir(), t.TempDir()
	script := filepath.Join(tmp, staticOnlyName)
	if err := os.WriteFile(script, []byte(staticOnlyScript), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		cmd := exec.Command(py, append([]string{"-I", script}, args...)...)
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", args, err, out)
		}
		return string(out)
	}
	tree.WriteIn(t, app, map[string][]byte{"manage.py": []byte(""), "src/site/settings.py": []byte(""), "src/static/app.css": []byte("")})
	run("list", app)
	tree.WriteIn(t, app, map[string][]byte{
		"secret.txt":          []byte("generated"),
		"src/data/.secret":    []byte("generated"),
		"src/data/logs/x.log": []byte(""),
		"src/site/__pycache__/settings.cpython-312.pyc": []byte(""),
		"src/static.dist/admin/base.css":                []byte(""),
	})
	out := run("clean", app, "src/static.dist/admin/../")
	for _, gone := range []string{"secret.txt", "src/data", "src/site/__pycache__"} {
		if _, err := os.Lstat(filepath.Join(app, gone)); err == nil {
			t.Errorf("%s is still there", gone)
		}
	}
	for _, kept := range []string{"manage.py", "src/site/settings.py", "src/static/app.css", "src/static.dist/admin/base.css"} {
		if _, err := os.Lstat(filepath.Join(app, kept)); err != nil {
			t.Errorf("%s: %v", kept, err)
		}
	}
	langtest.Has(t, "the message", out, "left out of the image", "secret.txt, src/data")
	for _, never := range []string{"__pycache__", "src/data/.secret", "static.dist/admin"} {
		if strings.Contains(out, never) {
			t.Errorf("the message names %q:\n%s", never, out)
		}
	}
	if _, err := os.Stat(filepath.Join(tmp, "multistage-frontend-app-files")); err == nil {
		t.Error("the list is left behind")
	}
}
