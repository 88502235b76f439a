package node

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"gopkg.in/yaml.v3"
)

// kind is a package manager family; each has its own lockfile, commands, store and settings.
type kind string

const (
	npm         kind = "npm"
	pnpm        kind = "pnpm"
	yarnClassic kind = "yarn"
	yarnBerry   kind = "yarn berry"
)

// lockfiles in the order npm, pnpm and yarn look for them.
var lockfiles = map[kind][]string{
	npm:         {"npm-shrinkwrap.json", "package-lock.json"},
	pnpm:        {"pnpm-lock.yaml"},
	yarnClassic: {"yarn.lock"},
	yarnBerry:   {"yarn.lock"},
}

// unknownLockfiles are lockfiles of package managers this build does not run, whose they are, and
// why. A context with bun's lockfile is detected as Bun: Node.js plans it when the spec says so.
var unknownLockfiles = []struct{ file, tool, why string }{
	{"bun.lock", "bun", "`language: node` builds with npm, pnpm or yarn; `language: bun`, or none, builds with bun"},
	{"bun.lockb", "bun", "`language: node` builds with npm, pnpm or yarn; `language: bun`, or none, builds with bun"},
	{"deno.lock", "Deno", "`language: node` builds with npm, pnpm or yarn; `language: deno`, or none, builds with Deno"},
}

// unknownLockfileNotes warn that a lockfile is present that the install will not follow.
func unknownLockfileNotes(f lang.Facts, pm manager) []plan.Note {
	var notes []plan.Note
	for _, u := range unknownLockfiles {
		if f.Has(u.file) {
			notes = append(notes, rules.UnknownLockfile.Note("", rules.UnknownLockfile.Format(
				u.file, u.tool, u.why, string(pm.kind), pm.lockfile, lockCommand(pm.kind))))
		}
	}
	return notes
}

// lockCommand writes a package manager's lockfile without installing.
func lockCommand(k kind) string {
	switch k {
	case pnpm:
		return "pnpm install --lockfile-only"
	case yarnClassic:
		return "yarn install"
	case yarnBerry:
		return "yarn install --mode=update-lockfile"
	}
	return "npm install --package-lock-only"
}

// manager is the package manager a project uses and what the build needs of it.
type manager struct {
	kind kind
	// lockfile is "" when the project has none: the install then resolves versions itself.
	lockfile string
	// corepack is how corepack provides pnpm or yarn: "" for npm (the image's own), "project"
	// when package.json's packageManager pins it, else the line to install ("pnpm@9").
	corepack string
	// yarnPath is the yarn release the project commits, run instead of corepack's.
	yarnPath string
	// files are the other files the install reads (.npmrc, .yarnrc.yml, its yarnPath, patches).
	files []string
	// pnp is set when yarn berry would use Plug'n'Play: the build installs node_modules instead.
	pnp bool
}

// bin is the command users type.
func (m manager) bin() string {
	if m.kind == yarnBerry {
		return "yarn"
	}
	return string(m.kind)
}

// install installs every dependency, exactly as the lockfile says when there is one.
func (m manager) install() []string {
	locked := m.lockfile != ""
	switch m.kind {
	case pnpm:
		return when(locked, []string{"pnpm", "install", "--frozen-lockfile"}, []string{"pnpm", "install"})
	case yarnClassic:
		return when(locked, []string{"yarn", "install", "--frozen-lockfile"}, []string{"yarn", "install"})
	case yarnBerry:
		return when(locked, []string{"yarn", "install", "--immutable"}, []string{"yarn", "install"})
	}
	return when(locked, []string{"npm", "ci"}, []string{"npm", "install"})
}

// prodInstall drops the dev dependencies from deps' node_modules. It runs on top of deps rather
// than as a fresh install: packages already built keep their build, and the project's own
// lifecycle scripts (a `prepare` calling husky, a dev dependency) do not run again. yarn 1 is
// the exception: it copies packages afresh, so it must run their build scripts again.
// When the project has no lockfile, deps' install has written one.
func (m manager) prodInstall() []string {
	switch m.kind {
	case pnpm:
		return []string{"pnpm", "prune", "--prod", "--ignore-scripts"}
	case yarnClassic:
		return []string{"yarn", "install", "--frozen-lockfile", "--production"}
	case yarnBerry:
		return []string{"yarn", "workspaces", "focus", "--all", "--production"}
	}
	return []string{"npm", "prune", "--omit=dev"}
}

func (m manager) run(script string) []string { return []string{m.bin(), "run", script} }
func (m manager) test() []string             { return []string{m.bin(), "test"} }

// Where each package manager keeps its store, mounted as a cache shared by every build on the
// builder. yarn 1's cache is not safe for concurrent installs, so its mount is locked.
const (
	npmCache   = "/root/.npm"
	pnpmStore  = "/pnpm/store"
	yarnCache  = "/usr/local/share/.cache/yarn"
	berryHome  = "/usr/local/share/.yarn/berry"
	berryCache = berryHome + "/cache"
)

func (m manager) cache() plan.Mount {
	switch m.kind {
	case pnpm:
		return plan.Mount{Type: plan.MountCache, ID: "pnpm-store", Target: pnpmStore}
	case yarnClassic:
		return plan.Mount{Type: plan.MountCache, ID: "yarn", Target: yarnCache, Sharing: plan.SharingLocked}
	case yarnBerry:
		return plan.Mount{Type: plan.MountCache, ID: "yarn-berry", Target: berryCache}
	}
	return plan.Mount{Type: plan.MountCache, ID: "npm", Target: npmCache}
}

// env is the settings every command of the build needs alike (install, build, test): a yarn
// berry project installed with a different linker than `yarn run` expects refuses to run.
func (m manager) env() []plan.Env {
	switch m.kind {
	case npm:
		return []plan.Env{{Key: "NPM_CONFIG_UPDATE_NOTIFIER", Value: "false"},
			{Key: "NPM_CONFIG_FUND", Value: "false"}, {Key: "NPM_CONFIG_AUDIT", Value: "false"}}
	case pnpm:
		return []plan.Env{{Key: "COREPACK_ENABLE_DOWNLOAD_PROMPT", Value: "0"}, {Key: "NPM_CONFIG_STORE_DIR", Value: pnpmStore},
			{Key: "NPM_CONFIG_UPDATE_NOTIFIER", Value: "false"}}
	case yarnClassic:
		return []plan.Env{{Key: "COREPACK_ENABLE_DOWNLOAD_PROMPT", Value: "0"}, {Key: "YARN_CACHE_FOLDER", Value: yarnCache}}
	}
	env := []plan.Env{{Key: "COREPACK_ENABLE_DOWNLOAD_PROMPT", Value: "0"}, {Key: "YARN_ENABLE_TELEMETRY", Value: "0"},
		{Key: "YARN_ENABLE_GLOBAL_CACHE", Value: "true"}, {Key: "YARN_GLOBAL_FOLDER", Value: berryHome}}
	if m.pnp {
		env = append(env, plan.Env{Key: "YARN_NODE_LINKER", Value: "node-modules"})
	}
	return env
}

// toolArgs are the registry settings a company mirror needs, passed from --build-arg to the
// dependency steps only. npm and pnpm read NPM_CONFIG_REGISTRY; corepack fetches pnpm and yarn.
func (m manager) toolArgs() []plan.Arg {
	var out []plan.Arg
	switch m.kind {
	case npm, pnpm:
		out = append(out, plan.Arg{Name: "NPM_CONFIG_REGISTRY", Description: "npm registry (a company mirror)"})
	case yarnClassic:
		out = append(out, plan.Arg{Name: "YARN_REGISTRY", Description: "npm registry yarn 1 installs from (a company mirror)"})
	case yarnBerry:
		out = append(out, plan.Arg{Name: "YARN_NPM_REGISTRY_SERVER", Description: "npm registry yarn installs from (a company mirror)"})
	}
	if m.kind != npm {
		out = append(out,
			plan.Arg{Name: "COREPACK_NPM_REGISTRY", Description: "registry corepack downloads " + m.bin() + " from"},
			plan.Arg{Name: "COREPACK_INTEGRITY_KEYS", Description: "keys corepack checks " + m.bin() + "'s signature with (0 skips the check, for mirrors that drop signatures)"})
	}
	return out
}

func when[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}

var (
	pmField       = regexp.MustCompile(`^(npm|pnpm|yarn)@([0-9]+)\.[0-9]+\.[0-9]+`)
	enginesMajor  = regexp.MustCompile(`^\s*(?:\^|~|>=|=)?\s*v?([0-9]+)(?:\.[0-9x*]+){0,2}\s*$`)
	pnpmLockMajor = regexp.MustCompile(`(?m)^lockfileVersion:\s*['"]?([0-9]+)(?:\.([0-9]+))?`)
	berryMeta     = regexp.MustCompile(`(?m)^__metadata:\s*\n\s+version:\s*([0-9]+)`)
	yarnrcPath    = regexp.MustCompile(`(?m)^\s*yarn-path\s+"?([^"\s]+)"?`)
)

// yarnKind is the yarn of a yarn project: berry with a .yarnrc.yml or a lockfile of berry's
// (its __metadata), else yarn 1.
func yarnKind(f lang.Facts) kind {
	return when(f.Has(".yarnrc.yml") || berryMeta.MatchString(f.Text("yarn.lock")), yarnBerry, yarnClassic)
}

// presentLockfile is the first of k's lockfiles the context has, "" for none.
func presentLockfile(f lang.Facts, k kind) string {
	for _, l := range lockfiles[k] {
		if f.Has(l) {
			return l
		}
	}
	return ""
}

// detectManager picks the package manager: package.json's packageManager when it names one,
// else the lockfile present (pnpm, then yarn, then npm; one that records every dependency of
// package.json before one that misses some: lockChoice), else npm without a lockfile.
func detectManager(f lang.Facts, m manifest) (manager, []plan.Note, error) {
	var notes []plan.Note
	var pm manager
	pinned := pmField.FindStringSubmatch(m.PackageManager)
	switch {
	case pinned != nil && pinned[1] == "yarn":
		pm.kind = when(pinned[2] == "1", yarnClassic, yarnBerry)
	case pinned != nil:
		pm.kind = kind(pinned[1])
	case f.Has("pnpm-lock.yaml"):
		pm.kind = pnpm
	case f.Has("yarn.lock") || f.Has(".yarnrc.yml"):
		pm.kind = yarnKind(f)
	default:
		pm.kind = npm
	}
	var stale string // why the order's lockfile was passed over (stalelock.go)
	if pinned == nil {
		if k, why, ok := lockChoice(f, pm.kind); ok {
			pm.kind, stale = k, why
		}
	}
	if m.PackageManager != "" && pinned == nil {
		notes = append(notes, rules.PackageManager.Note("", rules.PackageManager.Format(m.PackageManager, string(pm.kind))))
	}

	pm.lockfile = presentLockfile(f, pm.kind)
	var others []string
	for _, l := range []string{"package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock"} {
		if f.Has(l) && !slices.Contains(lockfiles[pm.kind], l) {
			others = append(others, l)
		}
	}
	if pm.lockfile == "" {
		want := lockfiles[pm.kind][len(lockfiles[pm.kind])-1]
		notes = append(notes, rules.MissingLockfile.Note("", fmt.Sprintf(
			"no %s: the build runs `%s`, which resolves versions anew whenever the dependency step runs, "+
				"so two builds of the same source may differ; run `%s` and commit %s",
			want, strings.Join(pm.install(), " "), strings.Join(pm.install(), " "), want)))
	}
	if len(others) > 0 {
		notes = append(notes, rules.SeveralLockfiles.Note("", stale+rules.SeveralLockfiles.Format(string(pm.kind), orNone(pm.lockfile), others)))
	}

	notes = append(notes, unknownLockfileNotes(f, pm)...)
	notes = append(notes, lockHostNotes(f, pm)...)
	pm.yarnPath, _ = committedYarn(f, pm.kind)
	if pm.kind != npm && pm.yarnPath == "" {
		pm.corepack = "project"
		if pinned == nil {
			pm.corepack = corepackLine(pm.kind, f)
			if m.PackageManager == "" { // a field that is there is PackageManager's to warn of
				notes = append(notes, rules.PackageManagerVersion.Note("", rules.PackageManagerVersion.Format(pm.corepack)))
			}
		}
	}

	files, err := configFiles(f, pm, m)
	if err != nil {
		return pm, nil, err
	}
	pm.files = files
	if pm.kind == yarnBerry {
		var rc struct {
			NodeLinker string `yaml:"nodeLinker"`
		}
		_ = yaml.Unmarshal(f[".yarnrc.yml"], &rc)
		if rc.NodeLinker != "node-modules" && rc.NodeLinker != "pnpm" {
			pm.pnp = true
			notes = append(notes, rules.YarnPnP.Note("", rules.YarnPnP.Format()))
		}
	}
	return pm, notes, nil
}

func orNone(lockfile string) string {
	if lockfile == "" {
		return "no lockfile"
	}
	return lockfile
}

// corepackLine is the release line to install when packageManager pins none: the one that
// writes the project's lockfile format; for pnpm's current format (9.0, which pnpm 9 and later
// write), the major of package.json's engines.pnpm when it names 9 or later (authelia's web UI:
// "11", with a pnpm-workspace.yaml of settings only, which pnpm 9 refuses without `packages`).
func corepackLine(k kind, f lang.Facts) string {
	switch k {
	case pnpm:
		if m := pnpmLockMajor.FindStringSubmatch(f.Text("pnpm-lock.yaml")); m != nil {
			switch m[1] + "." + m[2] {
			case "5.3":
				return "pnpm@6"
			case "5.4":
				return "pnpm@7"
			case "6.0", "6.1":
				return "pnpm@8"
			}
		}
		var m struct {
			Engines struct {
				Pnpm string `json:"pnpm"`
			} `json:"engines"`
		}
		_ = json.Unmarshal(f["package.json"], &m)
		if major := enginesMajor.FindStringSubmatch(m.Engines.Pnpm); major != nil {
			if n, _ := strconv.Atoi(major[1]); n >= 9 && n < 100 {
				return "pnpm@" + major[1]
			}
		}
		return "pnpm@9"
	case yarnBerry:
		if m := berryMeta.FindStringSubmatch(f.Text("yarn.lock")); m != nil {
			switch v, _ := strconv.Atoi(m[1]); {
			case v <= 5:
				return "yarn@2"
			case v <= 7:
				return "yarn@3"
			}
		}
		return "yarn@4"
	}
	return "yarn@1"
}

// configFiles are the files besides package.json and the lockfile that the install reads.
func configFiles(f lang.Facts, pm manager, m manifest) ([]string, error) {
	var out []string
	present := func(names ...string) {
		for _, n := range names {
			if f.Has(n) {
				out = append(out, n)
			}
		}
	}
	present(".npmrc")
	var refs []string // paths named by config files: they must exist, so they are not facts
	switch pm.kind {
	case pnpm:
		present("pnpm-workspace.yaml", ".pnpmfile.cjs")
		// pnpm 10 keeps its settings in pnpm-workspace.yaml, patch-commit writes the patches there
		var ws struct {
			PatchedDependencies map[string]string `yaml:"patchedDependencies"`
		}
		_ = yaml.Unmarshal(f["pnpm-workspace.yaml"], &ws) // pnpm says what is wrong with it, at install
		for _, p := range ws.PatchedDependencies {
			refs = append(refs, p)
		}
		slices.Sort(refs) // a map was iterated: keep the plan deterministic
	case yarnClassic:
		present(".yarnrc")
		if m := yarnrcPath.FindStringSubmatch(f.Text(".yarnrc")); m != nil {
			refs = append(refs, m[1])
		}
	case yarnBerry:
		present(".yarnrc.yml")
		var rc struct {
			YarnPath string `yaml:"yarnPath"`
			Plugins  []any  `yaml:"plugins"`
		}
		if err := yaml.Unmarshal(f[".yarnrc.yml"], &rc); err != nil {
			return nil, fmt.Errorf(".yarnrc.yml is not valid YAML: %v", err)
		}
		if rc.YarnPath != "" {
			refs = append(refs, rc.YarnPath)
		}
		for _, p := range rc.Plugins {
			switch p := p.(type) {
			case string:
				refs = append(refs, p)
			case map[string]any:
				if s, ok := p["path"].(string); ok {
					refs = append(refs, s)
				}
			}
		}
	}
	out = append(out, patchFiles(f, m)...) // read while planning: present
	for _, r := range append(refs, m.Patches...) {
		clean, ok := entryPath(r)
		if !ok {
			return nil, fmt.Errorf("the install needs %q, which is not a plain path inside the build context", r)
		}
		out = append(out, clean)
	}
	// one COPY per directory follows: keep the root's files first, then each directory's together
	slices.SortStableFunc(out, func(a, b string) int { return strings.Compare(path.Dir(a), path.Dir(b)) })
	return lang.Unique(out), nil
}
