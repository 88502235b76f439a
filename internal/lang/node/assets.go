package node

import (
	"cmp"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// Assets are the stages that build a Node.js project for another language's build (the spec's
// `assets`): the dependency install of a Node.js build, with the project's lockfile, package
// manager, version and caches, then its build script. Nothing else of the spec applies to them
// but build.env, build.secrets, build.ssh and args: version, build.image, build.command and
// build.packages are the main build's.
type Assets struct {
	// Deps and Build are the stages, named "deps" and "builder" like a Node.js build's; Build
	// starts from Deps. Their context copies read the project's files as if it were the
	// context's root (package.json, not ui/package.json): the caller moves them. Scripts, when
	// not nil, is the "scripts" stage their steps mount (corepack's, for pnpm and yarn).
	Deps, Build, Scripts *plan.Stage
	// Dir is where the project is in Build.
	Dir string
	// Args are the arguments the stages use that the main build may not declare (registry mirrors).
	Args []plan.Arg
	// Notes are what planning found worth a warning (no lockfile, no packageManager).
	Notes []plan.Note
}

// AssetsOutput is where the assets' build writes when the spec names no `assets.output`,
// relative to their directory, clean (it may start with ../): Vite's `--outDir` of the script
// that builds them (assets.script, "" for build) or `build.outDir` of its config (gotify's UI
// writes build/); "" for the default (spec.Assets.OutputDir).
func AssetsOutput(f lang.Facts, script string) string {
	m, err := readManifest(f["package.json"])
	if err != nil || !f.Has("package.json") || (!m.Deps["vite"] && viteConfig(f) == "") {
		return ""
	}
	out := viteOutDirAsWritten(f, m, cmp.Or(script, "build"))
	if out == "" || path.IsAbs(out) || path.Clean(out) == "." {
		return ""
	}
	return path.Clean(out)
}

// AssetsScriptNote warns, when the spec names no assets.script, of another script of the
// assets' package.json that builds with Vite into a directory outside theirs (memos' `release`,
// --outDir=../server/router/frontend/dist, where its Go server embeds a committed placeholder)
// while `build` writes inside it: the image would hold the placeholder. dir is the assets'
// directory, for the message.
func AssetsScriptNote(f lang.Facts, dir string) (n plan.Note, ok bool) {
	m, err := readManifest(f["package.json"])
	if err != nil || !f.Has("package.json") || m.Scripts["build"] == "" {
		return n, false
	}
	built := path.Clean(cmp.Or(viteOutDirAsWritten(f, m, "build"), "dist"))
	if built == ".." || strings.HasPrefix(built, "../") {
		return n, false
	}
	for _, name := range slices.Sorted(maps.Keys(m.Scripts)) {
		sm := viteOutDirFlag.FindStringSubmatch(m.Scripts[name])
		if name == "build" || sm == nil {
			continue
		}
		if out := path.Clean(sm[1]); out == ".." || strings.HasPrefix(out, "../") {
			return rules.AssetsScript.Note("", rules.AssetsScript.Format(dir, name, path.Join(dir, out), path.Join(dir, built))), true
		}
	}
	return n, false
}

// PlanAssets plans the stages building the Node.js project whose files f holds (read relative to
// the project's directory); out is the directory its build writes, relative to the project, which
// the build stage checks it left (lang.Expect).
func PlanAssets(s *spec.Spec, f lang.Facts, out string) (*Assets, error) {
	if !f.Has("package.json") {
		return nil, fmt.Errorf("no package.json")
	}
	m, err := readManifest(f["package.json"])
	if err != nil {
		return nil, err
	}
	script := "build"
	if s.Assets != nil {
		script = cmp.Or(s.Assets.Script, script)
	}
	if m.Scripts[script] == "" {
		return nil, fmt.Errorf("package.json has no %s script", script)
	}
	sub := *s // the main build's toolchain settings are not the project's
	sub.Version, sub.Workdir, sub.Runtime, sub.Entrypoint = "", "", "", ""
	sub.Build.Image, sub.Build.Command, sub.Build.Packages = "", nil, nil
	ver, notes, err := resolveVersion(&sub, f, m)
	if err != nil {
		return nil, err
	}
	pm, pmNotes, err := detectManager(f, m)
	if err != nil {
		return nil, err
	}
	sub.Packages = nil
	b := &build{s: &sub, m: m, pm: pm, ver: ver, image: builderImage(&sub, ver, ""), appDir: defaultAppDir, hasBuild: true,
		entryBuild: pm.run(script)}
	left := lang.Expected{Paths: []string{path.Join(b.appDir, out)}, What: "the assets' output",
		Field: lang.FirstField(s, "assets.output", "assets"),
		Fix:   "set `assets.output` to the directory the build writes (relative to the build context), or fix the build"}
	p, err := b.toolchain(left).BuildStages(&sub, "node")
	if err != nil {
		return nil, err
	}
	a := &Assets{Deps: p.Stage("deps"), Build: p.Stage("builder"), Scripts: p.Stage("scripts"), Dir: b.appDir,
		Notes: append(notes, pmNotes...)}
	for _, arg := range p.Args {
		if arg.Tool {
			a.Args = append(a.Args, arg)
		}
	}
	return a, nil
}
