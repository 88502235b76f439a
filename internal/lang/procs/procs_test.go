package procs_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// registry plans as the frontend does: the language's provider, then the processes.
var registry = langtest.PlanFunc(providers.Plan)

func node(more ...string) lang.Facts {
	return langtest.With(lang.Facts{"package.json": []byte(`{"scripts": {"start": "node web.js"}}`), "package-lock.json": []byte(`{}`), "web.js": nil}, more...)
}

func TestProcfileMakesATargetPerProcess(t *testing.T) {
	p := registry.MustPlan(t, "ports: [8080]\nhealthcheck: {test: [/usr/local/bin/node, check.js]}\ncmd: [--verbose]\n",
		node("Procfile", "# the app's processes\nworker: node worker.js --queue=mail\n\nweb:   node web.js\n"))
	if p.Default != "web" || p.ImageStage() != "runtime" {
		t.Fatalf("default %q, image stage %q", p.Default, p.ImageStage())
	}
	names := langtest.Names(p.Targets())
	if !slices.Equal(names[len(names)-3:], []string{"runtime", "worker", "web"}) {
		t.Errorf("targets %q", names)
	}
	for _, name := range []string{"web", "worker"} {
		if st := p.Stage(name); st.Base.Stage != "runtime" || len(st.Steps) != 0 || !strings.Contains(st.Description, "Procfile line") {
			t.Errorf("%s: %+v", name, st)
		}
	}
	worker, web, rt := p.ImageOf("worker"), p.ImageOf("web"), p.ImageOf("runtime")
	if !slices.Equal(worker.Entrypoint, []string{"/usr/local/bin/node", "worker.js", "--queue=mail"}) || worker.Cmd != nil ||
		worker.Healthcheck != nil || worker.User != rt.User || !slices.Equal(worker.Ports, []string{"8080/tcp"}) {
		t.Errorf("worker image %+v", worker)
	}
	if !slices.Equal(web.Entrypoint, []string{"/usr/local/bin/node", "web.js"}) || web.Healthcheck == nil {
		t.Errorf("web image %+v", web)
	}
	if !slices.Equal(rt.Cmd, []string{"--verbose"}) || p.ImageOf("builder") != nil {
		t.Errorf("the runtime's image changed: %+v", rt)
	}
}

func TestSpecProcessesOverTheProcfile(t *testing.T) {
	p := registry.MustPlan(t, "processes:\n  api: [node, web.js]\n  clock: ./bin/clock --every 1m\n",
		node("Procfile", "web: node web.js\n"))
	if p.Default != "api" || p.Stage("web") != nil || p.Stage("clock") == nil {
		t.Errorf("default %q; web %v", p.Default, p.Stage("web"))
	}
	if got := p.ImageOf("clock").Entrypoint; !slices.Equal(got, []string{"./bin/clock", "--every", "1m"}) {
		t.Errorf("clock runs %q", got)
	}
	// a launcher before the program (deno under tini) stays in front of it
	f := lang.Facts{"deno.json": []byte(`{}`), "deno.lock": []byte(`{}`), "main.ts": nil, "Procfile": []byte("web: deno run -N main.ts\nworker: deno run -E jobs.ts\n")}
	p = registry.MustPlan(t, "", f)
	if got := p.ImageOf("worker").Entrypoint; !slices.Equal(got, []string{"/tini", "--", "/bin/deno", "run", "-E", "jobs.ts"}) {
		t.Errorf("deno worker runs %q", got)
	}
}

func TestProcessErrors(t *testing.T) {
	for _, c := range []struct{ src, procfile, want string }{
		{"processes: {Web: node web.js}\n", "", "`processes.Web`: \"Web\" is not a process name"},
		{"processes: {tester: node t.js}\n", "", "\"tester\" is a target every build has already at Dockerfile:1:13"},
		{"processes: {web: \"\"}\n", "", "empty command"},
		{"processes: {web: [-x]}\n", "", "must not start with '-'"},
		{"processes: []\n", "", "must be a mapping of process names to commands"},
		{"processes: {prod-deps: node x.js}\n", "", ""},
		{"language: node\nruntime: distroless\n", "web: node web.js -p $PORT\n", "Procfile line 1: the web command needs a shell ($), and the runtime image has none at Dockerfile:1:1"},
		{"runtime: distroless\n", "worker: QUEUE=mail node w.js\n", "Procfile line 1: the worker command needs a shell (NAME=value before it)"},
		{"", "web: PORT=80\n", "Procfile line 1: the web command \"PORT=80\" is not a command"},
		{"", "web: A=1 -x\n", "is not a command"},
		{"", "web: node web.js\nworker node w.js\n", "Procfile line 2: \"worker node w.js\" is not a process type"},
		{"", "web: node a.js\nweb: node b.js\n", "Procfile line 2: the process web is written twice"},
		{"", "Release: node migrate.js\n", "Procfile line 1: \"Release\" is not a process name"},
	} {
		s, err := spec.Parse("Dockerfile", []byte(c.src))
		if err == nil {
			f := node()
			if c.procfile != "" {
				f["Procfile"] = []byte(c.procfile)
			}
			_, err = providers.Plan(s, f)
		}
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.src, err)
			}
			continue
		}
		langtest.ErrorHas(t, c.src+c.procfile, err, c.want)
	}
	// a stage of the provider's own is not a process's name
	registry.Refuses(t, "language: bun\nprocesses: {prod-deps: bun x.ts}\n", lang.Facts{"package.json": []byte(`{"main": "a.ts", "dependencies": {"x": "1"}}`), "bun.lock": []byte("{}")},
		`a stage named "prod-deps" already`)
	// a static site's Procfile is not its, and it has no processes of its own
	site := lang.Facts{"public/index.html": nil, "Procfile": []byte("web: x\n")}
	if p := registry.MustPlan(t, "", site); p.Default != "runtime" || len(p.Processes) != 0 {
		t.Errorf("a static site took the Procfile: %q", p.Default)
	}
	registry.Refuses(t, "processes: {web: x}\n", site, "static site has no processes")
}

// TestProcfileNameTaken: a Procfile line named like one of the build's own targets
// (byos_hanami's `assets: bundle exec hanami assets compile`, a build step) is left out with a
// ProcessNameTaken warning, and the others are planned.
func TestProcfileNameTaken(t *testing.T) {
	p := registry.MustPlan(t, "", node("Procfile", "web: node web.js\nassets: npm run build -- --watch\nworker: node w.js\ntester: node t.js\n"))
	if p.Default != "web" || p.Stage("worker") == nil || len(p.Processes) != 2 {
		t.Fatalf("default %q, processes %+v", p.Default, p.Processes)
	}
	if st := p.Stage("assets"); st != nil {
		t.Errorf("the assets line made a stage: %+v", st)
	}
	msgs := langtest.Messages(p, "ProcessNameTaken")
	if len(msgs) != 2 || !strings.HasPrefix(msgs[0], "the Procfile's assets process (Procfile line 2: npm run build -- --watch) is left out") ||
		!strings.Contains(msgs[1], "tester process (Procfile line 4") || !strings.Contains(msgs[0], "`processes: {assets-process: [...]}`") {
		t.Errorf("notes %q", msgs)
	}
	// a stage the language adds (Bun's prod-deps), and a Procfile with no other line
	bun := lang.Facts{"package.json": []byte(`{"main": "a.ts", "dependencies": {"x": "1"}}`), "bun.lock": []byte("{}"), "Procfile": []byte("prod-deps: bun x.ts\n")}
	p = registry.MustPlan(t, "language: bun\n", bun)
	if p.Default != "runtime" || len(p.Processes) != 0 || !slices.ContainsFunc(p.Notes, func(n plan.Note) bool { return n.Rule == "ProcessNameTaken" }) {
		t.Errorf("default %q, processes %+v, notes %+v", p.Default, p.Processes, p.Notes)
	}
	// the spec's are refused by name (TestProcessErrors)
}

// TestProcfileCommandsThatNeedAShell: Procfiles are written for Heroku, which runs each command
// under bash: $PORT, lists, pipes and NAME=value before a command are common in real ones
// (gothinkster/flask-realworld-example-app, miguelgrinberg/microblog, wagtail/bakerydemo,
// HackSoftware/Django-Styleguide-Example). On a runtime with a shell they run under /bin/sh; a
// simple command is exec'd, so that it gets the container's signals.
func TestProcfileCommandsThatNeedAShell(t *testing.T) {
	procfile := "web: gunicorn autoapp:app -b 0.0.0.0:$PORT -w 3\n" +
		"worker: REMAP_SIGTERM=SIGQUIT celery -A shop.tasks worker -l info\n" +
		"boot: flask db upgrade; flask translate compile; gunicorn microblog:app\n" +
		"release: yes \"yes\" | python manage.py migrate\n" +
		"clock: node clock.js\n"
	p := registry.MustPlan(t, "ports: [5000]\n", node("Procfile", procfile))
	for name, want := range map[string][]string{
		"web":     {"/bin/sh", "-c", "exec gunicorn autoapp:app -b 0.0.0.0:$PORT -w 3"},
		"worker":  {"/bin/sh", "-c", "REMAP_SIGTERM=SIGQUIT exec celery -A shop.tasks worker -l info"},
		"boot":    {"/bin/sh", "-c", "flask db upgrade; flask translate compile; gunicorn microblog:app"},
		"release": {"/bin/sh", "-c", "yes \"yes\" | python manage.py migrate"},
		"clock":   {"/usr/local/bin/node", "clock.js"},
	} {
		if got := p.ImageOf(name).Entrypoint; !slices.Equal(got, want) {
			t.Errorf("%s runs %q, want %q", name, got, want)
		}
	}
	if !slices.Contains(p.Image.Env, plan.Env{Key: "PORT", Value: "5000"}) {
		t.Errorf("image env %+v: $PORT has the spec's port", p.Image.Env)
	}
}

// TestProcessesGraphAndEject: each process's image is the runtime's with its entrypoint, through
// LLB and through the ejected Dockerfile, where a process's stage writes only what it changes.
func TestProcessesGraphAndEject(t *testing.T) {
	p := registry.MustPlan(t, "healthcheck: {test: [/usr/local/bin/node, check.js]}\n", node("Procfile", "web: node web.js\nworker: node worker.js\n"))
	for _, target := range []string{"", "worker", "runtime"} {
		_, res, _ := langtest.Build(t, p, graph.Options{Target: target})
		cfg := res.Image.Config
		want := map[string][]string{"": {"/usr/local/bin/node", "web.js"}, "worker": {"/usr/local/bin/node", "worker.js"},
			"runtime": {"/usr/local/bin/node", "/app/web.js"}}[target]
		if !slices.Equal(cfg.Entrypoint, want) || cfg.User != "1000:1000" || (cfg.Healthcheck == nil) != (target == "worker") {
			t.Errorf("target %q: entrypoint %q user %q healthcheck %v", target, cfg.Entrypoint, cfg.User, cfg.Healthcheck)
		}
	}
	langtest.Ejects(t, p, "The default target is web;", "FROM runtime AS web\nENTRYPOINT [\"/usr/local/bin/node\", \"web.js\"]\n",
		"FROM runtime AS worker\nHEALTHCHECK NONE\nENTRYPOINT [\"/usr/local/bin/node\", \"worker.js\"]\n",
		"# the default target: a Dockerfile builds its last stage\nFROM web\n")
}

// TestDevelopmentProcess: a Procfile whose default process (web, else the first) runs a
// development command, as its words or through the recipe of the make target it runs, warns,
// naming the tool; a production command, a development command in another process, and the
// spec's processes do not.
func TestDevelopmentProcess(t *testing.T) {
	makefile := "SCSS = static/scss\n.PHONY: run\n" +
		"install:\n\tpip install -r requirements.txt\n" +
		"run:\n\t@python -m manage migrate\n\tpython -m manage runserver 0.0.0.0:8000\n" +
		"serve: build\n\tnode dist/server.js\n"
	for _, tc := range []struct {
		procfile, spec, want string
	}{
		{"web: npm run dev\n", "", "`npm run dev`"},
		{"web: PORT=$PORT nodemon server.js\n", "", "`nodemon`"},
		{"worker: node worker.js\nweb: node --watch web.js\n", "", "`node --watch`"},
		{"web: python manage.py runserver 0.0.0.0:$PORT\n", "", "`runserver`"},
		{"web: uvicorn app.main:app --reload\n", "", "`--reload`"},
		{"web: bin/dev\n", "", "`bin/dev`"},
		{"web: vite\n", "", "`vite`"},
		{"scss: watchmedo shell-command --patterns=*.scss\n", "", "`watchmedo`"},
		{"web: make run\n", "", "`runserver` (its Makefile's run target runs `python -m manage runserver 0.0.0.0:8000`)"},
		{"web: DEBUG=1 make run\n", "", "`runserver` (its Makefile's run target runs"},
		{"web: make\n", "", ""}, // the default goal is install
		{"web: make serve\n", "", ""},
		{"web: make -C site run\n", "", ""},
		{"web: node web.js\nworker: npm run dev\n", "", ""},
		{"web: node dist/server.js\n", "", ""},
		{"web: bin/air-quality --port 8080\n", "", ""},
		{"web: npm run dev\n", "processes: {web: [node, web.js]}\n", ""},
		{"web: make run\n", "processes: {web: [make, run]}\n", ""},
	} {
		p := registry.MustPlan(t, "ports: [8080]\n"+tc.spec, node("Procfile", tc.procfile, "Makefile", makefile))
		var got string
		for _, n := range p.Notes {
			if n.Rule == "DevelopmentProcess" {
				got = n.Msg
			}
		}
		switch {
		case tc.want == "" && got != "":
			t.Errorf("%q %q: %s", tc.procfile, tc.spec, got)
		case tc.want != "" && !strings.Contains(got, "which runs "+tc.want):
			t.Errorf("%q: note %q, want one naming %s", tc.procfile, got, tc.want)
		}
		// the Node.js runtime runs the package's start of its own: a development process is
		// not the default, any other is
		wantDefault := procfileDefault(tc.procfile)
		if tc.want != "" {
			wantDefault = "runtime"
		}
		if p.Default != wantDefault {
			t.Errorf("%q %q: default %q, want %q", tc.procfile, tc.spec, p.Default, wantDefault)
		}
	}
	// a Makefile named otherwise is read as make reads it; none at all, nothing is seen
	p := registry.MustPlan(t, "", node("Procfile", "web: make\n", "GNUmakefile", "dev:\n\tnpx nodemon web.js\n", "Makefile", makefile))
	if len(p.Notes) == 0 || !strings.Contains(p.Notes[len(p.Notes)-1].Msg, "its GNUmakefile's default goal, dev, runs `npx nodemon web.js`") {
		t.Errorf("GNUmakefile: notes %+v", p.Notes)
	}
	if p := registry.MustPlan(t, "", node("Procfile", "web: make run\n")); p.Default != "web" || slices.ContainsFunc(p.Notes, func(n plan.Note) bool { return n.Rule == "DevelopmentProcess" }) {
		t.Errorf("no Makefile: default %q, notes %+v", p.Default, p.Notes)
	}
}

func procfileDefault(procfile string) string {
	if strings.Contains(procfile, "web:") {
		return "web"
	}
	name, _, _ := strings.Cut(procfile, ":")
	return name
}

// TestDevelopmentProcessDefault: with a development web process, the runtime stage the
// language planned is the default target, through LLB and the ejected Dockerfile; web and the
// others stay targets under their names, and the target list says why web is not the default.
// When the language has no command of its own (a Python project whose files name nothing to
// run), the web process is the image, and the warning says so.
func TestDevelopmentProcessDefault(t *testing.T) {
	p := registry.MustPlan(t, "healthcheck: {test: [/usr/local/bin/node, check.js]}\n", node("Procfile", "web: npm run dev\nworker: node worker.js\n"))
	if p.Default != "runtime" || p.ImageStage() != "runtime" {
		t.Fatalf("default %q, image stage %q", p.Default, p.ImageStage())
	}
	names := langtest.Names(p.Targets())
	if !slices.Equal(names[len(names)-3:], []string{"runtime", "web", "worker"}) ||
		!strings.HasSuffix(p.Stage("web").Description, "running npm run dev; a development command, so runtime is the default") ||
		strings.Contains(p.Stage("worker").Description, "development") {
		t.Errorf("targets %q; web %q; worker %q", names, p.Stage("web").Description, p.Stage("worker").Description)
	}
	msg := p.Notes[len(p.Notes)-1].Msg
	for _, want := range []string{"is not the image's default: the default target is runtime, the language's own start command (/usr/local/bin/node /app/web.js)",
		"(--target web)", "`processes: {web: [...]}`"} {
		if !strings.Contains(msg, want) {
			t.Errorf("note %q lacks %q", msg, want)
		}
	}
	for target, want := range map[string][]string{"": {"/usr/local/bin/node", "/app/web.js"}, "web": {"npm", "run", "dev"},
		"worker": {"/usr/local/bin/node", "worker.js"}} {
		_, res, _ := langtest.Build(t, p, graph.Options{Target: target})
		cfg := res.Image.Config
		if !slices.Equal(cfg.Entrypoint, want) || (cfg.Healthcheck == nil) != (target == "worker") {
			t.Errorf("target %q: entrypoint %q healthcheck %v", target, cfg.Entrypoint, cfg.Healthcheck)
		}
	}
	langtest.Ejects(t, p, "The default target is runtime; the others are", "FROM runtime AS web\nENTRYPOINT [\"npm\", \"run\", \"dev\"]\n",
		"# the default target: a Dockerfile builds its last stage\nFROM runtime\n")

	py := lang.Facts{"requirements.txt": []byte("django\n"), "manage.py": []byte("import os\n"), "Procfile": []byte("web: make run\n"),
		"Makefile": []byte("run:\n\tpython manage.py runserver\n")}
	p = registry.MustPlan(t, "language: python\n", py)
	var rules []string
	for _, n := range p.Notes {
		rules = append(rules, n.Rule)
		if n.Rule == "DevelopmentProcess" && !strings.HasPrefix(n.Msg, "the image runs the web process by default (Procfile line 1: make run), which runs `runserver`") {
			t.Errorf("python without a command of its own: %q", n.Msg)
		}
	}
	if p.Default != "web" || !slices.Contains(rules, "WebProcessOnly") || !slices.Contains(rules, "DevelopmentProcess") {
		t.Errorf("python without a command of its own: default %q, rules %q", p.Default, rules)
	}
}

// TestProcfilePortOnALanguageWithoutIt: a Go program's Procfile line that passes $PORT (pgweb's
// `web: pgweb --listen=$PORT --bind=0.0.0.0`) gets PORT set to the spec's port, as Heroku sets
// it: Go does not set it otherwise, and the program would get an empty flag. A spec's PORT wins,
// and a line without $PORT adds nothing.
func TestProcfilePortOnALanguageWithoutIt(t *testing.T) {
	goProject := func(procfile string) lang.Facts {
		return lang.Facts{"go.mod": []byte("module example.com/dbweb\n\ngo 1.26\n"), "main.go": []byte("package main\n\nfunc main() {}\n"),
			"Procfile": []byte(procfile)}
	}
	portOf := func(p *plan.Plan) []string {
		var out []string
		for _, e := range p.Image.Env {
			if e.Key == "PORT" {
				out = append(out, e.Value)
			}
		}
		return out
	}
	p := registry.MustPlan(t, "language: go\nruntime: slim\nports: [8081]\n", goProject("web: dbweb --listen=$PORT --bind=0.0.0.0\n"))
	if got := portOf(p); !slices.Equal(got, []string{"8081"}) || p.Default != "web" {
		t.Errorf("PORT %q, default %q", got, p.Default)
	}
	if got := portOf(registry.MustPlan(t, "language: go\nruntime: slim\nports: [8081]\n", goProject("web: dbweb --listen=${PORT:-8081}\n"))); !slices.Equal(got, []string{"8081"}) {
		t.Errorf("${PORT:-8081}: PORT %q", got)
	}
	if got := portOf(registry.MustPlan(t, "language: go\nruntime: slim\nports: [8081]\nenv: {PORT: \"9000\"}\n", goProject("web: dbweb --listen=$PORT\n"))); !slices.Equal(got, []string{"9000"}) {
		t.Errorf("spec's PORT: %q", got)
	}
	if got := portOf(registry.MustPlan(t, "language: go\nruntime: slim\nports: [8081]\n", goProject("web: dbweb --url=$DATABASE_URL\n"))); len(got) != 0 {
		t.Errorf("no $PORT: PORT %q", got)
	}
}

// TestProcfileSetsTheListenFlag: a ListenLocalhost warning on a flag's loopback default is not
// given when the default process's command sets that flag (pgweb's `--bind=0.0.0.0`); it is
// when the command does not, or when the runtime stage stays the default.
func TestProcfileSetsTheListenFlag(t *testing.T) {
	facts := func(procfile string) lang.Facts {
		return lang.Facts{"go.mod": []byte("module example.com/dbweb\n\ngo 1.26\n"),
			"main.go":  []byte("package main\n\ntype Options struct {\n\tHost string `long:\"bind\" default:\"localhost\"`\n}\n\nfunc main() {}\n"),
			"Procfile": []byte(procfile)}
	}
	for procfile, warned := range map[string]bool{
		"web: dbweb --listen=$PORT --bind=0.0.0.0\n": false,
		"web: dbweb --bind 0.0.0.0\n":                false,
		"web: dbweb -bind=0.0.0.0\n":                 false,
		"web: dbweb --listen=$PORT\n":                true,
		"web: dbweb --binding=x\n":                   true,
		"web: go run . --bind=0.0.0.0\n":             true, // a development command: the runtime stays the default
	} {
		p := registry.MustPlan(t, "language: go\nruntime: slim\nports: [8081]\n", facts(procfile))
		if n := langtest.NoteOf(p, "ListenLocalhost"); (n != nil) != warned {
			t.Errorf("%q: ListenLocalhost %+v, want warned %v", procfile, n, warned)
		}
	}
}

// TestProcfileWithoutWeb: a Procfile with no web process beside a program the language starts
// itself (feedbin's clockwork and sidekiq beside Rails), for a spec declaring its ports, leaves
// the runtime, the server, the default target, and each process a target without the server's
// healthcheck; without ports, or with the spec's processes, the first process is the default.
func TestProcfileWithoutWeb(t *testing.T) {
	f := node("Procfile", "clock: node clock.js\njobs: node jobs.js\n")
	p := registry.MustPlan(t, "ports: [8080]\n", f)
	if p.Default != "runtime" || p.Stage("clock") == nil || p.Stage("jobs") == nil ||
		!strings.Contains(p.Stage("clock").Description, "the Procfile has no web process, so runtime, the server on the spec's ports, is the default") {
		t.Fatalf("default %q, clock %+v", p.Default, p.Stage("clock"))
	}
	if img := p.ImageOf("clock"); img.Healthcheck != nil || !slices.Equal(img.Entrypoint, []string{"/usr/local/bin/node", "clock.js"}) {
		t.Errorf("clock image %+v", img)
	}
	if p := registry.MustPlan(t, "", f); p.Default != "clock" {
		t.Errorf("without ports: default %q", p.Default)
	}
	if p := registry.MustPlan(t, "ports: [8080]\nprocesses: {clock: [node, clock.js]}\n", f); p.Default != "clock" {
		t.Errorf("the spec's processes: default %q", p.Default)
	}
}

// TestShelllessProcessBesideTheDefault: a Procfile process that is not the default target and
// needs a shell the runtime image (Go's distroless) lacks is left out with a ProcessNeedsShell
// warning, the others planned (alertmanager's goreman Procfile of a local cluster beside the
// server the spec's ports run, which failed planning); the default process needing one still
// fails.
func TestShelllessProcessBesideTheDefault(t *testing.T) {
	goProgram := func(procfile string) lang.Facts {
		return lang.Facts{"go.mod": []byte("module example.com/alerts\n\ngo 1.26\n"), "main.go": []byte("package main\n\nfunc main() {}\n"), "Procfile": []byte(procfile)}
	}
	needsShell := func(p *plan.Plan) []string {
		var out []string
		for _, n := range p.Notes {
			if n.Rule == "ProcessNeedsShell" {
				out = append(out, n.Msg)
			}
		}
		return out
	}
	cluster := "a1: ./alerts --data=$TMPDIR/a1 --listen=:9093\na2: ./alerts --data=$TMPDIR/a2 --listen=:9094\nprobe: alerts --check\n"
	p := registry.MustPlan(t, "language: go\nports: [9093]\n", goProgram(cluster))
	if p.Default != "runtime" || p.Stage("a1") != nil || p.Stage("a2") != nil || p.Stage("probe") == nil {
		t.Errorf("default %q, targets %q", p.Default, langtest.Names(p.Targets()))
	}
	if got := needsShell(p); len(got) != 2 || !strings.HasPrefix(got[0], "the Procfile's a1 process (Procfile line 1: ./alerts --data=$TMPDIR/a1 --listen=:9093) is left out: its command needs a shell ($), and the runtime image (gcr.io/distroless/static-debian12:nonroot) has none") {
		t.Errorf("notes %q", got)
	}
	// beside a web process that needs none
	p = registry.MustPlan(t, "language: go\n", goProgram("web: alerts --listen=:8080\nworker: QUEUE=mail alerts work\n"))
	if p.Default != "web" || p.Stage("worker") != nil || len(needsShell(p)) != 1 {
		t.Errorf("default %q, targets %q, notes %q", p.Default, langtest.Names(p.Targets()), needsShell(p))
	}
	// a runtime with a shell runs them under it
	p = registry.MustPlan(t, "language: go\nports: [9093]\nruntime: slim\n", goProgram(cluster))
	if p.Stage("a1") == nil || len(needsShell(p)) != 0 {
		t.Errorf("slim: targets %q, notes %q", langtest.Names(p.Targets()), needsShell(p))
	}
	// the default process needing one fails, as before
	registry.Refuses(t, "language: go\n", goProgram("web: alerts --listen=:$PORT\n"), "the web command needs a shell ($), and the runtime image has none")
}
