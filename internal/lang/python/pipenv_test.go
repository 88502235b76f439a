package python

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

const pipfileLockJSON = `{
    "_meta": {"hash": {"sha256": "x"}, "pipfile-spec": 6, "requires": {"python_version": "3.12"}, "sources": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": true}]},
    "default": {
        "flask": {"hashes": ["sha256:aaa", "sha256:bbb"], "index": "pypi", "version": "==3.1.0"},
        "gunicorn": {"hashes": ["sha256:ccc"], "markers": "python_version >= '3.7'", "version": "==23.0.0"},
        "Uvicorn": {"extras": ["standard"], "hashes": ["sha256:ddd"], "version": "==0.34.0"},
        "app": {"editable": true, "path": "."}
    },
    "develop": {
        "pytest": {"hashes": ["sha256:eee"], "version": "==8.3.4"}
    }
}
`

// TestPipfileLockIsExportedForPip: a Pipenv project's Pipfile.lock is its lock: its default
// section is written as pinned, hashed requirements (with markers, without the project itself)
// that pip installs --no-deps in deps, the develop section the tester's; its python_version
// picks the image; a requirements.txt beside it wins (bluelog's), and a lock holding a local
// package is not used, MissingLockfile saying why.
func TestPipfileLockIsExportedForPip(t *testing.T) {
	ctx := files("Pipfile", "[packages]\nflask = \"*\"\n", "Pipfile.lock", pipfileLockJSON, "wsgi.py", "from flask import Flask\n\napp = Flask(__name__)\n")
	p := mustContext(t, "language: python\n", ctx)
	deps := langtest.Steps[*plan.WriteFile](p.Stage("deps"))
	if len(deps) != 1 {
		t.Fatalf("deps writes %d files", len(deps))
	}
	want := "# Pipfile.lock: default\nflask==3.1.0 \\\n    --hash=sha256:aaa \\\n    --hash=sha256:bbb\n" +
		"gunicorn==23.0.0 ; python_version >= '3.7' \\\n    --hash=sha256:ccc\nuvicorn==0.34.0 \\\n    --hash=sha256:ddd\n"
	if got := deps[0].Files[0].Data; got != want {
		t.Errorf("requirements:\n%s\nwant:\n%s", got, want)
	}
	if !hasRun(p.Stage("deps"), "pip --python /opt/venv/bin/python install --no-compile --no-deps -r /tmp/requirements.lock.txt") {
		t.Errorf("deps: %q", runs(p.Stage("deps")))
	}
	if w := langtest.Steps[*plan.WriteFile](p.Stage("tester")); len(w) != 1 || !strings.Contains(w[0].Files[0].Data, "pytest==8.3.4") {
		t.Errorf("tester: %+v", w)
	}
	if !strings.Contains(p.Stage("deps").Base.Image, "python:3.12") {
		t.Errorf("deps image %q, want python:3.12 (python_version)", p.Stage("deps").Base.Image)
	}
	if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "wsgi:app"}; strings.Join(p.Image.Entrypoint, " ") != strings.Join(want, " ") {
		t.Errorf("entrypoint %q", p.Image.Entrypoint)
	}
	if langtest.NoteOf(p, "ServerAdded") != nil || langtest.NoteOf(p, "MissingLockfile") != nil {
		t.Errorf("notes %+v", p.Notes)
	}

	// a requirements.txt beside it is what pip installs
	p = mustContext(t, "language: python\n", with(ctx, "requirements.txt", "flask==3.1.0\ngunicorn==23.0.0\n"))
	if len(langtest.Steps[*plan.WriteFile](p.Stage("deps"))) != 0 || !hasRun(p.Stage("deps"), "pip --python /opt/venv/bin/python install --no-compile -r requirements.txt") {
		t.Errorf("with requirements.txt: deps %q", runs(p.Stage("deps")))
	}
	// a local package: not the lock
	local := strings.Replace(pipfileLockJSON, `"path": "."`, `"path": "./libs/shared"`, 1)
	p, err := inContext(t, "language: python\nentrypoint: wsgi.py\n", with(ctx, "Pipfile.lock", local))
	if err != nil {
		t.Fatal(err)
	}
	if n := langtest.NoteOf(p, "MissingLockfile"); n == nil || !strings.Contains(n.Msg, "Pipfile.lock holds the local package app (./libs/shared)") || !strings.Contains(n.Msg, "pipenv requirements > requirements.txt") {
		t.Errorf("local package: %+v", p.Notes)
	}
}
