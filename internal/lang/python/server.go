package python

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// The server that serves a web application (framework.go finds it): the one among the
// dependencies that speaks the application's interface, else one added, started as the
// framework's deployment docs start it.

// webApp is an application a server imports.
type webApp struct {
	// framework is FastAPI, Django or Flask; "" for an application the spec names of another.
	framework string
	// module and attr are what the server imports: app.main and app; attr may call a factory
	// (create_app()).
	module, attr string
	// asgi: the application speaks ASGI (FastAPI), not WSGI (Flask, Django's wsgi.py).
	asgi bool
	// from says what named it, for descriptions and messages.
	from string
	// django is set for a Django project: its settings and what the build runs of manage.py.
	django *djangoProject
	// src: the application's module is under src/ in a project that is no package (nothing
	// installs it into the venv), so the image imports it from /app/src (a Flask app of a src
	// layout); a package's is imported from the venv.
	src bool
}

// base is the directory of /app the application's modules are imported from: a Django
// project's (djangoProject.base), "src" for a src layout's module, else "" (/app itself).
func (a webApp) base() string {
	if b := a.django.base(); b != "" {
		return b
	}
	if a.src {
		return "src"
	}
	return ""
}

// target is the application as servers write it: module:attr.
func (a webApp) target() string { return a.module + ":" + a.attr }

// server is a program that serves WSGI or ASGI applications, installed by the dependencies.
type server struct {
	// name is the distribution; script its command in the venv's bin.
	name, script string
	// wsgi and asgi are the interfaces it serves.
	wsgi, asgi bool
	// args are its arguments serving app on port, listening on every interface.
	args func(app webApp, port int) []string
}

// serves reports whether sv serves applications of the interface (ASGI or WSGI).
func (sv server) serves(asgi bool) bool { return asgi && sv.asgi || !asgi && sv.wsgi }

// callsFactory reports whether sv can call an application factory (attr `create_app()`):
// gunicorn and hypercorn evaluate the call, uvicorn and granian take --factory, waitress --call;
// daphne imports an attribute only and has no such flag, so it would serve the function itself.
func (sv server) callsFactory() bool { return sv.name != "daphne" }

// factory reports whether the application is a factory's call.
func (a webApp) factory() bool { return strings.HasSuffix(a.attr, "()") }

// servers in the order they are preferred: the ones the frameworks' deployment docs name first.
var servers = []server{
	{"gunicorn", "gunicorn", true, false, func(a webApp, port int) []string {
		return []string{"--bind", "0.0.0.0:" + strconv.Itoa(port), a.target()} // gunicorn 20.1+ calls a factory written mod:f()
	}},
	{"uvicorn", "uvicorn", false, true, func(a webApp, port int) []string {
		if f, ok := strings.CutSuffix(a.attr, "()"); ok {
			return []string{"--factory", a.module + ":" + f, "--host", "0.0.0.0", "--port", strconv.Itoa(port)}
		}
		return []string{a.target(), "--host", "0.0.0.0", "--port", strconv.Itoa(port)}
	}},
	{"waitress", "waitress-serve", true, false, func(a webApp, port int) []string {
		if f, ok := strings.CutSuffix(a.attr, "()"); ok {
			return []string{"--listen=0.0.0.0:" + strconv.Itoa(port), "--call", a.module + ":" + f}
		}
		return []string{"--listen=0.0.0.0:" + strconv.Itoa(port), a.target()}
	}},
	{"hypercorn", "hypercorn", false, true, func(a webApp, port int) []string {
		return []string{"--bind", "0.0.0.0:" + strconv.Itoa(port), a.target()}
	}},
	{"daphne", "daphne", false, true, func(a webApp, port int) []string {
		return []string{"--bind", "0.0.0.0", "--port", strconv.Itoa(port), a.target()}
	}},
	{"granian", "granian", true, true, func(a webApp, port int) []string {
		iface := "wsgi"
		if a.asgi {
			iface = "asgi"
		}
		target := a.target()
		args := []string{"--interface", iface, "--host", "0.0.0.0", "--port", strconv.Itoa(port)}
		if f, ok := strings.CutSuffix(a.attr, "()"); ok {
			target, args = a.module+":"+f, append(args, "--factory")
		}
		return append(args, target)
	}},
}

// unsupportedServers are servers among dependencies that the frontend does not run, and why: an
// error says so where no server is added (a framework's application gets one: uwsgi.go).
var unsupportedServers = map[string]string{
	"uwsgi": "uWSGI compiles against the builder's libraries (libxml2, PCRE, OpenSSL), which the slim runtime lacks, and reads its own configuration",
}

// addedServers are the servers planning installs, pinned, when nothing among the dependencies
// serves a framework's application: gunicorn for WSGI, as Django's and Flask's deployment docs
// run it, uvicorn for ASGI, as FastAPI's `fastapi run` and Litestar's `litestar run` do.
var addedServers = map[bool]string{false: "gunicorn==23.0.0", true: "uvicorn==0.34.0"}

// defaultPort is where a server listens when the spec has no TCP port: gunicorn's, uvicorn's
// and `fastapi run`'s default.
const defaultPort = 8000

// serve is the entry that serves app with the first server of the dependencies that speaks its
// interface (a Django project with an asgi module falls back to an ASGI server), on the spec's
// first TCP port. field is where an error points. With add, a framework's application that
// nothing among the dependencies serves (none there, in a development group, or in one group or
// extra, or only uWSGI, which the image does not run: uwsgi.go) gets the server of addedServers,
// which deps installs, and ServerAdded says so; without add (a script passed over for it, which
// then runs) it is an error.
func serve(s *spec.Spec, p *project, app webApp, field string, add bool) (entry, error) {
	port, ok := lang.FirstTCPPort(s)
	if !ok {
		port = defaultPort
	}
	var notes []plan.Note
	sv, app, ok := pickServer(p.installs, app)
	if !ok {
		var holding []optionalDeps // the groups and extras with a server of app
		for _, o := range p.optional {
			if _, _, in := pickServer(union(p.installs, o.installs), app); in {
				holding = append(holding, o)
			}
		}
		switch {
		case len(holding) == 1:
			o := holding[0]
			p.include(o)
			sv, app, ok = pickServer(p.installs, app)
			notes = append(notes, rules.ServerInGroup.Note(lang.FirstField(s, "entrypoint", "language"),
				rules.ServerInGroup.Format(sv.name, o.where(), p.installFlag(o))))
		case len(holding) > 1:
			return entry{}, lang.FieldError(s, field,
				"add the server to the main dependencies, or set `entrypoint` to a file that starts a server itself, or write `processes: {web: ...}`",
				"%s: no server among the main dependencies, and %s each hold one, so the image installs none of them",
				describe(app), optionalNames(holding))
		}
	}
	what := sv.name + " among the dependencies"
	if !ok {
		why := ""
		for name, reason := range unsupportedServers {
			if p.installs[name] {
				why = fmt.Sprintf("; %s is among them, which this frontend does not run: %s", name, reason)
			}
		}
		if app.factory() && p.installs["daphne"] && app.asgi {
			why = "; daphne is among them, which cannot call the factory " + app.attr + ": it has no factory flag and would serve the function itself"
		}
		devServer, _, dev := pickServer(p.devInstalls, app)
		if dev && why == "" {
			why = fmt.Sprintf("; %s is only among the development or test dependencies, which the image never gets", devServer.name)
		}
		if !add || app.framework == "" {
			return entry{}, lang.FieldError(s, field, serverHint(app),
				"%s: nothing among the dependencies serves it (%s)%s", describe(app), strings.Join(serverNames(app.asgi), ", "), why)
		}
		p.addedServer = addedServers[app.asgi]
		name, _, _ := strings.Cut(p.addedServer, "==")
		sv = servers[slices.IndexFunc(servers, func(sv server) bool { return sv.name == name })]
		what = p.addedServer + ", which deps installs: nothing among the dependencies serves the application"
		also := ""
		if dev {
			also = fmt.Sprintf(" (%s is only among the development or test dependencies, which the image never gets)", devServer.name)
		}
		if p.installs["uwsgi"] {
			also += uwsgiNote(p)
		}
		if app.factory() && p.installs["daphne"] && app.asgi {
			also += "; daphne is among them, but cannot call the factory " + app.attr + ", having no factory flag"
		}
		if p.webProcessRuns != "" {
			also += "; " + p.webProcessRuns + ", which none of them installs"
		}
		notes = append(notes, rules.ServerAdded.Note(lang.FirstField(s, "entrypoint", "language"),
			rules.ServerAdded.Format(describe(app), strings.Join(serverNames(app.asgi), ", ")+also, p.addedServer)))
	}
	bin := path.Join(venvDir, "bin", sv.script)
	name := app.framework
	if name == "" {
		name = "the application"
	}
	return entry{args: append([]string{bin}, sv.args(app, port)...), app: true, web: &app, django: app.django, title: title(p, strings.Split(app.module, ".")[0]),
		notes: notes,
		desc:  fmt.Sprintf("%s %s (%s, %s)", sv.script, app.target(), name, app.from),
		runs:  lang.Expected{Paths: importPaths(app.module, app.base()), What: "the module " + app.module + " of " + app.target()},
		serve: lang.Expected{Paths: []string{bin}, What: "the server " + sv.script + " (" + what + ")", Executable: true}}, nil
}

// pickServer is the first server of installs that serves app; a Django project with an asgi
// module falls back to an ASGI server, which then serves that module.
func pickServer(installs map[string]bool, app webApp) (server, webApp, bool) {
	pick := func(asgi bool) (server, bool) {
		for _, sv := range servers {
			if sv.serves(asgi) && installs[sv.name] && (sv.callsFactory() || !app.factory()) {
				return sv, true
			}
		}
		return server{}, false
	}
	if sv, ok := pick(app.asgi); ok {
		return sv, app, true
	}
	if app.django != nil && app.django.asgi != "" {
		if sv, ok := pick(true); ok {
			app.asgi = true
			app.module, app.attr, _ = strings.Cut(app.django.asgi, ":")
			return sv, app, true
		}
	}
	return server{}, app, false
}

func union(a, b map[string]bool) map[string]bool {
	out := maps.Clone(a)
	for k := range b {
		out[k] = true
	}
	return out
}

func serverNames(asgi bool) []string {
	var out []string
	for _, sv := range servers {
		if sv.serves(asgi) {
			out = append(out, sv.name)
		}
	}
	return out
}

func describe(a webApp) string {
	if a.framework == "" {
		return "the application " + a.target() + " (" + a.from + ")"
	}
	return a.framework + " application " + a.target() + " (" + a.from + ")"
}

// serverHint says what to add: the server the framework's deployment docs use.
func serverHint(a webApp) string {
	switch {
	case a.framework == "FastAPI":
		return "add `fastapi[standard]` (or uvicorn) to the dependencies, as FastAPI's docs deploy it; or set `entrypoint` to a file that starts a server itself"
	case a.framework == "Litestar":
		return "add `litestar[standard]` (or uvicorn) to the dependencies, as `litestar run` needs; or set `entrypoint` to a file that starts a server itself"
	case a.asgi:
		return "add uvicorn to the dependencies; or set `entrypoint` to a file that starts a server itself"
	case a.framework == "Django":
		return "add gunicorn to the dependencies, as Django's deployment docs run it (manage.py runserver is for development only)"
	}
	return "add gunicorn to the dependencies (the development server is not for production); or set `entrypoint` to a file that starts a server itself"
}
