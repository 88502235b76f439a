package python

import (
	"slices"
	"strings"
	"testing"
)

// TestBabelCatalogsAreCompiled: a Flask-Babel project whose translations directory holds a
// messages.po without its messages.mo (pinterest/snappass's shape: its Dockerfile runs pybabel
// compile before installing the package) compiles them in builder, before the project is
// installed, with the venv's pybabel; catalogs the context holds compiled, a project without
// Babel, and .po files elsewhere are left alone.
func TestBabelCatalogsAreCompiled(t *testing.T) {
	const po = "msgid \"\"\nmsgstr \"\"\n\"Language: de\\n\"\n\nmsgid \"Hello\"\nmsgstr \"Hallo\"\n"
	pkg := files("setup.py", "from setuptools import setup\nsetup(name='vault', packages=['vault'], install_requires=['flask', 'flask-babel'],\n"+
		"      entry_points={'console_scripts': ['vault = vault.main:main']})\n",
		"requirements.txt", "flask==3.0.0\nflask-babel==4.0.0\n",
		"vault/__init__.py", "", "vault/main.py", "from flask import Flask\n\napp = Flask(__name__)\n\ndef main():\n    app.run(host='0.0.0.0')\n",
		"vault/translations/de/LC_MESSAGES/messages.po", po, "vault/translations/fr/LC_MESSAGES/messages.po", po)
	compile := "/opt/venv/bin/pybabel compile -d vault/translations"
	p := mustContext(t, "language: python\nports: [5000]\n", pkg)
	got := runs(p.Stage("builder"))
	i, j := slices.Index(got, compile), slices.IndexFunc(got, func(r string) bool { return strings.HasSuffix(r, "install --no-compile --no-deps .") })
	if i < 0 || j < 0 || i > j {
		t.Errorf("package: builder runs %q, want %q before the project's install", got, compile)
	}
	// one catalog compiled in the context: the other still is not
	p = mustContext(t, "language: python\nports: [5000]\n", with(pkg, "vault/translations/de/LC_MESSAGES/messages.mo", "\xde\x12\x04\x95"))
	if !hasRun(p.Stage("builder"), compile) {
		t.Errorf("one catalog compiled: builder runs %q", runs(p.Stage("builder")))
	}
	// every catalog compiled in the context (FitTrackee's): no step
	p = mustContext(t, "language: python\nports: [5000]\n", with(pkg, "vault/translations/de/LC_MESSAGES/messages.mo", "\xde\x12\x04\x95",
		"vault/translations/fr/LC_MESSAGES/messages.mo", "\xde\x12\x04\x95"))
	if hasRun(p.Stage("builder"), "/opt/venv/bin/pybabel") {
		t.Errorf("compiled catalogs: builder runs %q", runs(p.Stage("builder")))
	}
	// an application that is no package: compiled in /app, which the image ships
	app := files("requirements.txt", "flask\nflask-babel\ngunicorn\n", "app.py", "from flask import Flask\n\napp = Flask(__name__)\n",
		"translations/es/LC_MESSAGES/messages.po", po)
	p = mustContext(t, "language: python\n", app)
	if !hasRun(p.Stage("builder"), "/opt/venv/bin/pybabel compile -d translations") {
		t.Errorf("application: builder runs %q", runs(p.Stage("builder")))
	}
	// no Babel among the dependencies: not read
	p = mustContext(t, "language: python\n", with(app, "requirements.txt", "flask\ngunicorn\n"))
	if hasRun(p.Stage("builder"), "/opt/venv/bin/pybabel") {
		t.Errorf("no Babel: builder runs %q", runs(p.Stage("builder")))
	}
}
