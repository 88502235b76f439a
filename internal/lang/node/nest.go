package node

import (
	"cmp"
	"encoding/json"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// NestJS: `nest build` compiles sourceRoot (src) with tsc (or swc, or webpack) into the outDir of
// the tsconfig it uses (tsconfig.build.json), and `nest start` runs <outDir>/<sourceRoot relative
// to rootDir>/<entryFile>.js: dist/main.js for `nest new`'s layout. In monorepo mode
// (nest-cli.json's `monorepo: true`, as `nest generate app` leaves a project) `projects` names the
// applications and libraries, each with its root, sourceRoot, entryFile and compilerOptions over
// the top level's; `nest build` builds the default one (the top level's root), `nest build <name>`
// another, and the spec's `workspace` selects one (pkg.project) when the project declares no
// package manager workspaces.

// nestCLI is what planning reads of nest-cli.json.
type nestCLI struct {
	nestProject
	Monorepo bool                   `json:"monorepo"`
	Projects map[string]nestProject `json:"projects"`
}

// nestProject is a project of nest-cli.json's projects (the top level is the default one).
type nestProject struct {
	Type            string `json:"type"`
	Root            string `json:"root"`
	SourceRoot      string `json:"sourceRoot"`
	EntryFile       string `json:"entryFile"`
	CompilerOptions struct {
		Webpack      *bool           `json:"webpack"`
		TsConfigPath string          `json:"tsConfigPath"`
		Builder      json.RawMessage `json:"builder"`
	} `json:"compilerOptions"`
}

// readNestCLI reads the package's nest-cli.json (zero when absent or not JSON).
func readNestCLI(p pkg) nestCLI {
	var cli nestCLI
	_ = json.Unmarshal(lang.JSONC(p.f[p.path("nest-cli.json")]), &cli)
	return cli
}

// apps are the names of the monorepo's applications, sorted.
func (c nestCLI) apps() []string {
	var out []string
	for name, proj := range c.Projects {
		if proj.Type != "library" {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// app is the application sel names: its name in projects, or its root directory.
func (c nestCLI) app(sel string) (string, bool) {
	if !c.Monorepo {
		return "", false
	}
	if proj, ok := c.Projects[sel]; ok && proj.Type != "library" {
		return sel, true
	}
	for _, name := range c.apps() {
		if root := c.Projects[name].Root; root != "" && path.Clean(root) == path.Clean(sel) {
			return name, true
		}
	}
	return "", false
}

// options are the settings `nest build <name>` builds with: the project's, else the top
// level's (the CLI's getValueOrDefault); the top level's alone for "" (the default project).
func (c nestCLI) options(name string) nestProject {
	o := c.nestProject
	proj, ok := c.Projects[name]
	if !ok {
		return o
	}
	o.Root = cmp.Or(proj.Root, o.Root)
	o.SourceRoot = cmp.Or(proj.SourceRoot, o.SourceRoot)
	o.EntryFile = cmp.Or(proj.EntryFile, o.EntryFile)
	o.CompilerOptions.TsConfigPath = cmp.Or(proj.CompilerOptions.TsConfigPath, o.CompilerOptions.TsConfigPath)
	if proj.CompilerOptions.Webpack != nil {
		o.CompilerOptions.Webpack = proj.CompilerOptions.Webpack
	}
	if len(proj.CompilerOptions.Builder) > 0 {
		o.CompilerOptions.Builder = proj.CompilerOptions.Builder
	}
	return o
}

// bundles reports a webpack or rspack build, which writes one bundle per application:
// <webpack's output path, dist>/<root>/<entryFile>.js. A monorepo without a builder named is
// taken as `nest generate app` leaves it, with `webpack: true`.
func (o nestProject) bundles(monorepo bool) bool {
	builder := string(o.CompilerOptions.Builder)
	switch {
	case o.CompilerOptions.Webpack != nil:
		return *o.CompilerOptions.Webpack
	case strings.Contains(builder, "webpack") || strings.Contains(builder, "rspack"):
		return true
	}
	return monorepo && builder == ""
}

// nestEntry is what `nest build` writes for the default project, or for the application the
// spec's workspace selects in a monorepo (built by `nest build <name>`).
func nestEntry(p pkg) (entry, bool) {
	if !p.m.Deps["@nestjs/core"] && !p.has("nest-cli.json") {
		return entry{}, false
	}
	cli := readNestCLI(p)
	name := ""
	if p.project != "" {
		var ok bool
		if name, ok = cli.app(p.project); !ok {
			return entry{}, false
		}
	}
	o := cli.options(name)
	sourceRoot := cmp.Or(o.SourceRoot, "src")
	entryFile := cmp.Or(o.EntryFile, "main")
	tsconfig := cmp.Or(o.CompilerOptions.TsConfigPath, "tsconfig.build.json")
	if !p.has(tsconfig) && name == "" {
		tsconfig = "tsconfig.json"
	}
	outDir, rootDir := tsOutDirs(p, tsconfig)
	outDir = cmp.Or(outDir, "dist")
	var file, from string
	switch builder := string(o.CompilerOptions.Builder); {
	case o.bundles(cli.Monorepo) && cli.Monorepo: // webpack's own output path, dist, whatever the tsconfig says
		file = path.Join("dist", o.Root, entryFile+".js")
	case o.bundles(cli.Monorepo):
		file = path.Join(outDir, entryFile+".js")
	case strings.Contains(builder, "swc"): // nest runs swc with --strip-leading-paths
		file = path.Join(outDir, entryFile+".js")
	default:
		guessed := false
		if rootDir == "" && tsMajor(p) < 6 {
			rootDir = sourceRoot // tsc's common root of the inputs: tsconfig.build.json compiles src only
			guessed = name == "" && readTsconfig(p, tsconfig).Include == nil
		}
		if rootDir == "" && name != "" {
			rootDir = path.Dir(tsconfig) // TypeScript 6's default: the tsconfig's directory
		}
		rel := strings.TrimPrefix(path.Join(sourceRoot, entryFile), path.Clean(cmp.Or(rootDir, "."))+"/")
		file = path.Join(outDir, rel+".js")
		if guessed {
			if named, script, ok := nestDeeper(p, outDir, sourceRoot, entryFile); ok {
				file, from = named, "; package.json's "+script+" script names it there"
			}
		}
	}
	file, ok := entryPath(file)
	if !ok {
		return entry{}, false
	}
	e := entry{File: file, From: "NestJS (nest-cli.json, " + tsconfig + "'s outDir " + outDir + from + ")",
		Ship: withDeps(lang.TopDir(file) + "/")}
	if name != "" {
		e.From = "NestJS's application " + name + " (nest-cli.json's projects, `nest build " + name + "`)"
		e.Build = []string{"node_modules/.bin/nest", "build", name}
	}
	if name == "" && !p.hasBuild && p.m.Deps["@nestjs/cli"] && len(otherBuilds(p.m)) == 0 {
		// no build script (mikro-orm's realworld app: `start: nest start`, `start:prod: node
		// dist/main`): `nest start` compiles before it runs, so `nest build` is the project's
		// build, as the NestJS CLI's docs and `nest new`'s build script have it; not beside
		// build:* scripts, which stay the project's to choose (BuildScriptNotRun)
		e.From = strings.TrimSuffix(e.From, ")") + "; `nest build`, package.json having no build script)"
		e.Build = []string{"node_modules/.bin/nest", "build"}
	}
	return e, true
}

// nestSelection is the application of a NestJS monorepo that the spec's workspace selects, when
// the project declares no package manager workspaces (those come first): its name in
// nest-cli.json's projects, or its root directory. ok is false when the spec selects none;
// err when the project is a NestJS monorepo whose applications do not include it.
func nestSelection(s *spec.Spec, f lang.Facts) (name string, ok bool, err error) {
	if s.Workspace == "" || len(workspaceGlobs(f)) > 0 || !f.Has("nest-cli.json") {
		return "", false, nil
	}
	cli := readNestCLI(pkg{f: f, dir: "."})
	if !cli.Monorepo || len(cli.Projects) == 0 {
		return "", false, nil
	}
	if _, ok := cli.app(s.Workspace); ok {
		return s.Workspace, true, nil
	}
	return "", false, lang.FieldError(s, "workspace", "write one of "+strings.Join(cli.apps(), ", ")+" (by name or root directory)",
		"%q is not an application of nest-cli.json's projects", s.Workspace)
}

// nestFollow are the tsconfigs of a NestJS monorepo's applications, which say where a tsc or
// swc build writes each (a webpack build writes to dist/ whatever they say).
func nestFollow(f lang.Facts) []string {
	cli := readNestCLI(pkg{f: f, dir: "."})
	if !cli.Monorepo {
		return nil
	}
	var out []string
	for _, name := range cli.apps() {
		if ts, ok := lang.RelPath(cli.options(name).CompilerOptions.TsConfigPath); ok && ts != "." {
			out = append(out, ts)
		}
	}
	return out
}

// nestDeeper is the entry a production script other than start:prod and start (otherStarts:
// pingvin-share's `prod: prisma migrate deploy && prisma db seed && node dist/src/main`) runs
// below the outDir, at <outDir>/.../<sourceRoot>/<entryFile>, when tsc's common root of the
// inputs is unknown: without include, tsconfig.build.json compiles every TypeScript file of the
// project but the tests, and one outside sourceRoot (its prisma/seed/config.seed.ts) makes the
// project's directory the root, so `nest build` writes dist/src/main.js, not dist/main.js. Only
// the files tell, which planning does not list: the script that runs the build's output does.
// Its last command after steps (startSteps) counts; a file of the context does not.
func nestDeeper(p pkg, outDir, sourceRoot, entryFile string) (file, script string, ok bool) {
	want := "/" + path.Join(sourceRoot, entryFile)
	for _, name := range otherStarts {
		if p.m.Scripts[name] == "" {
			continue
		}
		cmd, _, _ := p.start(name)
		if server, _, ok := lastServer(p.m.Scripts, cmd); ok {
			cmd = server
		}
		sf, isNode := parseStart(cmd)
		f, valid := entryPath(sf.File)
		if !isNode || !valid || p.inContext(f) {
			continue
		}
		stem := f
		for _, ext := range []string{".js", ".cjs", ".mjs"} {
			stem = strings.TrimSuffix(stem, ext)
		}
		if rel, below := strings.CutPrefix(stem, path.Clean(outDir)+"/"); below && strings.HasSuffix("/"+rel, want) {
			return stem + ".js", name, true
		}
	}
	return "", "", false
}
