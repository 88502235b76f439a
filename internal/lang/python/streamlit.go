package python

// Streamlit: an application is a script that `streamlit run` executes on every session, not a
// program: `python app.py` prints "missing ScriptRunContext" warnings and exits. Streamlit's
// own Docker recipe runs `streamlit run streamlit_app.py --server.port=8501
// --server.address=0.0.0.0`, and Community Cloud's main file is streamlit_app.py unless told
// otherwise; a multipage app's pages/ sits beside it. The image runs the main script so, on the
// spec's first port (else Streamlit's 8501), headless (no browser to open, no e-mail prompt).

import (
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

const (
	// streamlitMain is the main file Streamlit Community Cloud runs by default.
	streamlitMain = "streamlit_app.py"
	// streamlitPort is where `streamlit run` listens by default.
	streamlitPort = 8501
	// topLevelScripts are the scripts at the root, read for a Streamlit project's main file.
	topLevelScripts = "*.py"
)

// lowerScripts are the scripts a level or two down, read for a Streamlit project's main file
// when no script at the root imports Streamlit and none of defaultFiles is there (app/main.py,
// src/app.py).
var lowerScripts = []string{"*/*.py", "*/*/*.py"}

// notMainDirs are directories whose scripts are no Streamlit main file: a multipage app's pages,
// tests, documentation, examples, and virtual environments.
var notMainDirs = map[string]bool{"pages": true, "tests": true, "test": true, "docs": true, "examples": true,
	"venv": true, "env": true, "site-packages": true, "node_modules": true, "build": true, "dist": true}

// streamlitImport is an import of Streamlit at the start of a line.
var streamlitImport = regexp.MustCompile(`(?m)^[ \t]*(?:import[ \t]+streamlit\b|from[ \t]+streamlit\b)`)

// streamlitReads are the scripts at the root of a project depending on Streamlit, for Follow.
func streamlitReads(s *spec.Spec, f lang.Facts, p *project) []string {
	if !p.installs["streamlit"] {
		return nil
	}
	out := []string{topLevelScripts}
	ep := strings.TrimSpace(s.Entrypoint)
	if strings.HasSuffix(ep, ".py") && lang.CheckContextName(ep) == nil {
		out = append(out, ep) // a main file below the root
	}
	if ep == "" && len(rootStreamlitScripts(f, p)) == 0 && f.First(defaultFiles...) == "" {
		out = append(out, lowerScripts...)
	}
	return out
}

// importsStreamlit reports a script that imports Streamlit.
func importsStreamlit(f lang.Facts, file string) bool {
	return streamlitImport.MatchString(stripStrings(f.Text(file)))
}

// streamlitScripts are the scripts at the root importing Streamlit, tests and setup.py left out,
// with streamlit_app.py alone when it is one of them; without one, and without any of
// defaultFiles at the root, those a level or two down (lowerScripts) but in notMainDirs, each
// directory's streamlit_app.py alone when it is one of them.
func streamlitScripts(f lang.Facts, p *project) []string {
	out := rootStreamlitScripts(f, p)
	if len(out) > 0 || !p.installs["streamlit"] || f.First(defaultFiles...) != "" {
		return out
	}
	for _, pattern := range lowerScripts {
		for _, file := range streamlitImporters(f, pattern) {
			if !slices.ContainsFunc(strings.Split(path.Dir(file), "/"), func(d string) bool { return notMainDirs[d] || strings.HasPrefix(d, ".") }) {
				out = append(out, file)
			}
		}
	}
	var mains []string
	for _, file := range out {
		if path.Base(file) == streamlitMain {
			mains = append(mains, file)
		}
	}
	if len(mains) > 0 {
		return mains
	}
	return out
}

// rootStreamlitScripts are streamlitScripts at the root.
func rootStreamlitScripts(f lang.Facts, p *project) []string {
	if !p.installs["streamlit"] {
		return nil
	}
	if importsStreamlit(f, streamlitMain) {
		return []string{streamlitMain}
	}
	return streamlitImporters(f, topLevelScripts)
}

// streamlitImporters are the scripts pattern matches that import Streamlit, tests and setup.py
// left out.
func streamlitImporters(f lang.Facts, pattern string) []string {
	var out []string
	for _, file := range f.Glob(pattern) {
		stem := strings.TrimSuffix(path.Base(file), ".py")
		if strings.HasPrefix(stem, "test_") || strings.HasSuffix(stem, "_test") || stem == "conftest" || stem == "setup" {
			continue
		}
		if importsStreamlit(f, file) {
			out = append(out, file)
		}
	}
	return out
}

// streamlitEntry runs a Streamlit main script (a clean path of the context) with `streamlit run`.
func streamlitEntry(s *spec.Spec, p *project, rel string) entry {
	port, ok := lang.FirstTCPPort(s)
	if !ok {
		port = streamlitPort
	}
	file := path.Join(appDir, rel)
	bin := path.Join(venvDir, "bin", "streamlit")
	return entry{args: []string{bin, "run", file, "--server.port=" + strconv.Itoa(port), "--server.address=0.0.0.0", "--server.headless=true"},
		title: title(p, strings.TrimSuffix(path.Base(rel), ".py")), app: true,
		desc:  "streamlit run " + rel + " (Streamlit)",
		runs:  lang.Expected{Paths: []string{file}, What: "the Streamlit script"},
		serve: lang.Expected{Paths: []string{bin}, What: "Streamlit's streamlit (among the dependencies)", Executable: true}}
}

// streamlitDefault is the Streamlit main script the image runs when the spec names none: ok
// with the entry; an error when several scripts import Streamlit and none is streamlit_app.py.
func streamlitDefault(s *spec.Spec, f lang.Facts, p *project, field string) (entry, bool, error) {
	scripts := streamlitScripts(f, p)
	switch len(scripts) {
	case 0:
		return entry{}, false, nil
	case 1:
		return streamlitEntry(s, p, scripts[0]), true, nil
	}
	where := "at the root"
	if !slices.ContainsFunc(scripts, func(f string) bool { return !strings.Contains(f, "/") }) {
		where = "below the root"
	}
	return entry{}, false, lang.FieldError(s, field, "set `entrypoint` to the main script (`streamlit run` runs it), or name it "+streamlitMain,
		"Streamlit is a dependency and several scripts %s import it (%s), none of them %s, the main file Streamlit runs by default",
		where, strings.Join(scripts, ", "), streamlitMain)
}

// streamlitFile reports a spec's entrypoint file that is a Streamlit script.
func streamlitFile(f lang.Facts, p *project, rel string) bool {
	return p.installs["streamlit"] && importsStreamlit(f, strings.TrimPrefix(rel, "./"))
}
