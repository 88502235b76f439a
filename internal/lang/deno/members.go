package deno

// The members a workspace member's image holds: the selected member, and the members its
// module graph reaches, however Deno resolved them (a member's name as a bare specifier, a
// `jsr:` or `npm:` specifier naming a member, an import map entry, a relative path). Deno
// itself tells: `deno info --json` lists every local module of the graph, static and literal
// dynamic imports alike, which the builder has cached already. The rest of the workspace's
// members are left out of the image's /app; the root's files (its config, deno.lock, the
// import map, node_modules) stay, as for a project of its own.

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// membersStage is the internal stage whose /app the image copies: the builder's tree without
// the members the module does not reach.
const membersStage = "app"

// membersScript removes from the working directory the workspace members (its arguments
// before "--", after the selected member's directory) that the module graph `deno info --json`
// (the arguments after "--") does not reach. A member inside a kept one, or holding one, stays.
const membersScript = `// multistage-frontend: keep the workspace members the module imports
const sep = Deno.args.indexOf("--");
const [selected, ...members] = Deno.args.slice(0, sep);
const out = new Deno.Command("deno", { args: ["info", "--json", ...Deno.args.slice(sep + 1)], stderr: "inherit" }).outputSync();
if (!out.success) {
  console.error("multistage-frontend: deno info failed: the members the module imports are not known");
  Deno.exit(1);
}
const root = Deno.cwd() + "/";
const local = JSON.parse(new TextDecoder().decode(out.stdout)).modules
  .map((m) => m.specifier).filter((s) => s.startsWith("file://"))
  .map((s) => decodeURIComponent(new URL(s).pathname)).filter((p) => p.startsWith(root))
  .map((p) => p.slice(root.length));
const under = (p, dir) => p === dir || p.startsWith(dir + "/");
const imported = members.filter((m) => local.some((p) => under(p, m)));
const left = members.filter((m) => ![selected, ...imported].some((k) => under(k, m) || under(m, k)));
for (const m of left) Deno.removeSync(m, { recursive: true });
console.log(selected + " imports " + (imported.join(", ") || "no other member") + "; left out of the image: " + (left.join(", ") || "none"));
`

// membersFilter is the stage leaving out of /app the workspace's members that the member p
// does not import, or nil when the workspace has no other member. frozen is --frozen with a
// deno.lock: deno info would otherwise update the lockfile the image ships.
func membersFilter(s *spec.Spec, p project, module string, frozen, perms []string) *plan.Stage {
	if p.dir == "." {
		return nil // the root runs: the image holds the whole tree, as for a project of its own
	}
	reads := readPaths(p.dir, perms)
	var others []string
	for _, m := range members(p.root, p.f) {
		if m.Dir != p.dir && plainDir(m.Dir) && !slices.ContainsFunc(reads, func(r string) bool { return within(r, m.Dir) || within(m.Dir, r) }) {
			others = append(others, m.Dir)
		}
	}
	if len(others) == 0 {
		return nil
	}
	info := slices.Concat(frozen, []string{module})
	args := slices.Concat([]string{"deno", "run", "--no-config", "--no-lock", "--allow-run=deno", "--allow-read=" + lang.AppDir, "--allow-write=" + lang.AppDir,
		lang.ScriptDir + "/members.js", p.dir}, others, []string{"--"}, info)
	return &plan.Stage{Name: membersStage, Internal: true, Base: plan.Base{Stage: "builder"}, BuildPlatform: true, Workdir: lang.AppDir,
		Field:       lang.FirstField(s, "workspace", "entrypoint", "language"),
		Description: "the builder's tree without the workspace members " + module + " does not import (deno info)",
		Steps: []plan.Step{&lang.Cmd{Args: args, Scripts: true, Phase: lang.Check,
			Display: "deno info --json " + strings.Join(info, " ") + ": leave out the members of " + strings.Join(others, " ") + " that " + p.dir + " does not import"}}}
}

// readPaths are the context paths the program's --allow-read (-R) flags name, relative to the
// member's directory or under /app: a member the program reads files of (a web member's build
// that the api serves) stays though it imports nothing of it.
func readPaths(dir string, perms []string) []string {
	var out []string
	for _, flag := range perms {
		_, list, ok := strings.Cut(flag, "=")
		if !ok || !(strings.HasPrefix(flag, "--allow-read=") || strings.HasPrefix(flag, "-R=")) {
			continue
		}
		for _, p := range strings.Split(list, ",") {
			if rel, ok := strings.CutPrefix(path.Clean(p), lang.AppDir+"/"); ok {
				out = append(out, rel)
			} else if !path.IsAbs(p) {
				out = append(out, path.Join(dir, p))
			}
		}
	}
	return out
}

// within reports whether p is dir or below it.
func within(p, dir string) bool { return p == dir || strings.HasPrefix(p, dir+"/") }

// plainDir is a member directory the script may name: inside the context, plain characters.
func plainDir(dir string) bool {
	p, ok := plainPath(dir)
	return ok && p == dir && !strings.HasPrefix(path.Clean(dir), "..")
}
