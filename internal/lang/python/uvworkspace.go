package python

// A uv workspace: the root's pyproject.toml lists its members' directories
// ([tool.uv.workspace] members, globs), one uv.lock pins every member's dependencies, and a
// member depends on another by name with `{ workspace = true }` among its [tool.uv.sources].
// The spec's `workspace` selects the member the image runs, by directory (`backend`,
// `apps/server`) or [project] name, as uv's `--package` does. That member is planned as the
// project, with its own files (its pyproject.toml, its framework's conventions), and:
//   - deps copies the root's pyproject.toml and uv.lock and every member's pyproject.toml, keeping
//     their paths, to /workspace (uv finds the workspace there; never shipped), and installs the
//     member's locked dependencies: `uv export --frozen --project /workspace --package NAME
//     --no-emit-workspace`, as the full-stack FastAPI template's `uv sync --frozen --package app`
//     and uv's Docker guide install a member;
//   - builder copies the member's directory as /app, the image's working directory, and the
//     members it depends on (with theirs) to their paths below /workspace, where they are
//     installed into the venv, as uv installs them, not editable; the member itself as the
//     project is.

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
	toml "github.com/pelletier/go-toml/v2"
)

// workspaceDir holds the workspace's manifests and lock in deps, and the members the selected
// one depends on in builder.
const workspaceDir = "/workspace"

// uvMember is a member of a uv workspace.
type uvMember struct {
	dir, name string
	// requires are the normalized names of its [project] dependencies.
	requires []string
	// pkg: it has a build system (and no `package = false`), so uv installs it.
	pkg bool
	// uses are the members it depends on, and theirs, and manifests the workspace's
	// pyproject.toml files and uv.lock, when it is the selected one.
	uses      []uvMember
	manifests []string
}

// plainDistName is a distribution name as commands take it.
var plainDistName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

func (m uvMember) Dir() string  { return m.dir }
func (m uvMember) Name() string { return m.name }

var _ lang.WorkspacePackage = uvMember{}

// uvMemberDirs are the member directories of the root's workspace whose pyproject.toml was
// read, exclude's left out, sorted.
func uvMemberDirs(f lang.Facts, p *project) []string {
	var dirs []string
	for _, r := range workspaceMemberReads(p) {
		for _, file := range f.Glob(r) {
			d := path.Dir(file)
			excluded := slices.ContainsFunc(p.uvExclude, func(g string) bool {
				ok, _ := path.Match(strings.TrimSuffix(path.Clean(g), "/"), d)
				return ok
			})
			if d != "." && !excluded && !slices.Contains(dirs, d) {
				dirs = append(dirs, d)
			}
		}
	}
	slices.Sort(dirs)
	return dirs
}

// uvMembers are the members of the root's workspace, read.
func uvMembers(f lang.Facts, p *project) []uvMember {
	var out []uvMember
	for _, d := range uvMemberDirs(f, p) {
		var py pyproject
		if toml.Unmarshal(f[d+"/pyproject.toml"], &py) != nil || py.Project == nil {
			continue
		}
		m := uvMember{dir: d, name: py.Project.Name, pkg: py.BuildSystem != nil}
		if u := py.Tool.UV; u != nil && u.Package != nil {
			m.pkg = *u.Package
		}
		for _, r := range py.Project.Dependencies {
			if n := requirementName.FindStringSubmatch(r); n != nil {
				m.requires = append(m.requires, normalize(n[1]))
			}
		}
		out = append(out, m)
	}
	return out
}

// findMember is the member the spec's `workspace` selects, with the members it uses; an error
// at the field when the root is no uv workspace, has no lock, or has no such member.
func findMember(s *spec.Spec, f lang.Facts, p *project) (uvMember, error) {
	if len(p.uvMembers) == 0 {
		return uvMember{}, lang.FieldError(s, "workspace", "omit `workspace`, or build the root of a uv workspace",
			"the Python project is no uv workspace (its pyproject.toml has no [tool.uv.workspace] members), so there is no member %q to select", s.Workspace)
	}
	if !f.Has("uv.lock") {
		return uvMember{}, lang.FieldError(s, "workspace", "run `uv lock` and add uv.lock to the context",
			"a uv workspace member is installed from the workspace's uv.lock, which the build context's root lacks")
	}
	ms := uvMembers(f, p)
	m, ok := lang.FindPackage(ms, s.Workspace)
	if !ok {
		for _, c := range ms { // uv's names compare normalized (--package my_app is my-app)
			if normalize(c.name) == normalize(s.Workspace) {
				m, ok = c, true
			}
		}
	}
	if !ok {
		return uvMember{}, lang.FieldError(s, "workspace", "write one of "+cmpOr(lang.PackageList(ms), "none: no member directory holds a pyproject.toml with a [project]"),
			"%q is not a member of the uv workspace (pyproject.toml's [tool.uv.workspace] members: %s)", s.Workspace, strings.Join(p.uvMembers, ", "))
	}
	if !lang.PlainPackageDir(m.dir) || !plainDistName.MatchString(m.name) {
		return uvMember{}, lang.FieldError(s, "workspace", "rename the member or its directory",
			"the uv workspace member %s (%q) has a name or directory that is not passed to a command", m.dir, m.name)
	}
	// the members it depends on, and theirs
	seen := map[string]bool{normalize(m.name): true}
	for queue := slices.Clone(m.requires); len(queue) > 0; queue = queue[1:] {
		if seen[queue[0]] {
			continue
		}
		seen[queue[0]] = true
		if i := slices.IndexFunc(ms, func(c uvMember) bool { return normalize(c.name) == queue[0] }); i >= 0 {
			m.uses = append(m.uses, ms[i])
			queue = append(queue, ms[i].requires...)
		}
	}
	slices.SortFunc(m.uses, func(a, b uvMember) int { return strings.Compare(a.dir, b.dir) })
	m.manifests = []string{"pyproject.toml", "uv.lock"}
	for _, d := range uvMemberDirs(f, p) {
		m.manifests = append(m.manifests, d+"/pyproject.toml")
	}
	return m, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// memberFacts are the facts of the member's directory, as planning reads a project, with the
// workspace's uv.lock (its dependencies come from it) and the root's .git probe (a version from
// git).
func memberFacts(f lang.Facts, dir string) lang.Facts {
	fm := f.In(dir)
	fm["uv.lock"] = f["uv.lock"]
	if f.HasDir(".git") {
		fm[lang.Probe(".git")] = []byte{}
	}
	return fm
}

// selectedMember are the facts and the project of the member the spec selects, to plan as the
// project.
func selectedMember(s *spec.Spec, f lang.Facts, root *project) (lang.Facts, *project, error) {
	m, err := findMember(s, f, root)
	if err != nil {
		return nil, nil, err
	}
	if s.Assets != nil && !s.Assets.Disabled {
		return nil, nil, lang.FieldError(s, "assets", "remove `assets`, and build the front end into the context before the image",
			"`assets` is not supported with a uv workspace member (`workspace: %s`): its build takes the member's directory alone, and the assets' paths are the workspace's", s.Workspace)
	}
	fm := memberFacts(f, m.dir)
	p, err := readProject(fm)
	if err != nil {
		return nil, nil, lang.FieldError(s, "workspace", "", "the uv workspace member %s: %v", m.dir, err)
	}
	p.member = &m
	if dir, out := siblingUI(f); dir != "" && strings.HasPrefix(out+"/", m.dir+"/") && !f.HasDir(out) && !f.Has(out) {
		// the full-stack FastAPI template's frontend/, whose Vite build writes backend/app/frontend
		script := cmpOr(buildScript(f[dir+"/package.json"], true), "build")
		p.notes = append(p.notes, rules.FrontEndNotBuilt.Note(lang.FirstField(s, "workspace"), fmt.Sprintf(
			"%s/package.json's `%s` script builds the front end into %s, inside the uv workspace member %s, and the image does not get it: "+
				"a member's build runs no `assets`; build it into the context before the image (%s), or skip the rule when the application does without it",
			dir, script, out, m.dir, out)))
	}
	return fm, p, nil
}

// memberReads are the files planning reads of the selected member, by their context paths: the
// provider's first reads and what Follow asks for, in the member's directory.
func memberReads(s *spec.Spec, f lang.Facts, p *project) []string {
	if s.Workspace == "" || len(p.uvMembers) == 0 || !f.Has("uv.lock") {
		return nil
	}
	m, err := findMember(s, f, p)
	if err != nil {
		return nil
	}
	lg := Provider{}.Language()
	names := slices.Concat(lg.Reads, lg.Likely(s), Provider{}.Follow(s, memberFacts(f, m.dir)))
	out := make([]string, 0, len(names))
	for _, n := range names {
		switch {
		case n == "uv.lock" || strings.HasPrefix(n, "../"):
		case n == lang.Probe(".git"):
			out = append(out, n) // the repository's, at the root
		default:
			out = append(out, m.dir+"/"+n) // a probe keeps its trailing slash
		}
	}
	return out
}

// memberBuild moves the plan of the member, made in its directory, into the workspace: deps
// copies the workspace's manifests and lock to /workspace (tools.export names it and the
// member), builder takes the member's directory as /app and installs the members it uses.
func memberBuild(s *spec.Spec, tc *lang.Toolchain, t *tools, m *uvMember) {
	field := lang.FirstField(s, "workspace")
	include := m.manifests
	tc.Deps.Files = nil
	cp := &plan.Copy{Origin: plan.Origin{Field: field}, Paths: []string{"."}, Include: include, Dest: workspaceDir + "/",
		Display: strings.Join(include, " ") + " (the uv workspace's manifests and lock)"}
	tc.Deps.Steps = append([]plan.Step{cp}, tc.Deps.Steps...)
	tc.Deps.Description = fmt.Sprintf("a virtual environment at %s with the dependencies of %s (%s) from the uv workspace's uv.lock", venvDir, m.name, m.dir)

	tc.Build.SourceDir = m.dir
	tc.Build.Description = "the uv workspace member " + m.dir + " as " + appDir + "; " + tc.Build.Description
	var install []string
	var compile []plan.Step
	for _, u := range m.uses {
		if !u.pkg {
			continue // uv installs no virtual member
		}
		dest := path.Join(workspaceDir, u.dir)
		tc.Build.Before = append(tc.Build.Before, &plan.Copy{Origin: plan.Origin{Field: field}, Paths: []string{u.dir}, Dest: dest + "/",
			Exclude: slices.Clone(tc.Build.Exclude)})
		install = append(install, dest)
		compile = append(compile, compileDistribution(u.name))
	}
	if len(install) > 0 {
		cmd := t.install(lang.Compile, "--no-deps "+strings.Join(install, " ")+" (the workspace members "+m.name+" uses)",
			append([]string{"--no-deps"}, install...)...)
		tc.Build.Before = append(tc.Build.Before, cmd)
		tc.Build.Before = append(tc.Build.Before, compile...)
	}
}
