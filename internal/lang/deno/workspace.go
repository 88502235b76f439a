package deno

import (
	"cmp"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/spec"
)

// A Deno workspace: the root's deno.json lists its members' directories ("./api",
// "packages/*"), each with a deno.json (or a package.json). `deno install` at the root installs
// every member's dependencies into one DENO_DIR and one deno.lock; a member's tasks run in its
// directory, and its modules import the others by name. The spec's `workspace` selects the
// member the image runs; without it, the only member with a start task is the one.

// member is a workspace member: its directory and its config.
type member struct {
	Dir    string
	Config config
	// Name is its config's name, else its package.json's.
	Name string
}

// memberFiles are what planning reads in a member's directory: its configs, the default
// modules, a Lume site's and a Vite app's config.
var memberFiles = slices.Concat(configFiles, []string{"package.json"}, defaultFiles, lumeConfigs, node.ViteConfigs())

// memberPatterns are the patterns of the files to read in every member directory the root's
// globs may match.
func memberPatterns(c config) []string {
	return lang.CleanWorkspaceGlobs(c.Members).Patterns(memberFiles...)
}

// members are the workspace's members found in the context, in directory order.
func members(c config, f lang.Facts) []member {
	var out []member
	for _, dir := range lang.CleanWorkspaceGlobs(c.Members).DirsWith(f, "deno.json", "deno.jsonc", "package.json") {
		in := f.In(dir)
		mc, err := readConfig(in)
		if err != nil {
			continue // not JSON: Deno fails on it, and the member is not one to run
		}
		name := mc.Name
		if name == "" {
			var pkg struct{ Name string }
			_ = json.Unmarshal(in["package.json"], &pkg)
			name = pkg.Name
		}
		out = append(out, member{Dir: dir, Config: mc, Name: name})
	}
	return out
}

// selectMember is the member the image runs, or nil for the root: the spec's `workspace` (a
// member's directory or name); else, at a workspace root that names nothing to run itself (no
// start task, none of the default modules), the only member with a start task.
func selectMember(s *spec.Spec, root config, f lang.Facts) (*member, error) {
	ms := members(root, f)
	if s.Workspace != "" {
		if len(root.Members) == 0 && root.File == "" && len(lang.PackageJSONWorkspaces(f["package.json"])) > 0 {
			// openstatus's: a pnpm workspace whose apps/server deno runs, on what pnpm installed
			return nil, lang.FieldError(s, "workspace", "list the members in a deno.json at the root (`\"workspace\": [...]`), whose dependencies `deno install` installs, or remove `workspace`",
				"the project's workspace is package.json's workspaces (%s), which Node.js's package managers install; a Deno build selects a member of the workspace a deno.json declares, and there is none",
				strings.Join(lang.PackageJSONWorkspaces(f["package.json"]), ", "))
		}
		if len(root.Members) == 0 {
			fix := "remove it, or list the members in a deno.json's `workspace` at the root"
			if root.File != "" {
				fix = "remove it, or list the members in " + root.File + "'s `workspace`"
			}
			return nil, lang.FieldError(s, "workspace", fix, "%s declares no workspace", cmp.Or(root.File, "the project"))
		}
		want := strings.TrimPrefix(path.Clean(s.Workspace), "./")
		for i, m := range ms {
			if m.Dir == want || (m.Name != "" && m.Name == s.Workspace) {
				return &ms[i], nil
			}
		}
		return nil, lang.FieldError(s, "workspace", "write one of "+describe(ms),
			"%q is not a member of the workspace %s declares", s.Workspace, cmp.Or(root.File, "the project"))
	}
	if len(root.Members) == 0 || root.Tasks["start"] != "" || slices.ContainsFunc(defaultFiles, f.Has) {
		return nil, nil
	}
	var servers []member
	for _, m := range ms {
		if m.Config.Tasks["start"] != "" {
			servers = append(servers, m)
		}
	}
	switch len(servers) {
	case 0:
		return nil, nil
	case 1:
		return &servers[0], nil
	}
	return nil, lang.FieldError(s, lang.FirstField(s, "language"), "set `workspace` to one of "+describe(servers),
		"the workspace %s declares has %d members with a start task, and the spec selects none", cmp.Or(root.File, "the project"), len(servers))
}

// describe lists members as "api (@acme/api), web".
func describe(ms []member) string {
	var out []string
	for _, m := range ms {
		if m.Name != "" && m.Name != m.Dir {
			out = append(out, fmt.Sprintf("%s (%s)", m.Dir, m.Name))
		} else {
			out = append(out, m.Dir)
		}
	}
	if len(out) == 0 {
		return "its members (none was found in the build context)"
	}
	return strings.Join(out, ", ")
}
