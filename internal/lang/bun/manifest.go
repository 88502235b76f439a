package bun

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// manifest is what the provider uses of package.json: node.Package, and what bun reads besides.
type manifest struct {
	node.Package
	HasProdDeps, HasAny bool
	// Patches are the patch files of patchedDependencies (`bun patch --commit` writes them to
	// patches/), which the install applies: dependency files.
	Patches []string
	// Deps are the names of its dependencies, optionalDependencies and peerDependencies (what it
	// needs at run time), DevDeps of its devDependencies: a workspace follows them to its packages.
	Deps, DevDeps []string
}

func readManifest(data []byte) (manifest, error) {
	p, get, err := node.ReadPackage(data)
	if err != nil {
		return manifest{}, err
	}
	m := manifest{Package: p}
	var patched map[string]string
	get("patchedDependencies", &patched)
	for _, file := range patched {
		m.Patches = append(m.Patches, file)
	}
	slices.Sort(m.Patches) // a map was iterated: keep the plan deterministic
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
// naming bun, a start script running a file with bun (node cannot run it, whatever lockfile is
// there: bun migrates npm's, yarn's and pnpm's), or other scripts that run bun while no other
// package manager's lockfile is there.
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
	if rt, _, _, ok := parseStart(m.Scripts["start"]); ok && rt == "bun" {
		return "package.json's start script runs bun"
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

// migratedLockfiles are the other package managers' lockfiles bun install migrates when the
// project has no bun lockfile ("Automatic lockfile migration" in Bun's lockfile docs: yarn.lock
// v1, package-lock.json, pnpm-lock.yaml), in the order it looks for them (tried with bun 1.4.5:
// with all three, package-lock.json's versions are installed; without it, yarn.lock's). A
// frozen install of a migrated lockfile installs its versions and fails when package.json asks
// for others, as with bun.lock.
var migratedLockfiles = []string{"package-lock.json", "yarn.lock", "pnpm-lock.yaml"}

var (
	entryChars = regexp.MustCompile(`^[A-Za-z0-9._/@+-]+$`)
	// startScript is a start script this provider understands: bun or node running one file,
	// with bun's run subcommand allowed.
	startScript = regexp.MustCompile(`^\s*(bun|node)\s+(?:run\s+)?([A-Za-z0-9._/@+-]+\.(?:[cm]?[jt]sx?))\s*$`)
	// assignment is a variable a start script sets for its command (`NODE_ENV=production bun
	// dist/index.js`), of a plain value
	assignment  = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=([A-Za-z0-9._:/@,+-]*)$`)
	version     = regexp.MustCompile(`^v?([0-9]+(?:\.[0-9]+){0,2})$`)
	firstNumber = regexp.MustCompile(`[0-9]+`)
)

// entry is the file the image runs, and whether node runs it rather than bun.
type entry struct {
	File   string // relative to the app directory
	OnNode bool
	// Env is what the start script sets before its command, for the image (NODE_ENV=production
	// is the image's already).
	Env []plan.Env
	// From says where it was found, for messages.
	From string
}

// parseStart is the runtime (bun or node) and file of a start script running one file, after
// the variables it sets (`NODE_ENV=production bun dist/index.js`, Kyoo's API), which are env.
func parseStart(script string) (runtime, file string, env []plan.Env, ok bool) {
	words := strings.Fields(script)
	for len(words) > 0 && assignment.MatchString(words[0]) {
		k, v, _ := strings.Cut(words[0], "=")
		if k != "NODE_ENV" || v != "production" {
			env = append(env, plan.Env{Key: k, Value: v})
		}
		words = words[1:]
	}
	sm := startScript.FindStringSubmatch(strings.Join(words, " "))
	if sm == nil {
		return "", "", nil, false
	}
	return sm[1], sm[2], env, true
}

// defaultFiles are run when package.json names nothing, as `bun run` would find them.
var defaultFiles = []string{"index.ts", "index.js", "src/index.ts", "src/index.js"}

// chooseEntry is the spec's entrypoint, else the start script's file, else package.json's module
// or main, else a default file that exists. Nothing found is an error naming what was tried.
//
// probed says that planning asked whether the files the start script, module and main name
// exist, and the same paths with the other script extensions (entryProbes): a package without a
// build, whose files are the source's. Then a file that is not there but whose sibling is
// (`bun init`'s "module": "index.ts" beside the index.tsx it wrote, Elysia's template's "module":
// "src/index.js" beside its src/index.ts) is run as that sibling, the file the project runs;
// a module or main with no sibling either gives way to the file the dev script runs, when that
// is there (a workspace package's "module": "index.ts", left by `bun init`, beside its server's
// src/index.ts, which its dev script and Dockerfile run); else it is kept, and the builder's
// check says it is missing.
func chooseEntry(ep string, m manifest, f lang.Facts, probed bool) (entry, bool) {
	if ep != "" {
		file, ok := entryPath(ep)
		return entry{File: file, From: "entrypoint"}, ok
	}
	there := func(file string) string {
		if !probed || f.Has(file) {
			return file
		}
		for _, alt := range siblings(file) {
			if f.Has(alt) {
				return alt
			}
		}
		return file
	}
	if runtime, file, env, ok := parseStart(m.Scripts["start"]); ok {
		if file, ok := entryPath(file); ok {
			return entry{File: there(file), OnNode: runtime == "node", Env: env, From: "the start script"}, true
		}
	}
	for _, field := range []struct{ name, value string }{{"module", m.Module}, {"main", m.Main}} {
		if file, ok := entryPath(field.value); ok && field.value != "" {
			e := entry{File: there(file), From: "package.json's " + field.name}
			// neither it nor a sibling is there: the file the dev script runs, when it is
			// (Databuddy's apps/api: "module": "index.ts", `dev: bun --hot src/index.ts`)
			if dev, ok := devFile(m); probed && !f.Has(e.File) && ok && f.Has(dev) {
				return entry{File: dev, From: "the dev script (" + e.From + " names " + e.File + ", which is not there)"}, true
			}
			return e, true
		}
	}
	for _, file := range defaultFiles {
		if f.Has(file) {
			return entry{File: file, From: file}, true
		}
	}
	return entry{}, false
}

// devRun is a dev script running one file with bun, watching it: `bun --hot src/index.ts
// --port 3001`, `bun run --watch src/index.ts`; what follows the file is the program's.
var devRun = regexp.MustCompile(`^\s*bun\s+(?:run\s+)?(?:--(?:hot|watch)\s+)*(?:run\s+)?([A-Za-z0-9._/@+-]+\.(?:[cm]?[jt]sx?))(?:\s|$)`)

// devFile is the file the dev script runs with bun, if it runs one.
func devFile(m manifest) (string, bool) {
	sm := devRun.FindStringSubmatch(m.Scripts["dev"])
	if sm == nil {
		return "", false
	}
	return entryPath(sm[1])
}

// scriptExts are the extensions bun runs a script by, in the order a missing file's siblings are
// tried: TypeScript's first, since a TypeScript project names its files by what tsc would emit.
var scriptExts = []string{".ts", ".tsx", ".js", ".jsx", ".mts", ".mjs", ".cts", ".cjs"}

// siblings are file's path with the other script extensions; none when it has none of them.
func siblings(file string) []string {
	ext := path.Ext(file)
	if !slices.Contains(scriptExts, ext) {
		return nil
	}
	var out []string
	for _, x := range scriptExts {
		if x != ext {
			out = append(out, strings.TrimSuffix(file, ext)+x)
		}
	}
	return out
}

// namedEntries are the files package.json names for the image to run: the start script's,
// module and main.
func namedEntries(m manifest) []string {
	var out []string
	if _, file, _, ok := parseStart(m.Scripts["start"]); ok {
		out = append(out, file)
	}
	for _, v := range []string{m.Module, m.Main} {
		if file, ok := entryPath(v); ok && v != "" {
			out = append(out, file)
		}
	}
	return out
}

// entryProbes ask whether the files package.json in dir names to run exist, and their siblings,
// when nothing builds them (no build script, no build.command, no entrypoint): chooseEntry's
// probed. Presence only: the source is never read.
func entryProbes(s *spec.Spec, f lang.Facts, dir string) []string {
	if s.Entrypoint != "" || s.Build.Command != nil || !f.Has(path.Join(dir, "package.json")) {
		return nil
	}
	m, err := readManifest(f[path.Join(dir, "package.json")])
	if err != nil {
		return nil
	}
	return probes(dir, m)
}

// probes are entryProbes of the manifest m of the package in dir.
func probes(dir string, m manifest) []string {
	if m.Scripts["build"] != "" {
		return nil
	}
	var out []string
	for _, file := range namedEntries(m) {
		if file, ok := entryPath(file); ok {
			for _, p := range append([]string{file}, siblings(file)...) {
				out = append(out, lang.Probe(path.Join(dir, p)))
			}
		}
	}
	if file, ok := devFile(m); ok && (m.Module != "" || m.Main != "") { // chooseEntry's fallback
		out = append(out, lang.Probe(path.Join(dir, file)))
	}
	return out
}

func entryPath(p string) (string, bool) {
	rel, ok := lang.RelPath(strings.TrimSpace(p))
	if !ok || rel == "." || !entryChars.MatchString(p) {
		return "", false
	}
	return rel, true
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
