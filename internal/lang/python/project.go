package python

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	toml "github.com/pelletier/go-toml/v2"
)

// manager is the tool whose files say what to install.
type manager string

const (
	pip    manager = "pip"
	poetry manager = "poetry"
	uv     manager = "uv"
	pdm    manager = "pdm"
	pipenv manager = "pipenv"
)

// project is what the context's few files say about the project.
type project struct {
	manager manager
	// lock is the file the pinned dependencies come from: requirements.txt, poetry.lock, uv.lock,
	// pdm.lock, or "" (pyproject.toml's declared dependencies, or nothing to install).
	lock string
	// vcs is how pyproject.toml takes the version from git, when it does (vcsversion.go).
	vcs vcsVersion
	// workspaceMembers are the members of the uv workspace whose root the context is, when that
	// root is no project itself ([tool.uv.workspace] without [project]).
	workspaceMembers []string
	// uvMembers and uvExclude are the root's [tool.uv.workspace] members and exclude globs, a
	// project or not (uvworkspace.go); member is the member the spec's `workspace` selects,
	// planned as the project (nil for none).
	uvMembers, uvExclude []string
	member               *uvMember
	// pdmLock is pdm.lock, read (pdm.go), when it is the lock.
	pdmLock *pdmLock
	// pipfileLock is Pipfile.lock, read (pipenv.go), when it is the lock.
	pipfileLock *pipfileLock
	// depFiles are copied into deps before the dependencies are installed: with
	// requirements.txt as the lock, it and the files it includes (requirementFiles).
	depFiles []string
	// declared are pyproject.toml's [project] dependencies, installed in deps when there is no lock.
	declared []string
	// dynamic: the dependencies are known only by building the project (setup.py, dynamic
	// metadata), so they are installed with it, in builder.
	dynamic bool
	// pkg: the project is installed into the venv as a package (it has a build system);
	// the runtime then needs only the venv.
	pkg bool
	// name is the distribution name, when pyproject.toml says it.
	name string
	// scripts are [project.scripts] (or [tool.poetry.scripts]) names, sorted; scriptTargets
	// what each calls, module:function (poetry's table form is left out).
	scripts       []string
	scriptTargets map[string]string
	// requiresPython is [project] requires-python or Poetry's python dependency (setup.cfg's
	// python_requires without either).
	requiresPython string
	// ruffTarget is Ruff's target-version ("py313"), ruffFrom where it is set (ruffFloor).
	ruffTarget, ruffFrom string
	// setupRequires are the requirements setup.cfg's [options] or setup.py's literals declare,
	// for a setuptools project without [project] (setupcfg.go): installed by building it, read
	// for what they name.
	setupRequires []string
	// setupExtras are setup.cfg's extras, name to requirements, read as pyproject.toml's
	// optional dependencies for the tests.
	setupExtras map[string][]string
	// testReqs are requirements files of the tests (pip), testDeps their requirements
	// (pyproject extras and dependency groups), testGroups the Poetry or uv groups.
	testReqs []string
	testDeps []string
	// devInstalls are the distributions the tests' requirements name (the image never gets
	// them), for the error that no server serves the application.
	devInstalls map[string]bool
	testGroups  []string
	// pytest: pytest is among the dependencies, so the tests run with it.
	pytest bool
	// installs are the distributions the runtime's dependencies name (PEP 503 normalized), and
	// those their extras are known to bring (fastapi[standard]: uvicorn): what tells a framework
	// and its server apart (framework.go). Only what the files read say; never the whole lock.
	installs map[string]bool
	// packageDirs are the package directories the build backend names, cleaned, inside the
	// context: hatch's wheel target packages ("src/py/app"), Poetry's packages (include "app"
	// from "src": src/app), setuptools' package-dir for one package (app = "lib/app").
	packageDirs []string
	// packageRoots are directories setuptools finds every package under: package-dir's ""
	// ("src"), packages.find's where.
	packageRoots []string
	// hatchIgnores: hatchling builds the wheel and leaves out of it what .gitignore names, no
	// `artifacts` or `ignore-vcs` saying otherwise (wheel.go).
	hatchIgnores bool
	// buildHooks are the files of the custom build hooks hatchling runs to build the wheel, with
	// the table declaring each (buildhook.go).
	buildHooks []buildHook
	// fastapiEntry is pyproject.toml's [tool.fastapi] entrypoint ("app.main:app"), as
	// `fastapi run` reads it.
	fastapiEntry string
	// optional are the groups and extras the image may add for the application's server
	// (optional.go); withGroups and withExtras those it installs.
	optional               []optionalDeps
	withGroups, withExtras []string
	// withFiles are the serverRequirements files deps installs with requirements.txt (their
	// files, with what they include, are in depFiles).
	withFiles []string
	// defaultGroups: pyproject.toml sets uv's default-groups, so the runtime's export leaves
	// them all out (--no-default-groups) and names the ones it installs (withGroups).
	defaultGroups bool
	// addedServer is the server deps installs beside the dependencies ("gunicorn==23.0.0"),
	// when none of them serves the application the image runs (framework.go); "" for none.
	addedServer string
	// webProcessRuns says that the web process written runs the added server ("the Procfile's
	// web process runs gunicorn"), for ServerAdded; "" otherwise.
	webProcessRuns string
	notes          []plan.Note
	// unlocked says why the dependencies are not locked ("" when they are): the
	// MissingLockfile check reports it.
	unlocked string
	// mainGroup is the dependency group installed as the dependencies of a pyproject.toml that
	// has no [project] (bookwyrm's [dependency-groups] main, which its Dockerfile installs with
	// pip install --group main); "" for none.
	mainGroup string
	// uwsgi is the uWSGI configuration of a project with uWSGI among its dependencies (uwsgi.go);
	// nil for none.
	uwsgi *uwsgiConfig
}

// pyproject holds the parts of pyproject.toml the provider reads.
type pyproject struct {
	BuildSystem *struct {
		Requires []string `toml:"requires"`
		Backend  string   `toml:"build-backend"`
	} `toml:"build-system"`
	Project *struct {
		Name                 string              `toml:"name"`
		RequiresPython       string              `toml:"requires-python"`
		Dependencies         []string            `toml:"dependencies"`
		OptionalDependencies map[string][]string `toml:"optional-dependencies"`
		Scripts              map[string]string   `toml:"scripts"`
		Dynamic              []string            `toml:"dynamic"`
	} `toml:"project"`
	DependencyGroups map[string][]any `toml:"dependency-groups"`
	Tool             struct {
		Poetry *struct {
			Name            string         `toml:"name"`
			PackageMode     *bool          `toml:"package-mode"`
			Dependencies    map[string]any `toml:"dependencies"`
			DevDependencies map[string]any `toml:"dev-dependencies"`
			Group           map[string]struct {
				Dependencies map[string]any `toml:"dependencies"`
			} `toml:"group"`
			Scripts map[string]any      `toml:"scripts"`
			Extras  map[string][]string `toml:"extras"`
			// Packages are Poetry's package includes: {include = "app", from = "src"}.
			Packages []struct {
				Include string `toml:"include"`
				From    string `toml:"from"`
			} `toml:"packages"`
		} `toml:"poetry"`
		UV *struct {
			Package         *bool    `toml:"package"`
			DevDependencies []string `toml:"dev-dependencies"`
			// DefaultGroups is a list of group names, or "all".
			DefaultGroups any `toml:"default-groups"`
			// Workspace is a uv workspace's members (directories, globs), at its root.
			Workspace *struct {
				Members []string `toml:"members"`
				Exclude []string `toml:"exclude"`
			} `toml:"workspace"`
		} `toml:"uv"`
		PDM *struct {
			Version struct {
				Source string `toml:"source"`
			} `toml:"version"`
			DevDependencies map[string][]string `toml:"dev-dependencies"`
			// Distribution false: the project is not installed as a package.
			Distribution *bool `toml:"distribution"`
		} `toml:"pdm"`
		Pytest any `toml:"pytest"`
		// Ruff's target-version ("py313"): the oldest Python the code is written for (ruffFloor).
		Ruff *struct {
			TargetVersion string `toml:"target-version"`
		} `toml:"ruff"`
		// SetuptoolsSCM is setuptools-scm's table: the version comes from git.
		SetuptoolsSCM any `toml:"setuptools_scm"`
		FastAPI       *struct {
			Entrypoint string `toml:"entrypoint"`
		} `toml:"fastapi"`
		// Setuptools is where setuptools finds the packages: package-dir ({"" = "src"}: every
		// package under src/; {app = "lib/app"}: one), and packages.find's where (["src"]);
		// packages may also be a list of names, which says no directory.
		Setuptools struct {
			PackageDir map[string]string `toml:"package-dir"`
			Packages   any               `toml:"packages"`
		} `toml:"setuptools"`
		// Hatch is hatchling's build configuration: the wheel's packages, and what decides
		// whether it keeps files .gitignore names (wheel.go), in [tool.hatch.build] or its
		// wheel target's table.
		Hatch struct {
			Version struct {
				Source string `toml:"source"`
			} `toml:"version"`
			Build struct {
				hatchFiles
				Hooks   hatchHooks `toml:"hooks"`
				Targets struct {
					Wheel struct {
						hatchFiles
						Hooks    hatchHooks `toml:"hooks"`
						Packages []string   `toml:"packages"`
					} `toml:"wheel"`
				} `toml:"targets"`
			} `toml:"build"`
		} `toml:"hatch"`
	} `toml:"tool"`
}

// testNames are the extras and groups that hold test dependencies.
var testNames = []string{"dev", "test", "tests"}

// requirementName is the name at the start of a PEP 508 requirement.
var requirementName = regexp.MustCompile(`^\s*([A-Za-z0-9][A-Za-z0-9._-]*)`)

// readProject reads the project's files. The lock that wins is the most specific one:
// uv.lock, then poetry.lock, then pdm.lock (unless it says no groups of its packages), then
// requirements.txt, then pyproject.toml's own dependencies.
func readProject(f lang.Facts) (*project, error) {
	var py pyproject
	if f.Has("pyproject.toml") {
		if err := toml.Unmarshal(f["pyproject.toml"], &py); err != nil {
			return nil, fmt.Errorf("pyproject.toml: %v", err)
		}
	}
	p := &project{manager: pip}
	pdmUnread, pipfileUnread := "", "" // why pdm.lock, Pipfile.lock is not the lock
	if f.Has("pdm.lock") {
		p.pdmLock, pdmUnread = readPDMLock(f["pdm.lock"], pdmRoots(&py), projectName(&py))
	}
	switch {
	case f.Has("uv.lock"):
		p.manager, p.lock = uv, "uv.lock"
		if f.Has("poetry.lock") {
			p.notes = append(p.notes, rules.SeveralLockfiles.Note("", rules.SeveralLockfiles.Format("uv", "uv.lock", []string{"poetry.lock"})))
		}
	case f.Has("poetry.lock"):
		p.manager, p.lock = poetry, "poetry.lock"
	case p.pdmLock != nil:
		p.manager, p.lock = pdm, "pdm.lock"
	case f.Has("Pipfile.lock") && requirementsRoot(f) == "":
		// a requirements.txt beside it is what the project's own image installs (bluelog's)
		if p.pipfileLock, pipfileUnread = readPipfileLock(f["Pipfile.lock"]); p.pipfileLock != nil {
			p.manager, p.lock = pipenv, "Pipfile.lock"
		}
	default:
		p.lock = requirementsRoot(f) // "" for none
	}
	if p.manager != pip && p.manager != pipenv && !f.Has("pyproject.toml") {
		return nil, fmt.Errorf("%s without pyproject.toml", p.lock)
	}

	if py.Project != nil {
		p.name = py.Project.Name
		p.requiresPython = py.Project.RequiresPython
		p.scripts, p.scriptTargets = sortedKeys(py.Project.Scripts), py.Project.Scripts
		p.declared = py.Project.Dependencies
		p.dynamic = slices.Contains(py.Project.Dynamic, "dependencies")
	}
	p.vcs = readVCSVersion(&py)
	if r := py.Tool.Ruff; r != nil {
		p.ruffTarget, p.ruffFrom = r.TargetVersion, "pyproject.toml's [tool.ruff]"
	}
	if uv := py.Tool.UV; uv != nil && uv.Workspace != nil {
		p.uvMembers, p.uvExclude = uv.Workspace.Members, uv.Workspace.Exclude
		if py.Project == nil {
			p.workspaceMembers = uv.Workspace.Members // a virtual workspace root (nested.go)
		}
	}
	if po := py.Tool.Poetry; po != nil {
		if p.name == "" {
			p.name = po.Name
		}
		if v, ok := po.Dependencies["python"].(string); ok && p.requiresPython == "" {
			p.requiresPython = v
		}
		if len(p.scripts) == 0 {
			p.scripts, p.scriptTargets = sortedKeys(po.Scripts), map[string]string{}
			for name, v := range po.Scripts {
				if target, ok := v.(string); ok {
					p.scriptTargets[name] = target
				}
			}
		}
	}

	if py.Project == nil && py.Tool.Poetry == nil && (f.Has("setup.py") || f.Has("setup.cfg")) {
		cfg := readSetupCfg(f.Text("setup.cfg"))
		p.setupRequires = append(cfg.installRequires, setupPyRequires(f.Text("setup.py"))...)
		p.setupExtras = cfg.extras
		if p.requiresPython == "" {
			p.requiresPython = cfg.pythonRequires
		}
		if len(p.scripts) == 0 {
			p.scriptTargets = setupScripts(f.Text("setup.py"))
			for name, target := range cfg.scripts {
				if _, set := p.scriptTargets[name]; !set {
					p.scriptTargets[name] = target
				}
			}
			p.scripts = sortedKeys(p.scriptTargets)
		}
	}

	p.packageDirs, p.packageRoots = packageLayout(py)
	p.hatchIgnores = hatchIgnoresVCS(py)
	p.buildHooks = hatchBuildHooks(py)
	p.pkg = py.BuildSystem != nil || f.Has("setup.py")
	if po := py.Tool.Poetry; po != nil && po.PackageMode != nil && !*po.PackageMode {
		p.pkg = false
	}
	if u := py.Tool.UV; u != nil && u.Package != nil {
		p.pkg = *u.Package
	}
	if pd := py.Tool.PDM; pd != nil && pd.Distribution != nil {
		p.pkg = *pd.Distribution
	}

	if dir := packageOutsideContext(py); dir != "" && p.pkg {
		// doccano's backend/: `{ include = "backend", from = ".." }`, the context itself
		return nil, fmt.Errorf("pyproject.toml's [tool.poetry] packages take %s, outside the build context, so the project cannot be "+
			"built (pip install . fails: poetry-core finds no such directory); build from a context that holds it, or, for an "+
			"application run from its source, set `package-mode = false` under [tool.poetry]", dir)
	}
	if fa := py.Tool.FastAPI; fa != nil {
		p.fastapiEntry = strings.TrimSpace(fa.Entrypoint)
	}
	switch p.lock {
	case "requirements.txt", productionRequirements, pinnedRequirements[0], pinnedRequirements[1]:
		p.depFiles, _ = requirementFiles(f, p.lock)
	case "poetry.lock", "uv.lock":
		p.depFiles = []string{"pyproject.toml", p.lock}
	case "pdm.lock", "Pipfile.lock":
		p.depFiles = []string{p.lock} // the requirements are written from it: pyproject.toml is not read
	}
	self := "" // requirements.txt's line installing the project itself, when that is all it does
	if p.lock == "" {
		self = selfRequirements(f, "requirements.txt")
	}
	if p.lock != "" {
		p.declared, p.dynamic = nil, false // the lock pins them
	} else {
		// pyproject.toml's declared dependencies, unless only a build can tell them
		p.dynamic = p.dynamic || (py.Project == nil && p.pkg)
		if py.Project == nil && !p.dynamic && p.manager == pip {
			p.mainGroup, p.declared = onlyRuntimeGroup(&py)
		}
		switch {
		case p.dynamic && self != "":
			p.declared = nil
			p.unlocked = "the dependencies are known only by building the project: they are installed with the source, in builder " +
				"(requirements.txt installs only the project itself, `" + self + "`, which pip cannot do before the source is there: " +
				"the project's own metadata says what it needs); a requirements.txt of the pinned dependencies, or a lockfile, caches them in deps"
		case p.dynamic:
			p.declared = nil
			p.unlocked = "the dependencies are known only by building the project: " +
				"they are installed with the source, in builder; a requirements.txt or a lockfile caches them in deps"
		case p.mainGroup != "":
			p.unlocked = "no lockfile: pyproject.toml has no [project], and its dependency group " + p.mainGroup +
				", the only one not for development, is installed as the dependencies, resolved at build time; " +
				"a lockfile (uv.lock, poetry.lock or a pinned requirements.txt) makes builds repeatable"
		case pipfileUnread != "":
			p.unlocked = "Pipfile.lock " + pipfileUnread + ", so its packages are not installed from it; " +
				"write them into a requirements.txt (`pipenv requirements > requirements.txt`), which the image installs"
		case len(p.declared) > 0 && pdmUnread != "":
			p.unlocked = "pdm.lock " + pdmUnread + ": pyproject.toml's dependencies are resolved at build time"
		case len(p.declared) > 0:
			p.unlocked = "no lockfile: pyproject.toml's dependencies are resolved at build time; " +
				"a lockfile (uv.lock, poetry.lock, pdm.lock or a pinned requirements.txt) makes builds repeatable"
		case !p.pkg:
			p.notes = append(p.notes, rules.NoDependencies.Note("", rules.NoDependencies.Format()))
		}
	}
	for _, d := range p.declared {
		if strings.TrimSpace(d) == "" || strings.HasPrefix(strings.TrimSpace(d), "-") {
			return nil, fmt.Errorf("pyproject.toml: %q is not a dependency", d)
		}
	}

	p.testDependencies(f, &py)
	p.installs = installs(f, p, &py)
	p.optional = optionalSets(f, p, &py)
	if p.manager == uv {
		p.includeDefaultGroups(&py)
	}
	if c, ok := readUWSGI(f); ok && p.installs["uwsgi"] {
		p.uwsgi = &c
	}
	return p, nil
}

// pdmRoots are the requirements of each group of a PDM project, as pdm.lock names its groups:
// "default" for [project] dependencies, the extras, [dependency-groups] and PDM's own
// dev-dependencies by their names.
func pdmRoots(py *pyproject) map[string][]string {
	out := map[string][]string{}
	if py.Project != nil {
		out["default"] = py.Project.Dependencies
		for n, reqs := range py.Project.OptionalDependencies {
			out[n] = append(out[n], reqs...)
		}
	}
	for n, g := range py.DependencyGroups {
		out[n] = append(out[n], groupStrings(g)...)
	}
	if pd := py.Tool.PDM; pd != nil {
		for n, reqs := range pd.DevDependencies {
			out[n] = append(out[n], reqs...)
		}
	}
	return out
}

// projectName is [project] name, "" for none.
func projectName(py *pyproject) string {
	if py.Project == nil {
		return ""
	}
	return py.Project.Name
}

// setupConsoleScripts is the console_scripts list of setup.py's entry_points, a literal
// (changedetection.io's `entry_points={"console_scripts": ["changedetection.io=changedetectionio:main"]}`),
// and setupScript one of its entries, `name = module:function`.
var (
	setupConsoleScripts = regexp.MustCompile(`["']console_scripts["']\s*:\s*\[((?:[^\]"']|"[^"]*"|'[^']*')*)\]`)
	setupScript         = regexp.MustCompile(`["']\s*([A-Za-z0-9][\w.-]*)\s*=\s*([A-Za-z_][\w.]*\s*:\s*[A-Za-z_][\w.]*)\s*(?:\[[^\]"']*\])?\s*["']`)
)

// setupScripts are the console scripts setup.py's entry_points declares, read as text, name to
// module:function: what pip installs into the venv's bin, as [project.scripts] of a
// pyproject.toml. A list built by code, or setup.cfg's entry_points, is not read.
func setupScripts(text string) map[string]string {
	out := map[string]string{}
	for _, list := range setupConsoleScripts.FindAllStringSubmatch(text, -1) {
		for _, m := range setupScript.FindAllStringSubmatch(list[1], -1) {
			out[m[1]] = strings.Join(strings.Fields(m[2]), "")
		}
	}
	return out
}

// onlyRuntimeGroup is the only dependency group of pyproject.toml that is not for development
// (devNames), with its requirements: the dependencies of a project that declares them in a group
// rather than [project] (bookwyrm's main); "" when none or several.
func onlyRuntimeGroup(py *pyproject) (string, []string) {
	name := ""
	for _, n := range sortedKeys(py.DependencyGroups) {
		if isDevName(n) {
			continue
		}
		if name != "" {
			return "", nil
		}
		name = n
	}
	if name == "" {
		return "", nil
	}
	reqs := groupStrings(py.DependencyGroups[name])
	if len(reqs) == 0 {
		return "", nil
	}
	return name, reqs
}

// groupStrings are the requirements of a dependency group, without {include-group = ...} tables.
func groupStrings(g []any) []string {
	var out []string
	for _, v := range g {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

var separators = regexp.MustCompile(`[-_.]+`)

// normalize is a project name as PEP 503 compares them.
func normalize(name string) string { return strings.ToLower(separators.ReplaceAllString(name, "-")) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// depDirs groups dependency files by directory: the root's in one COPY, others where they live.
func depDirs(files []string) (root []string, nested []string) {
	for _, f := range files {
		if path.Dir(f) == "." {
			root = append(root, f)
		} else {
			nested = append(nested, f)
		}
	}
	return root, nested
}
