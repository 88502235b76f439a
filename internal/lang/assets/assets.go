// Package assets adds the spec's `assets` to any language's plan: a Node.js project in a
// directory of the context (a web UI) is installed and built in stages of its own, and its output
// is copied into the builder right after the source, before the main build runs. Providers know
// nothing of it; internal/lang/providers calls Add on the plan a provider made.
package assets

import (
	"cmp"
	"errors"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// The stages' names: `--target assets` builds the assets alone.
const (
	DepsStage    = "assets-deps"
	BuildStage   = "assets"
	ScriptsStage = "assets-scripts"
)

// Reads are the Node.js project's files that planning reads, below its directory, and for a
// directory below the root the install files of each directory above it, the root's included,
// which say whether it is a package of a workspace there (Follow reads the workspace's
// manifests then).
func Reads(s *spec.Spec) []string {
	var out []string
	for _, a := range named(s) {
		for _, f := range (node.Provider{}).Language().Reads {
			out = append(out, path.Join(a.Dir, f))
		}
		if path.Clean(a.Dir) != "." {
			out = append(out, node.AssetsRootReads(a.Dir)...)
		}
	}
	return out
}

// Follow are the manifests of a workspace's packages when the assets are one of them,
// and the build file an esbuild build script runs, which names its output.
func Follow(s *spec.Spec, f lang.Facts) []string {
	var out []string
	for _, a := range named(s) {
		dir := path.Clean(a.Dir)
		out = append(out, node.AssetsFollow(f, dir)...)
		if file := node.EsbuildScriptFile(f.In(dir), cmp.Or(a.Script, "build")); file != "" {
			out = append(out, path.Join(dir, file))
		}
		out = append(out, besideFollow(f, dir, a.Script)...)
	}
	return out
}

// named are the spec's assets that name their directory (all of them, once validated).
func named(s *spec.Spec) []spec.Assets {
	var out []spec.Assets
	for _, a := range s.Assets.All() {
		if a.Dir != "" {
			out = append(out, a)
		}
	}
	return out
}

// Add puts the assets' stages before the builder of p and copies their output into it after
// its source copy, to the output's path or to `into` (into the tester, for TestOnly assets). f holds what Reads named, with the
// rest of the provider's facts. Each of several assets (spec.Assets.More) has stages of its
// own: the first assets-deps and assets, the others named after their directory
// (assets-agent-deps, assets-agent for web/agent).
func Add(s *spec.Spec, f lang.Facts, p *plan.Plan) error {
	if s.Assets == nil || s.Assets.Disabled {
		return nil
	}
	if p.Language == "bun" || p.Language == "static" || p.Language == "node" && !declaresPackages(f) {
		return lang.FieldError(s, "assets", "remove `assets`; run the UI's build from the project's build script",
			"`assets` are built before another language's build; a %s build has no such step", p.Language)
	}
	var dirs []string
	for i, a := range s.Assets.All() {
		sa := *s
		sa.Assets = &a
		name := BuildStage
		if i > 0 {
			name = stageName(p, a.Dir)
		}
		if err := add(&sa, f, p, name, s.Assets.Field(i), len(dirs)); err != nil {
			return err
		}
		if !a.TestOnly {
			dirs = append(dirs, path.Clean(a.Dir))
		}
	}
	if p.Language == "node" && len(dirs) > 0 { // the image holds them (node.go)
		p.Stage(p.ImageStage()).Description += ", with the build of " + strings.Join(dirs, " and ")
	} else if builder := p.Stage("builder"); builder != nil && len(dirs) > 0 {
		builder.Description += ", with the assets of " + strings.Join(dirs, " and ")
	}
	return nil
}

// declaresPackages reports a Node.js project whose root declares workspace packages: its
// `assets` may be one of them, built for the image of another (nodeImage).
func declaresPackages(f lang.Facts) bool {
	dirs, _ := node.DeclaredPackages(f, ".")
	return len(dirs) > 0
}

// stageName is the build stage's name of further assets in dir: assets-<its directory's name>,
// else assets-<n>, the first free.
func stageName(p *plan.Plan, dir string) string {
	base := strings.Trim(stageChars.ReplaceAllString(strings.ToLower(path.Base(path.Clean(dir))), "-"), "-.")
	free := func(name string) bool {
		return p.Stage(name) == nil && p.Stage(name+"-deps") == nil && p.Stage(name+"-scripts") == nil
	}
	if name := BuildStage + "-" + base; base != "" && base != "deps" && base != "scripts" && free(name) {
		return name
	}
	for n := 2; ; n++ {
		if name := BuildStage + "-" + strconv.Itoa(n); free(name) {
			return name
		}
	}
}

var stageChars = regexp.MustCompile(`[^a-z0-9._-]+`)

// add adds the stages of the one assets s names (s.Assets), its build stage named name; copied
// is how many assets the builder copies already, after its source copy; field is the spec
// field of the assets (assets, or assets[i] of the list form).
func add(s *spec.Spec, f lang.Facts, p *plan.Plan, name, field string, copied int) error {
	a := s.Assets
	depsName, scriptsName := name+"-deps", name+"-scripts"
	dir, out := path.Clean(a.Dir), a.OutputDir()
	builder := p.Stage("builder")
	toImage := p.Language == "node" // a sibling package's build, which the program serves (node.go)
	at := -1
	if builder != nil {
		at = slices.IndexFunc(builder.Steps, isSourceCopy)
	}
	if at < 0 && !toImage {
		return lang.FieldError(s, field, "", "the %s build has no source copy to put the assets after", p.Language)
	}
	into := builder // the stage the output is copied into
	if a.TestOnly {
		if into = p.Stage("tester"); into == nil {
			return nil // no tests: nothing needs them
		}
	}

	nf := f.In(dir)     // the project's files, named as if its directory were the context
	if a.Output == "" { // where the project's Vite config says, when it stays in the context
		if o := path.Join(dir, node.AssetsOutput(nf, a.Script)); o != dir && o != ".." && !strings.HasPrefix(o, "../") {
			out = o
		}
	}
	var na *node.Assets
	var err error
	root, inWorkspace := node.AssetsWorkspace(f, dir)
	if toImage {
		if err := nodeWorkspacePackage(s, f, field, dir, root, inWorkspace); err != nil {
			return err
		}
	}
	if inWorkspace { // installed and built from the workspace's root, with its sibling packages
		na, err = node.PlanWorkspaceAssets(s, f.In(root), rel(root, dir), rel(dir, out))
	} else {
		na, err = node.PlanAssets(s, nf, rel(dir, out))
	}
	if err != nil {
		return lang.FieldError(s, lang.FirstField(s, field+".dir", field), "",
			"`%s` in %s: %s", field, dir, message(err))
	}

	// The stages read the project's directory of the context; the build's own output and the
	// developer's node_modules stay out of them.
	na.Deps.Name, na.Build.Name, na.Build.Base.Stage = depsName, name, depsName
	na.Deps.Description = "the assets in " + dir + ": " + na.Deps.Description
	na.Build.Description = "the assets in " + dir + ": " + na.Build.Description
	outInStage := path.Join(na.Dir, rel(dir, out))
	// the output is left out of the build's source copy, as a stale build would be, unless it is
	// Vite's root, which holds the sources it builds (opengist's public/), or an output the build
	// writes among the project's own files (InPlace: Laravel Mix's public/)
	keepOut := a.InPlace || node.AssetsOutputIsRoot(nf, a.Script, rel(dir, out))
	for _, st := range []*plan.Stage{na.Deps, na.Build} {
		st.Field = field
		for _, step := range st.Steps {
			if step.Where() != field+".output" { // the output's check points at its own line
				plan.SetWhere(step, field)
			}
			if c, ok := step.(*plan.Copy); ok && c.FromStage == "" {
				if na.Root { // a workspace's copies name their paths from the workspace's root
					fromWorkspace(c, root)
					if st == na.Build && !keepOut {
						c.Exclude = slices.Concat(c.Exclude, []string{rel(root, out)}, mainSources[p.Language])
					} else if st == na.Build {
						c.Exclude = slices.Concat(c.Exclude, mainSources[p.Language])
					}
					continue
				}
				for i, src := range c.Paths {
					c.Paths[i] = path.Join(dir, src)
				}
				if st == na.Build && !keepOut {
					c.Exclude = append(c.Exclude, rel(dir, out))
				}
			}
		}
	}
	if err := copyFromDeps(s, p, na, dir); err != nil {
		return err
	}
	if !na.Root {
		copyBeside(f, na, dir, a.Script, field)
	}
	added := []*plan.Stage{na.Deps, na.Build}
	if na.Scripts != nil { // corepack's script (pnpm, yarn), which the stages' steps mount
		na.Scripts.Name, na.Scripts.Field = scriptsName, field
		for _, st := range added {
			for _, step := range st.Steps {
				if r, ok := step.(*plan.Run); ok {
					for j := range r.Mounts {
						if r.Mounts[j].FromStage == "scripts" {
							r.Mounts[j].FromStage = scriptsName
						}
					}
				}
			}
		}
		added = append([]*plan.Stage{na.Scripts}, added...)
	}
	i := slices.Index(p.Stages, builder)
	p.Stages = slices.Insert(p.Stages, i, added...)

	dest := out
	if a.Into != "" {
		dest = path.Clean(a.Into)
	}
	if toImage {
		addNotes(s, p, na, nf, field, dir)
		return nodeImage(s, p, name, field, outInStage, dest)
	}
	// The main build sees the output where the project's build wrote it (or in `into`, where a
	// script of the project copies it), and never a stale copy from the developer's machine, nor
	// the project's node_modules.
	src := builder.Steps[at].(*plan.Copy)
	excluded := []string{out, path.Join(dir, "node_modules")}
	if dest != out {
		excluded = append(excluded, dest)
	}
	if na.Root {
		excluded = append(excluded, path.Join(root, "node_modules")) // the workspace's, at its root
	}
	for _, e := range excluded { // once, when several assets share a workspace
		src.Exclude = lang.AppendNew(src.Exclude, e)
	}
	copyOut := &plan.Copy{Origin: plan.Origin{Field: lang.FirstField(s, field+".into", field+".output", field)}, FromStage: name,
		Paths: []string{outInStage}, Dest: "./" + dest + "/"}
	if a.InPlace { // the project's own files came with it: what the builder leaves out of them stays out
		copyOut.Exclude = below(src.Exclude, out)
	}
	if a.TestOnly { // before the tests run, in the builder's working directory
		into.Steps = slices.Insert(into.Steps, 0, plan.Step(copyOut))
		into.Description += ", with the assets of " + dir
	} else {
		builder.Steps = slices.Insert(builder.Steps, at+1+copied, plan.Step(copyOut))
		shipOutput(p, name, out, outInStage)
	}
	addNotes(s, p, na, nf, field, dir)
	return nil
}

// addNotes adds the assets' build args and warnings to the plan, at the assets' line.
func addNotes(s *spec.Spec, p *plan.Plan, na *node.Assets, nf lang.Facts, field, dir string) {
	for _, arg := range na.Args {
		if !slices.ContainsFunc(p.Args, func(x plan.Arg) bool { return x.Name == arg.Name }) {
			p.Args = append(p.Args, arg)
		}
	}
	for _, n := range na.Notes {
		n.Field, n.Msg = lang.FirstField(s, field+".dir", field), dir+": "+n.Msg
		p.Notes = append(p.Notes, n)
	}
	if n, ok := node.AssetsScriptNote(nf, dir); ok && s.Assets.Script == "" {
		n.Field = field
		p.Notes = append(p.Notes, n)
	}
}

// copyFromDeps copies the directories a language's default assets name (spec.Assets.FromDeps)
// from the main build's deps stage into the assets' build, after its source copy: the front end
// reads them (Laravel's vendor/). The assets' build then reruns when the main dependencies change.
func copyFromDeps(s *spec.Spec, p *plan.Plan, na *node.Assets, dir string) error {
	if len(s.Assets.FromDeps) == 0 {
		return nil
	}
	deps := p.Stage("deps")
	at := slices.IndexFunc(na.Build.Steps, func(st plan.Step) bool { c, ok := st.(*plan.Copy); return ok && c.FromStage == "" })
	if deps == nil || at < 0 {
		return lang.FieldError(s, "assets", "", "the %s build has no deps stage for its assets to read", p.Language)
	}
	src := na.Build.Steps[at].(*plan.Copy)
	for _, d := range s.Assets.FromDeps {
		src.Exclude = append(src.Exclude, rel(dir, d)) // the developer's copy, if the context has one
		c := &plan.Copy{Origin: plan.Origin{Field: "assets"}, FromStage: deps.Name,
			Paths: []string{path.Join(deps.Workdir, d)}, Dest: path.Join(na.Dir, rel(dir, d)) + "/"}
		at++
		na.Build.Steps = slices.Insert(na.Build.Steps, at, plan.Step(c))
	}
	return nil
}

// shipOutput makes the spec's `files` that name the assets' output (or a path in it) copy it
// from the assets' build, not from the context, which does not hold it: `files: [{src:
// website/dist, dest: public}]` ships the built UI beside a program that serves it from disk.
func shipOutput(p *plan.Plan, stage, out, outInStage string) {
	for _, st := range p.Stages {
		for _, step := range st.Steps {
			c, ok := step.(*plan.Copy)
			if !ok || c.FromStage != "" || !strings.HasPrefix(c.Where(), "files[") || len(c.Paths) != 1 {
				continue
			}
			if src := c.Paths[0]; src == out || strings.HasPrefix(src, out+"/") {
				c.FromStage, c.Paths = stage, []string{path.Join(outInStage, strings.TrimPrefix(src, out))}
			}
		}
	}
}

// mainSources are the main build's own files, which the assets' copy of a workspace, made from
// the context's root, leaves out: a change of Go code alone then reruns no step of the UI, as
// with a UI in a directory of its own. (The UI's build reads none of them.)
var mainSources = map[string][]string{
	"go":     {"**/*.go", "**/go.mod", "**/go.sum", "go.work", "go.work.sum"},
	"python": {"**/*.py", "**/pyproject.toml", "**/requirements*.txt", "uv.lock", "poetry.lock", "pdm.lock"},
	"java":   {"**/*.java", "**/*.kt", "**/pom.xml", "**/build.gradle", "**/build.gradle.kts"},
	"rust":   {"**/*.rs", "**/Cargo.toml", "Cargo.lock"},
	"php":    {"**/*.php", "composer.json", "composer.lock"},
	"ruby":   {"**/*.rb", "Gemfile", "Gemfile.lock"},
	"dotnet": {"**/*.cs", "**/*.csproj", "**/*.fs", "**/*.fsproj", "*.sln"},
}

// fromWorkspace makes a copy of a workspace's files, named from the workspace's root, copy them
// from the directory root of the context (web/ for frp's web/package.json): its sources, and the
// progress's names of them. Patterns, an include's too, are relative to each source.
func fromWorkspace(c *plan.Copy, root string) {
	if root == "." {
		return
	}
	for i, src := range c.Paths {
		c.Paths[i] = path.Join(root, src)
	}
	if c.Display != "" {
		names := strings.Fields(c.Display)
		for i, n := range names {
			names[i] = path.Join(root, n)
		}
		c.Display = strings.Join(names, " ")
	}
}

// below are the patterns of exclude that name paths below dir, relative to it (public/hot ->
// hot for public).
func below(exclude []string, dir string) []string {
	var out []string
	for _, e := range exclude {
		if r, ok := strings.CutPrefix(e, dir+"/"); ok && r != "" {
			out = append(out, r)
		}
	}
	return out
}

// isSourceCopy is the builder's copy of the whole context: the assets go right after it.
func isSourceCopy(step plan.Step) bool {
	c, ok := step.(*plan.Copy)
	return ok && c.FromStage == "" && len(c.Include) == 0 && slices.Equal(c.Paths, []string{"."})
}

// rel is target relative to dir, both clean paths in the context ("ui", "ui/dist" -> "dist";
// "ui", "web/static" -> "../web/static").
func rel(dir, target string) string {
	if dir == "." {
		return target
	}
	if r, ok := strings.CutPrefix(target, dir+"/"); ok {
		return r
	}
	return strings.Repeat("../", strings.Count(dir, "/")+1) + target
}

// message is an error's text without its location: the caller locates it at `assets`.
func message(err error) string {
	var se spec.Errors
	if errors.As(err, &se) && len(se) > 0 {
		return se[0].Msg
	}
	return err.Error()
}

// besideFollow asks for the files of the assets in dir whose paths their build reads
// (node.BuildReadFiles), and whether the paths beside dir that those name exist (probes).
func besideFollow(f lang.Facts, dir, script string) []string {
	var out []string
	for _, file := range node.BuildReadFiles(f.In(dir), script) {
		out = append(out, path.Join(dir, file))
	}
	for _, p := range node.ReachedBeside(f.In(dir), script) {
		if c := path.Join(dir, p); c != ".." && !strings.HasPrefix(c, "../") {
			out = append(out, lang.Probe(c))
		}
	}
	return out
}

// copyBeside copies into the assets' build, after its source copy, the files and directories
// beside dir that its build reads (node.ReachedBeside) and the context holds, to the same place
// relative to the project's directory there: answer's configs/config.yaml, which ui/'s
// scripts/env.js reads as ../../configs/config.yaml.
func copyBeside(f lang.Facts, na *node.Assets, dir, script, field string) {
	at := slices.IndexFunc(na.Build.Steps, func(st plan.Step) bool { c, ok := st.(*plan.Copy); return ok && c.FromStage == "" })
	if at < 0 {
		return
	}
	var copied []string
	for _, p := range node.ReachedBeside(f.In(dir), script) {
		c := path.Join(dir, p)
		if c == ".." || strings.HasPrefix(c, "../") {
			continue
		}
		dest := path.Join(na.Dir, p)
		switch {
		case f.HasDir(c):
			dest += "/"
		case !f.Has(c):
			continue
		}
		at++
		na.Build.Steps = slices.Insert(na.Build.Steps, at, plan.Step(&plan.Copy{Origin: plan.Origin{Field: field}, Paths: []string{c}, Dest: dest}))
		copied = append(copied, c)
	}
	if len(copied) > 0 {
		na.Build.Description += ", with " + strings.Join(copied, " and ") + " beside it, which its build reads"
	}
}
