package python

// A script runner's application is a script that the framework's own command executes, not a
// program: `python app.py` defines the page or the chat handlers and exits.
//
// Streamlit: `streamlit run` executes the script on every session; `python app.py` prints
// "missing ScriptRunContext" warnings and exits. Streamlit's own Docker recipe runs `streamlit
// run streamlit_app.py --server.port=8501 --server.address=0.0.0.0`, and Community Cloud's main
// file is streamlit_app.py unless told otherwise; a multipage app's pages/ sits beside it.
//
// Chainlit: `chainlit run app.py` imports the script, whose `@cl.on_message` handlers answer the
// chat; its docs' and its cookbook's Dockerfiles run `chainlit run app.py -h --host 0.0.0.0
// --port 8000` (8000 its default, 127.0.0.1 its default host). It makes `.files/` in its working
// directory at import, and `.chainlit/` and `chainlit.md` when missing.
//
// The image runs the main script so, on the spec's first port (else the runner's), on every
// interface, headless (no browser to open, no e-mail prompt).

import (
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// scriptRunner is a framework whose application is a script its own command runs.
type scriptRunner struct {
	framework, dist string // Streamlit, streamlit: the distribution and its command
	imports         *regexp.Regexp
	main            string // the main file the runner's hosting runs by default; "" for none
	port            int    // where its command listens by default
	listen          func(port int) []string
}

var (
	streamlitRunner = scriptRunner{framework: "Streamlit", dist: "streamlit", main: "streamlit_app.py", port: 8501,
		imports: regexp.MustCompile(`(?m)^[ \t]*(?:import[ \t]+streamlit\b|from[ \t]+streamlit\b)`),
		listen: func(port int) []string {
			return []string{"--server.port=" + strconv.Itoa(port), "--server.address=0.0.0.0", "--server.headless=true"}
		}}
	chainlitRunner = scriptRunner{framework: "Chainlit", dist: "chainlit", port: 8000,
		imports: regexp.MustCompile(`(?m)^[ \t]*(?:import[ \t]+chainlit\b|from[ \t]+chainlit\b)`),
		listen: func(port int) []string {
			return []string{"--host", "0.0.0.0", "--port", strconv.Itoa(port), "--headless"}
		}}
	// scriptRunners are the script runners, in the order their scripts are looked for.
	scriptRunners = []scriptRunner{streamlitRunner, chainlitRunner}
)

// chainlitDirs are the directories Chainlit writes into its working directory at start: the
// uploaded files (.files, made at import), its configuration and translations (.chainlit, made
// or completed when missing); chainlitReadme is the page it writes there when missing.
var chainlitDirs = []string{".files", ".chainlit"}

const chainlitReadme = "chainlit.md"

// topLevelScripts are the scripts at the root, read for a script runner's main file.
const topLevelScripts = "*.py"

// lowerScripts are the scripts a level or two down, read for a script runner's main file when no
// script at the root imports it and none of defaultFiles is there (app/main.py, src/app.py).
var lowerScripts = []string{"*/*.py", "*/*/*.py"}

// notMainDirs are directories whose scripts are no main file: a multipage app's pages, tests,
// documentation, examples, and virtual environments.
var notMainDirs = map[string]bool{"pages": true, "tests": true, "test": true, "docs": true, "examples": true,
	"venv": true, "env": true, "site-packages": true, "node_modules": true, "build": true, "dist": true}

// installedRunners are the script runners among the project's dependencies.
func installedRunners(p *project) []scriptRunner {
	return slices.DeleteFunc(slices.Clone(scriptRunners), func(r scriptRunner) bool { return !p.installs[r.dist] })
}

// scriptRunnerReads are the scripts at the root of a project depending on a script runner, for
// Follow.
func scriptRunnerReads(s *spec.Spec, f lang.Facts, p *project) []string {
	var out []string
	for _, r := range installedRunners(p) {
		out = append(out, topLevelScripts)
		if r.dist == chainlitRunner.dist {
			out = append(out, chainlitReadme)
		}
		ep := strings.TrimSpace(s.Entrypoint)
		if strings.HasSuffix(ep, ".py") && lang.CheckContextName(ep) == nil {
			out = append(out, ep) // a main file below the root
		}
		if ep == "" && len(r.rootScripts(f)) == 0 && f.First(defaultFiles...) == "" {
			out = append(out, lowerScripts...)
		}
	}
	return out
}

// importedBy reports a script that imports the runner.
func (r scriptRunner) importedBy(f lang.Facts, file string) bool {
	return r.imports.MatchString(stripStrings(f.Text(file)))
}

// scripts are the scripts at the root importing the runner, tests and setup.py left out, with
// its main file alone when it is one of them; without one, and without any of defaultFiles at
// the root, those a level or two down (lowerScripts) but in notMainDirs, each directory's main
// file alone when it is one of them.
func (r scriptRunner) scripts(f lang.Facts, p *project) []string {
	out := r.rootScripts(f)
	if len(out) > 0 || !p.installs[r.dist] || f.First(defaultFiles...) != "" {
		return out
	}
	for _, pattern := range lowerScripts {
		for _, file := range r.importers(f, pattern) {
			if !slices.ContainsFunc(strings.Split(path.Dir(file), "/"), func(d string) bool { return notMainDirs[d] || strings.HasPrefix(d, ".") }) {
				out = append(out, file)
			}
		}
	}
	var mains []string
	for _, file := range out {
		if r.main != "" && path.Base(file) == r.main {
			mains = append(mains, file)
		}
	}
	if len(mains) > 0 {
		return mains
	}
	return out
}

// rootScripts are scripts at the root.
func (r scriptRunner) rootScripts(f lang.Facts) []string {
	if r.main != "" && r.importedBy(f, r.main) {
		return []string{r.main}
	}
	return r.importers(f, topLevelScripts)
}

// importers are the scripts pattern matches that import the runner, tests and setup.py left
// out.
func (r scriptRunner) importers(f lang.Facts, pattern string) []string {
	var out []string
	for _, file := range f.Glob(pattern) {
		stem := strings.TrimSuffix(path.Base(file), ".py")
		if strings.HasPrefix(stem, "test_") || strings.HasSuffix(stem, "_test") || stem == "conftest" || stem == "setup" {
			continue
		}
		if r.importedBy(f, file) {
			out = append(out, file)
		}
	}
	return out
}

// entry runs a main script (a clean path of the context) with the runner's `run` command.
func (r scriptRunner) entry(s *spec.Spec, p *project, rel string) entry {
	port, ok := lang.FirstTCPPort(s)
	if !ok {
		port = r.port
	}
	file := path.Join(appDir, rel)
	bin := path.Join(venvDir, "bin", r.dist)
	return entry{args: append([]string{bin, "run", file}, r.listen(port)...),
		title: title(p, strings.TrimSuffix(path.Base(rel), ".py")), app: true, runner: r.framework,
		desc:  r.dist + " run " + rel + " (" + r.framework + ")",
		runs:  lang.Expected{Paths: []string{file}, What: "the " + r.framework + " script"},
		serve: lang.Expected{Paths: []string{bin}, What: r.framework + "'s " + r.dist + " (among the dependencies)", Executable: true}}
}

// scriptRunnerDefault is the main script the image runs when the spec names none, of the first
// script runner among the dependencies a script imports: ok with the entry; an error when
// several scripts import it and none is its main file.
func scriptRunnerDefault(s *spec.Spec, f lang.Facts, p *project, field string) (entry, bool, error) {
	for _, r := range installedRunners(p) {
		scripts := r.scripts(f, p)
		switch len(scripts) {
		case 0:
			continue
		case 1:
			return r.entry(s, p, scripts[0]), true, nil
		}
		where := "at the root"
		if !slices.ContainsFunc(scripts, func(f string) bool { return !strings.Contains(f, "/") }) {
			where = "below the root"
		}
		fix, main := "set `entrypoint` to the main script (`"+r.dist+" run` runs it)", ""
		if r.main != "" {
			fix, main = fix+", or name it "+r.main, ", none of them "+r.main+", the main file "+r.framework+" runs by default"
		}
		return entry{}, false, lang.FieldError(s, field, fix, "%s is a dependency and several scripts %s import it (%s)%s",
			r.framework, where, strings.Join(scripts, ", "), main)
	}
	return entry{}, false, nil
}

// scriptRunnerFile is the script runner of a spec's entrypoint file that imports one.
func scriptRunnerFile(f lang.Facts, p *project, rel string) (scriptRunner, bool) {
	for _, r := range installedRunners(p) {
		if r.importedBy(f, strings.TrimPrefix(rel, "./")) {
			return r, true
		}
	}
	return scriptRunner{}, false
}

// runnerTried says, for the error that nothing runs, which script runners of the dependencies
// no script imports.
func runnerTried(p *project) []string {
	var out []string
	for _, r := range installedRunners(p) {
		what := "no script at the root"
		if r.main != "" {
			what = "neither " + r.main + " nor another script at the root"
		}
		out = append(out, r.framework+" is a dependency, but "+what+" (nor one a level or two down) imports it")
	}
	return out
}
