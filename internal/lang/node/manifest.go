package node

import (
	"cmp"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// Package is what every JavaScript provider reads of package.json (Bun's manifest and this
// provider's embed it): its name, the files it names to run, its scripts, packageManager and
// engines.
type Package struct {
	Name, Module, Main      string
	Scripts                 map[string]string
	PackageManager          string
	EnginesNode, EnginesBun string
}

// ReadPackage reads package.json's Package fields one by one: a field of an unexpected type is
// ignored, as npm and bun mostly do, rather than failing the whole file. get reads the fields a
// provider wants besides; an error when the file is not JSON.
func ReadPackage(data []byte) (p Package, get func(key string, into any) error, err error) {
	get, err = lang.JSONFields(data, "package.json")
	if err != nil {
		return Package{}, nil, err
	}
	get("name", &p.Name)
	get("module", &p.Module)
	get("main", &p.Main)
	get("scripts", &p.Scripts)
	get("packageManager", &p.PackageManager)
	var engines struct{ Node, Bun string }
	get("engines", &engines)
	p.EnginesNode, p.EnginesBun = engines.Node, engines.Bun
	return p, get, nil
}

// manifest is what the provider uses of package.json: Package, and what npm, pnpm and yarn
// read besides.
type manifest struct {
	Package
	// HasProdDeps: dependencies, optionalDependencies or peerDependencies (npm 7+ installs peers).
	HasProdDeps bool
	// Deps are the names of every dependency, dev dependencies included; Prod those of
	// dependencies, optionalDependencies and peerDependencies.
	Deps, Prod map[string]bool
	// Ranges are their version ranges as written ("^16.2.0"), dev dependencies included.
	Ranges map[string]string
	// Patches are patch files the install reads: pnpm's patchedDependencies and yarn's patch: protocol.
	Patches []string
	// PrismaSchema is package.json's prisma.schema: where the Prisma CLI finds the schema (before Prisma 7).
	PrismaSchema string
	// Files is package.json's files: what npm publishes of the package (published.go); Private
	// is its private (npm publishes nothing); Bin are the files of its bin, a string or a map.
	Files   []string
	Private bool
	Bin     []string
	// Source is package.json's source, Parcel's entries when its build names none (parcel.go);
	// DistDir is Parcel's targets.default.distDir.
	Source  []string
	DistDir string
}

// rootManifest is the context's package.json, read; false when there is none (an absent file,
// or a probe's, has no content, which is not JSON) or it is not JSON.
func rootManifest(f lang.Facts) (manifest, bool) {
	m, err := readManifest(f["package.json"])
	return m, err == nil
}

func readManifest(data []byte) (manifest, error) {
	p, get, err := ReadPackage(data)
	if err != nil {
		return manifest{}, err
	}
	m := manifest{Package: p}
	var prisma struct{ Schema string }
	get("prisma", &prisma)
	m.PrismaSchema = prisma.Schema
	if get("files", &m.Files) != nil {
		m.Files = nil // a list that is not all strings says nothing npm would publish
	}
	get("private", &m.Private)
	var source string
	if get("source", &source); source != "" {
		m.Source = []string{source}
	} else {
		get("source", &m.Source)
	}
	var targets struct {
		Default struct{ DistDir string }
	}
	get("targets", &targets)
	m.DistDir = targets.Default.DistDir
	var bin string
	var bins map[string]string
	if get("bin", &bin); bin != "" {
		m.Bin = []string{bin}
	} else if get("bin", &bins); len(bins) > 0 {
		for _, b := range bins {
			m.Bin = append(m.Bin, b)
		}
		slices.Sort(m.Bin)
	}

	deps := map[string]map[string]string{}
	for _, key := range []string{"dependencies", "optionalDependencies", "peerDependencies", "devDependencies", "resolutions"} {
		var d map[string]string
		get(key, &d)
		deps[key] = d
	}
	m.HasProdDeps = len(deps["dependencies"])+len(deps["optionalDependencies"])+len(deps["peerDependencies"]) > 0
	m.Deps, m.Prod, m.Ranges = map[string]bool{}, map[string]bool{}, map[string]string{}
	for _, key := range []string{"dependencies", "optionalDependencies", "peerDependencies", "devDependencies"} {
		for name, v := range deps[key] {
			m.Prod[name] = m.Prod[name] || key != "devDependencies"
			if !m.Deps[name] { // the first list that names it gives its range
				m.Deps[name], m.Ranges[name] = true, v
			}
		}
	}

	var pnpm struct {
		PatchedDependencies map[string]string `json:"patchedDependencies"`
	}
	get("pnpm", &pnpm)
	for _, p := range pnpm.PatchedDependencies {
		m.Patches = append(m.Patches, p)
	}
	for _, d := range deps {
		for _, v := range d {
			if p, ok := yarnPatchFile(v); ok {
				m.Patches = append(m.Patches, p)
			}
		}
	}
	slices.Sort(m.Patches) // maps were iterated: keep the plan deterministic
	m.Patches = slices.Compact(m.Patches)
	return m, nil
}

// yarnPatchFile finds the patch file of a yarn berry patch: descriptor, e.g.
// "patch:left-pad@npm%3A1.3.0#~/.yarn/patches/left-pad-npm-1.3.0.patch" -> .yarn/patches/left-pad-npm-1.3.0.patch.
func yarnPatchFile(v string) (string, bool) {
	if !strings.HasPrefix(v, "patch:") {
		return "", false
	}
	_, file, ok := strings.Cut(v, "#")
	if !ok {
		return "", false
	}
	file, _, _ = strings.Cut(file, "::") // yarn appends ::version=...&hash=... in lockfiles
	file = strings.TrimPrefix(file, "~/")
	if strings.HasPrefix(file, "optional!") || !strings.HasSuffix(file, ".patch") {
		return "", false
	}
	return file, true
}

// scriptFile is what a `start` script of the form `node [FLAG]... FILE [ARG]...` runs. Anything a
// shell would interpret makes it unusable: the image runs node directly, without a shell. Flags
// are `--name=value` or a known boolean flag; `-r x` or `--require x` would take the next word,
// so they are not recognised (write `--require=x`).
type scriptFile struct {
	File  string
	Flags []string
	Args  []string
}

var (
	shellMeta = regexp.MustCompile("[$`;&|<>(){}\\[\\]*?!~'\"\\\\#%]")
	valueFlag = regexp.MustCompile(`^--[a-z0-9][a-z0-9_-]*=[A-Za-z0-9._:/@,=+-]+$`)
	boolFlags = []string{"--enable-source-maps", "--no-warnings", "--no-deprecation", "--trace-warnings",
		"--trace-deprecation", "--trace-uncaught", "--throw-deprecation", "--expose-gc", "--preserve-symlinks",
		"--abort-on-uncaught-exception", "--experimental-vm-modules", "--experimental-require-module",
		"--experimental-strip-types", "--frozen-intrinsics", "--use-strict", "--pending-deprecation", "--preserve-symlinks-main",
		"--trace-exit", "--trace-sigint", "--trace-sync-io", "--zero-fill-buffers", "--report-uncaught-exception",
		"--report-on-fatalerror", "--expose-internals", "--no-experimental-fetch", "--no-opt", "--jitless",
		"--experimental-json-modules", "--experimental-import-meta-resolve", "--experimental-sqlite", "--experimental-websocket",
		"--no-experimental-websocket", "--experimental-global-webcrypto", "--experimental-wasm-modules"}
)

// v8Dashes is a flag with V8's underscores written as dashes: node takes V8's options either way
// (`--use_strict` is `--use-strict`, flood's start script), and boolFlags spells them with dashes.
func v8Dashes(flag string) string {
	if strings.HasPrefix(flag, "--") {
		return "--" + strings.ReplaceAll(flag[2:], "_", "-")
	}
	return flag
}

func parseStart(script string) (scriptFile, bool) {
	if shellMeta.MatchString(script) {
		return scriptFile{}, false
	}
	words := strings.Fields(script)
	if len(words) < 2 || words[0] != "node" {
		return scriptFile{}, false
	}
	var sf scriptFile
	for i, w := range words[1:] {
		if strings.HasPrefix(w, "-") {
			if !valueFlag.MatchString(w) && !slices.Contains(boolFlags, v8Dashes(w)) {
				return scriptFile{}, false
			}
			sf.Flags = append(sf.Flags, w)
			continue
		}
		sf.File = w
		sf.Args = words[i+2:]
		return sf, true
	}
	return scriptFile{}, false
}

// envFileFlag is node's --env-file=FILE (and --env-file-if-exists=FILE) for a .env file.
var envFileFlag = regexp.MustCompile(`^--env-file(?:-if-exists)?=(?:\./)?(?:[^=]*/)?\.env(?:\.[A-Za-z0-9._-]+)?$`)

// imageFlags are a start script's node flags as the image runs them: without --env-file of a
// .env file, which no image holds (whole-tree images leave .env files out: they hold secrets,
// which belong in the runtime's environment), and which node refuses to start without.
func imageFlags(flags []string) []string {
	return slices.DeleteFunc(slices.Clone(flags), envFileFlag.MatchString)
}

// parseTsx is what a `tsx [FLAG]... FILE [ARG]...` script runs: tsx runs TypeScript with node,
// taking node's flags, so it reads as parseStart reads `node`. `tsx watch` is for development
// and is not a start command. node with tsx's loader registered (`node --require tsx/cjs
// node/server.ts`, etherpad's; `node --import tsx`, tsx's docs) runs the same, its other flags
// kept.
func parseTsx(script string) (scriptFile, bool) {
	words := strings.Fields(script)
	if len(words) > 2 && words[0] == "node" {
		for i := 1; i+1 < len(words); i++ {
			if slices.Contains([]string{"-r", "--require", "--import", "--loader"}, words[i]) && slices.Contains(tsxHooks, words[i+1]) {
				words = slices.Concat([]string{"tsx"}, words[1:i], words[i+2:])
				break
			}
		}
	}
	if len(words) < 2 || words[0] != "tsx" {
		return scriptFile{}, false
	}
	sf, ok := parseStart("node " + strings.Join(words[1:], " "))
	return sf, ok && sf.File != "watch"
}

// parseServer is the file a start command runs with node (parseStart) or tsx (parseTsx).
func parseServer(script string) (scriptFile, bool) {
	if sf, ok := parseStart(script); ok {
		return sf, true
	}
	return parseTsx(script)
}

// tsxHooks are tsx's loaders as node's --require or --import names them.
var tsxHooks = []string{"tsx", "tsx/cjs", "tsx/esm"}

// maxScriptDepth is how many scripts a start script is followed through (`npm run x` runs x).
const maxScriptDepth = 4

var assignment = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=([A-Za-z0-9._:/@,+-]*)$`)

// startCommand is the command a package.json script comes down to, as its package manager
// would run it: `npm start`, `npm run x`, `yarn [run] x`, `pnpm [run] x` and `bun run x` run
// another script (followed up to maxScriptDepth), with the words after a `--` appended to it
// (`npm run with:env -- node server.js` where with:env is `dotenv -e .env --`); in `a && b`
// where every command before the last runs the build script, the last (the builder has
// built); leading NAME=value words, and cross-env's, are the program's environment, and
// dotenv-cli's `dotenv [FLAG]... --` before a command loads .env files, which no image holds
// (the environment is the runtime's), so the command is what follows. A script it cannot
// follow comes back as it is.
func startCommand(scripts map[string]string, name string) (cmd string, env []plan.Env) {
	cmd = scripts[name]
	for range maxScriptDepth {
		if segs := strings.Split(cmd, "&&"); len(segs) > 1 {
			for _, seg := range segs[:len(segs)-1] {
				if !runsBuild(scripts, seg) {
					return cmd, env
				}
			}
			cmd = segs[len(segs)-1]
		}
		words := strings.Fields(cmd)
		for n := -1; n != len(words); { // in any order: `NODE_ENV=production env-cmd -f .env node x`
			n = len(words)
			words = withoutEnvCmd(withoutDotenv(words))
			if len(words) > 0 && words[0] == "cross-env" {
				words = words[1:]
			}
			for len(words) > 0 && assignment.MatchString(words[0]) {
				k, v, _ := strings.Cut(words[0], "=")
				if k != "NODE_ENV" || v != "production" { // the image's already
					env = append(env, plan.Env{Key: k, Value: v})
				}
				words = words[1:]
			}
		}
		cmd = strings.Join(words, " ")
		run, args := words, []string(nil)
		if i := slices.Index(words, "--"); i > 0 {
			run, args = words[:i], words[i+1:]
		}
		next := cmp.Or(runsScript(run), osScript(scripts, name, run))
		if next == "" || next == name || scripts[next] == "" {
			return cmd, env
		}
		name, cmd = next, strings.Join(append([]string{scripts[next]}, args...), " ")
	}
	return cmd, env
}

// withoutDotenv is a command without dotenv-cli before it (`dotenv -e ../../.env -e .env.local
// -- node server.js` runs `node server.js`). Without `--`, dotenv-cli (minimist) takes every
// flag of the line as its own and runs the words left: `dotenv -e ../../.env node dist/index.js`
// (openpanel's api) runs `node dist/index.js`, read so when only -e and -v, which take a value,
// come before the command and no word of the command is a flag; else it is left as it is.
func withoutDotenv(words []string) []string {
	if len(words) == 0 || words[0] != "dotenv" {
		return words
	}
	if i := slices.Index(words, "--"); i > 0 && i < len(words)-1 {
		return words[i+1:]
	}
	rest := words[1:]
	for len(rest) > 1 && (rest[0] == "-e" || rest[0] == "-v") {
		rest = rest[2:]
	}
	if len(rest) == 0 || slices.ContainsFunc(rest, func(w string) bool { return strings.HasPrefix(w, "-") }) {
		return words
	}
	return rest
}

// withoutEnvCmd is a command without env-cmd before it, which loads a .env file as dotenv-cli
// does and fails when the file is not there (no image holds it): `env-cmd -f ../../.env node
// dist/app.js` (OpenDataCapture's api, whose Dockerfile runs `node ./dist/app.js`) runs `node
// dist/app.js`. env-cmd 10 (commander 4) takes its options before the first other word, which
// is the command, -f, -r and -e with a value unless the next word is a flag; a `--` ends them.
// --use-shell and --expand-envs change how the command is read: such a line, or an option it
// does not know, is left as it is.
func withoutEnvCmd(words []string) []string {
	if len(words) == 0 || words[0] != "env-cmd" {
		return words
	}
	rest := words[1:]
	for len(rest) > 0 && strings.HasPrefix(rest[0], "-") {
		flag := rest[0]
		rest = rest[1:]
		switch {
		case flag == "--" && len(rest) > 0:
			return rest
		case flag == "--":
			return words
		case slices.Contains([]string{"-f", "--file", "-r", "--rc-file", "-e", "--environments"}, flag):
			if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
				rest = rest[1:]
			}
		case strings.HasPrefix(flag, "--file=") || strings.HasPrefix(flag, "--rc-file=") || strings.HasPrefix(flag, "--environments="),
			slices.Contains([]string{"--fallback", "--no-override", "--silent", "--verbose"}, flag):
		default:
			return words
		}
	}
	if len(rest) == 0 {
		return words
	}
	return rest
}

// startBuild splits a start script that builds before it starts, in a package without a build
// script (fastify-cli's TypeScript template: `npm run build:ts && fastify start -l info
// dist/app.js`): the script the first command runs, when it compiles or bundles, is the build,
// which the builder runs, and the second is what the image starts. Otherwise script is "" and
// rest the command as it is.
func startBuild(scripts map[string]string, cmd string) (script, rest string) {
	first, second, found := strings.Cut(cmd, "&&")
	if !found || scripts["build"] != "" || strings.Contains(second, "&&") {
		return "", cmd
	}
	name := runsScript(strings.Fields(first))
	if name == "" || !bundlerRun.MatchString(scripts[name]) {
		return "", cmd
	}
	return name, strings.TrimSpace(second)
}

// osSuffixes are the scripts run-script-os runs on Linux for a script NAME, in the order it
// tries them: NAME:linux (the platform's), NAME:nix (any but Windows), NAME:default.
var osSuffixes = []string{":linux", ":nix", ":default"}

// osScript is the script run-script-os runs for the script name on Linux (Flowise's `start:
// run-script-os` runs `start:default`), "" when the command is not run-script-os or none is there.
func osScript(scripts map[string]string, name string, w []string) string {
	if len(w) != 1 || w[0] != "run-script-os" {
		return ""
	}
	for _, suffix := range osSuffixes {
		if scripts[name+suffix] != "" {
			return name + suffix
		}
	}
	return ""
}

// binRun is a command that runs a file of package.json's bin by its path, as a shell runs it
// through its `#!/usr/bin/env node` line, in the package's directory or after `cd DIR` (Flowise's
// oclif server: `cd bin && ./run start`), as `node FILE ARGS` with FILE relative to the package;
// other commands come back as they are. The image runs it from the package's directory, not DIR.
func binRun(bins []string, cmd string) string {
	dir, run := ".", cmd
	if first, rest, ok := strings.Cut(cmd, "&&"); ok {
		w := strings.Fields(first)
		if len(w) != 2 || w[0] != "cd" || strings.Contains(rest, "&&") {
			return cmd
		}
		dir, run = w[1], rest
	}
	w := strings.Fields(run)
	if len(w) == 0 || !strings.Contains(w[0], "/") || shellMeta.MatchString(run) {
		return cmd // a bin's name is looked up on PATH, where npm links no package's own bin
	}
	file, ok := entryPath(path.Join(dir, w[0]))
	isBin := func(b string) bool {
		c, ok := entryPath(b)
		return ok && c == file
	}
	if !ok || !slices.ContainsFunc(bins, isBin) {
		return cmd
	}
	return strings.Join(append([]string{"node", file}, w[1:]...), " ")
}

// runsScript is the package.json script a command runs with a package manager ("" for none).
func runsScript(w []string) string {
	switch {
	case len(w) == 2 && slices.Contains([]string{"npm", "yarn", "pnpm", "bun"}, w[0]) && w[1] == "start":
		return "start"
	case len(w) == 3 && (w[0] == "npm" && (w[1] == "run" || w[1] == "run-script") || slices.Contains([]string{"yarn", "pnpm", "bun"}, w[0]) && w[1] == "run"):
		return w[2]
	case len(w) == 2 && (w[0] == "yarn" || w[0] == "pnpm"): // yarn x, pnpm x run script x
		return w[1]
	}
	return ""
}

// builtGuard is a test of a file or directory before `||`: `test -f ./dist/server.js || pnpm
// run build` (Unleash's prepare) builds only when the build has not run.
var builtGuard = regexp.MustCompile(`^\s*(?:test\s+-[efd]\s+[^\s;&|]+|\[\s+-[efd]\s+[^\s;&|]+\s+\])\s*$`)

// runsBuild reports a command that runs the build script, or is it, also behind a builtGuard.
func runsBuild(scripts map[string]string, cmd string) bool {
	if guard, rest, ok := strings.Cut(cmd, "||"); ok && builtGuard.MatchString(guard) && !strings.Contains(rest, "||") {
		cmd = rest
	}
	w := strings.Fields(cmd)
	return runsScript(w) == "build" || scripts["build"] != "" && strings.Join(w, " ") == strings.Join(strings.Fields(scripts["build"]), " ")
}

// entryPath accepts a script path inside the app: relative, inside the context, and made of
// characters that need no quoting. It returns the path cleaned ("./dist/x.js" -> "dist/x.js").
var entryChars = regexp.MustCompile(`^[A-Za-z0-9._@+/-]+$`)

func entryPath(p string) (string, bool) {
	rel, ok := lang.RelPath(p)
	if !ok || !entryChars.MatchString(p) {
		return "", false
	}
	return rel, true
}
