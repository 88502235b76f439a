package lang

// JavaScript workspaces (npm, yarn, pnpm, Bun): the root declares its package directories with
// globs; the packages are the directories those globs match that hold a package.json. Node.js
// and Bun read them alike: the globs from the root's files, the manifests in a second round
// (Follow), the packages from the manifests read.

import (
	"cmp"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// PackageJSONWorkspaces are package.json's `workspaces` globs, a list or yarn 1's and Bun's
// {packages: [...]}, as written.
func PackageJSONWorkspaces(data []byte) []string {
	var m struct {
		Workspaces json.RawMessage `json:"workspaces"`
	}
	_ = json.Unmarshal(data, &m)
	var globs []string
	if json.Unmarshal(m.Workspaces, &globs) != nil {
		var obj struct {
			Packages []string `json:"packages"`
		}
		_ = json.Unmarshal(m.Workspaces, &obj)
		globs = obj.Packages
	}
	return globs
}

// WorkspaceGlobs are package globs cleaned ("!" negates); those naming the root or a directory
// outside the context, or holding characters a glob here cannot express, are left out.
type WorkspaceGlobs []string

// CleanWorkspaceGlobs cleans declared package globs.
func CleanWorkspaceGlobs(globs []string) WorkspaceGlobs {
	var out WorkspaceGlobs
	for _, g := range globs {
		neg := strings.HasPrefix(g, "!")
		g = strings.TrimSuffix(path.Clean(strings.TrimPrefix(g, "!")), "/")
		if g == "." || g == ".." || strings.HasPrefix(g, "../") || path.IsAbs(g) || !globChars.MatchString(g) {
			continue // the root itself, or outside the context: not a package this build can read
		}
		if neg {
			g = "!" + g
		}
		out = append(out, g)
	}
	return out
}

var globChars = regexp.MustCompile(`^[A-Za-z0-9@._*?/+-]+$`)

// maxGlobDepth bounds how deep "**" looks for packages: path.Match patterns name one depth each.
const maxGlobDepth = 3

// GlobPatterns turns a workspace glob into path.Match patterns: "**" is zero to maxGlobDepth
// directories.
func GlobPatterns(g string) []string {
	before, after, ok := strings.Cut(g, "**")
	if !ok {
		return []string{g}
	}
	before, after = strings.TrimSuffix(before, "/"), strings.TrimPrefix(after, "/")
	var out []string
	for depth := 0; depth <= maxGlobDepth; depth++ {
		parts := []string{}
		if before != "" {
			parts = append(parts, before)
		}
		for range depth {
			parts = append(parts, "*")
		}
		if after != "" {
			parts = append(parts, after)
		}
		if len(parts) > 0 {
			out = append(out, GlobPatterns(strings.Join(parts, "/"))...)
		}
	}
	return out
}

// MatchesGlob reports whether a package directory matches a workspace glob.
func MatchesGlob(g, dir string) bool {
	for _, p := range GlobPatterns(g) {
		if ok, _ := path.Match(p, dir); ok {
			return true
		}
	}
	return false
}

// Manifests are the package.json patterns to read: one per pattern of each glob.
func (gs WorkspaceGlobs) Manifests() []string { return gs.Patterns("package.json") }

// Patterns are the patterns of the files named to read in each directory the globs may match
// (Deno's members have a deno.json or a package.json).
func (gs WorkspaceGlobs) Patterns(names ...string) []string {
	var out []string
	for _, g := range gs {
		if strings.HasPrefix(g, "!") {
			continue
		}
		for _, p := range GlobPatterns(g) {
			for _, name := range names {
				out = append(out, path.Join(p, name))
			}
		}
	}
	return out
}

// Declares reports whether dir is a package directory: a glob matches, no negation does, and it
// is not inside a node_modules.
func (gs WorkspaceGlobs) Declares(dir string) bool {
	in := false
	for _, g := range gs {
		if neg, ok := strings.CutPrefix(g, "!"); ok {
			if MatchesGlob(neg, dir) {
				return false
			}
		} else if MatchesGlob(g, dir) {
			in = true
		}
	}
	return in && !strings.Contains("/"+dir+"/", "/node_modules/")
}

// Dirs are the package directories among the facts: those whose package.json was read, sorted.
func (gs WorkspaceGlobs) Dirs(f Facts) []string { return gs.DirsWith(f, "package.json") }

// DirsWith are the directories the globs declare among the facts: those where one of the files
// named was read, sorted.
func (gs WorkspaceGlobs) DirsWith(f Facts, names ...string) []string {
	var dirs []string
	for file := range f {
		dir, base := path.Split(file)
		dir = strings.TrimSuffix(dir, "/")
		if dir != "" && slices.Contains(names, base) && gs.Declares(dir) && !slices.Contains(dirs, dir) {
			dirs = append(dirs, dir)
		}
	}
	slices.Sort(dirs)
	return dirs
}

// plainPackageName is an npm package name, as commands take it without quoting.
var plainPackageName = regexp.MustCompile(`^(@[A-Za-z0-9][A-Za-z0-9._~-]*/)?[A-Za-z0-9][A-Za-z0-9._~-]*$`)

// plainPackageDir is a package directory as commands take it: no quoting needed, not read as an
// option.
var plainPackageDir = regexp.MustCompile(`^[A-Za-z0-9._@+/][A-Za-z0-9._@+/-]*$`)

// PlainPackageDir reports whether a workspace package's directory reaches a command line as it is.
func PlainPackageDir(dir string) bool { return plainPackageDir.MatchString(dir) }

// PlainPackage is nil when a workspace package's directory and name ("" for none) reach the
// package manager's command lines as they are, else the error at the spec's workspace.
func PlainPackage(s *spec.Spec, dir, name string) error {
	if PlainPackageDir(dir) && (name == "" || plainPackageName.MatchString(name)) {
		return nil
	}
	return FieldError(s, "workspace", "rename the package or its directory",
		"the workspace package %s (%q) has a name or directory that is not passed to a command: "+
			"names are npm names (@scope/name), directories letters, digits and . _ @ + - /", dir, name)
}

// WorkspacePackage is a package of a workspace as the spec's `workspace` selects it and
// messages name it.
type WorkspacePackage interface {
	// Dir is its directory, relative to the root: apps/web.
	Dir() string
	// Name is its package.json's name, "" for none.
	Name() string
}

// FindPackage is the package whose directory is sel, else the one named sel; false for none.
func FindPackage[P WorkspacePackage](ps []P, sel string) (P, bool) {
	dir := path.Clean(sel)
	for _, p := range ps {
		if p.Dir() == dir {
			return p, true
		}
	}
	for _, p := range ps {
		if p.Name() != "" && p.Name() == sel {
			return p, true
		}
	}
	var none P
	return none, false
}

// PackageList names packages for messages: "apps/api (@acme/api), packages/greet".
func PackageList[P WorkspacePackage](ps []P) string {
	var out []string
	for _, p := range ps {
		if p.Name() != "" {
			out = append(out, fmt.Sprintf("%s (%s)", p.Dir(), p.Name()))
		} else {
			out = append(out, p.Dir())
		}
	}
	return strings.Join(out, ", ")
}

// WorkspaceNotSelected is the note of a spec that selects none of the packages ps that globs,
// declared in from ("package.json's workspaces"), name: the root is built as one project.
func WorkspaceNotSelected[P WorkspacePackage](s *spec.Spec, from string, globs WorkspaceGlobs, ps []P) plan.Note {
	return rules.WorkspaceNotSelected.Note(FirstField(s, "language"),
		rules.WorkspaceNotSelected.Format(from, strings.Join(globs, ", "), PackageList(ps)))
}

// NotAPackage is the error of a spec's `workspace` that selects none of the packages ps that
// globs, declared in from, name.
func NotAPackage[P WorkspacePackage](s *spec.Spec, from string, globs WorkspaceGlobs, ps []P) error {
	return FieldError(s, "workspace", "write one of "+cmp.Or(PackageList(ps), "none: no package.json matches the globs"),
		"%q is not a package of the workspace (%s: %s)", s.Workspace, from, strings.Join(globs, ", "))
}
