package bun

import (
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// manifest is what the provider uses of package.json. A field of an unexpected type is ignored,
// as bun mostly does, rather than failing the whole file.
type manifest struct {
	Name, Module, Main  string
	Scripts             map[string]string
	PackageManager      string
	EnginesBun          string
	EnginesNode         string
	HasProdDeps, HasAny bool
	// Deps are the names of its dependencies, optionalDependencies and peerDependencies (what it
	// needs at run time), DevDeps of its devDependencies: a workspace follows them to its packages.
	Deps, DevDeps []string
}

func readManifest(data []byte) (manifest, error) {
	get, err := lang.JSONFields(data, "package.json")
	if err != nil {
		return manifest{}, err
	}
	var m manifest
	get("name", &m.Name)
	get("module", &m.Module)
	get("main", &m.Main)
	get("scripts", &m.Scripts)
	get("packageManager", &m.PackageManager)
	var engines struct{ Bun, Node string }
	get("engines", &engines)
	m.EnginesBun, m.EnginesNode = engines.Bun, engines.Node
	for _, key := range []string{"dependencies", "optionalDependencies", "peerDependencies", "devDependencies"} {
		var d map[string]any
		get(key, &d)
		for name := range d {
			if key == "devDependencies" {
				m.DevDeps = append(m.DevDeps, name)
			} else {
				m.Deps = append(m.Deps, name)
			}
		}
		if len(d) > 0 && key != "devDependencies" {
			m.HasProdDeps = true
		}
		m.HasAny = m.HasAny || len(d) > 0
	}
	return m, nil
}

// bunCommand finds a script that runs bun: `bun x.ts`, `bun run x.ts`, `bunx ...`, `bun test`.
var bunCommand = regexp.MustCompile(`(^|[\s;&|(])(bun|bunx)(\s|$)`)

// detect recognises a Bun project by package.json when it has no bun lockfile: a packageManager
// naming bun, or scripts that run bun while no other package manager's lockfile is there.
func detect(f lang.Facts) string {
	if !f.Has("package.json") {
		return ""
	}
	m, err := readManifest(f["package.json"])
	if err != nil {
		return ""
	}
	if strings.HasPrefix(m.PackageManager, "bun@") {
		return "packageManager " + m.PackageManager
	}
	for _, lock := range otherLockfiles {
		if f.Has(lock) {
			return ""
		}
	}
	for _, name := range []string{"start", "dev", "test", "build"} {
		if bunCommand.MatchString(m.Scripts[name]) {
			return "package.json's " + name + " script runs bun"
		}
	}
	return ""
}

// otherLockfiles are the lockfiles of Node.js package managers.
var otherLockfiles = []string{"package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock"}

var (
	entryChars = regexp.MustCompile(`^[A-Za-z0-9._/@+-]+$`)
	// startScript is a start script this provider understands: bun or node running one file,
	// with bun's run subcommand allowed.
	startScript = regexp.MustCompile(`^\s*(bun|node)\s+(?:run\s+)?([A-Za-z0-9._/@+-]+\.(?:[cm]?[jt]sx?))\s*$`)
	version     = regexp.MustCompile(`^v?([0-9]+(?:\.[0-9]+){0,2})$`)
	firstNumber = regexp.MustCompile(`[0-9]+`)
)

// entry is the file the image runs, and whether node runs it rather than bun.
type entry struct {
	File   string // relative to the app directory
	OnNode bool
	// From says where it was found, for messages.
	From string
}

// defaultFiles are run when package.json names nothing, as `bun run` would find them.
var defaultFiles = []string{"index.ts", "index.js", "src/index.ts", "src/index.js"}

// chooseEntry is the spec's entrypoint, else the start script's file, else package.json's module
// or main, else a default file that exists. Nothing found is an error naming what was tried.
func chooseEntry(ep string, m manifest, f lang.Facts) (entry, bool) {
	if ep != "" {
		file, ok := entryPath(ep)
		return entry{File: file, From: "entrypoint"}, ok
	}
	if sm := startScript.FindStringSubmatch(m.Scripts["start"]); sm != nil {
		if file, ok := entryPath(sm[2]); ok {
			return entry{File: file, OnNode: sm[1] == "node", From: "the start script"}, true
		}
	}
	for _, field := range []struct{ name, value string }{{"module", m.Module}, {"main", m.Main}} {
		if file, ok := entryPath(field.value); ok && field.value != "" {
			return entry{File: file, From: "package.json's " + field.name}, true
		}
	}
	for _, file := range defaultFiles {
		if f.Has(file) {
			return entry{File: file, From: file}, true
		}
	}
	return entry{}, false
}

func entryPath(p string) (string, bool) {
	rel, ok := lang.CleanRelPath(strings.TrimSpace(p))
	if !ok || rel == "." || !entryChars.MatchString(p) {
		return "", false
	}
	return strings.TrimPrefix(rel, "./"), true
}

// versionFrom reduces a version or a range to an image tag: an exact version stays (1.2.19), a
// range becomes its first major (^1.1 -> 1); "" when there is no number.
func versionFrom(v string) string {
	v = strings.TrimSpace(v)
	if m := version.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return firstNumber.FindString(v)
}
