package node

import (
	"cmp"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// What planning says when it finds nothing for node to run, or doubts what it found.

// notFound is the planning error when nothing names what node runs. notes are the plan's so
// far: a workspace root's WorkspaceNotSelected says which packages could be built instead.
func notFound(s *spec.Spec, p pkg, tried []string, notes []plan.Note) error {
	hint := "set `entrypoint` to the script node runs, relative to the project, e.g. `entrypoint: dist/server.js`"
	if name, file, ok := otherNodeScript(p); ok {
		hint = fmt.Sprintf("set `entrypoint: %s` if package.json's %s script (`%s`) runs the server; else `entrypoint` to the script node runs, relative to the project",
			file, name, oneLine(p.m.Scripts[name]))
	}
	if _, fix := frameworkWhy(p); fix != "" {
		hint = fix
	}
	for _, name := range startScripts {
		if cmd, _, _ := p.start(name); p.m.Scripts[name] != "" && otherRuntime(cmd) != "" {
			hint = fmt.Sprintf("set `language: %s`: the %s script runs %s; or `entrypoint`, when node is to run the program", otherRuntime(cmd), name, otherRuntime(cmd))
			break
		}
	}
	if root, dir, script, cmd, ok := delegatedStart(p); ok {
		hint = fmt.Sprintf("set `workspace: %s`: the %s script runs that package's %s script (`%s`)", dir, root, script, oneLine(cmd))
	} else if pk, name, ok := onlyStarter(p); ok {
		hint = fmt.Sprintf("set `workspace: %s`: of the workspace's packages, only %s has a %s script (`%s`)", pk.dir,
			cmp.Or(pk.m.Name, pk.dir), name, oneLine(pk.m.Scripts[name]))
	}
	if dirs, server := prefixPackages(p); len(dirs) > 0 {
		hint = fmt.Sprintf("its packages are installed with `npm --prefix` (%s), not as workspaces, so `workspace` cannot select one: "+
			"build %s as the context, or set `entrypoint` to the file node runs there (and `files` for what it reads)",
			strings.Join(dirs, ", "), cmp.Or(server, "the directory of the package the image runs"))
	}
	for _, n := range notes {
		if n.Rule == rules.WorkspaceNotSelected.Name {
			hint += "; " + n.Msg
		}
	}
	return lang.FieldError(s, lang.FirstField(s, "entrypoint", "language"), hint,
		"cannot tell what node runs in this project; tried %s", strings.Join(tried, "; "))
}

// serverScriptName is a script's name that says it serves: server, serve:x, web, start:x, run.
var serverScriptName = regexp.MustCompile(`^(?:[\w-]+:)?(?:serve|server|web|start|run|prod|production)(?:[:-][\w:-]+)?$`)

// otherNodeScript is the first script, by name, named as a server (serverScriptName) that runs
// `node FILE` (or `node DIR`) and that inferEntry does not read (a start script, otherStarts,
// a watcher's or a test's), with its
// file: MagicMirror's `server: node ./serveronly`, where `start` runs Electron. A name for the
// hint, not a default: such a script may run anything.
func otherNodeScript(p pkg) (name, file string, ok bool) {
	names := slices.Sorted(maps.Keys(p.m.Scripts))
	for _, name := range names {
		if slices.Contains(startScripts, name) || slices.Contains(otherStarts, name) || !serverScriptName.MatchString(name) ||
			strings.Contains(name, "test") || strings.Contains(name, "watch") || strings.Contains(name, "dev") {
			continue
		}
		sf, isNode := parseStart(p.m.Scripts[name])
		if f, valid := entryPath(sf.File); isNode && valid && f != "." {
			return name, f, true
		}
	}
	return "", "", false
}

// onlyStarter is the one package of the workspace at the root p that has a start:prod or start
// script, and that script's name (novel's apps/web, `next start`, beside the libraries it builds
// on): the package a root that runs nothing is most likely built for.
func onlyStarter(p pkg) (*wsPackage, string, bool) {
	if p.dir != "." {
		return nil, "", false
	}
	ws, err := readWorkspace(p.f)
	if err != nil || ws == nil {
		return nil, "", false
	}
	var found *wsPackage
	name := ""
	for _, pk := range ws.pkgs {
		for _, n := range startScripts {
			if pk.m.Scripts[n] == "" {
				continue
			}
			if found != nil {
				return nil, "", false
			}
			found, name = pk, n
			break
		}
	}
	return found, name, found != nil
}

// delegateStarts are a workspace root's start script running a script of one of its packages:
// the package (a directory or a name) and the script.
var delegateStarts = []struct {
	re         *regexp.Regexp
	pkg, start int
}{
	{regexp.MustCompile(`^pnpm\s+(?:--filter|-F|--dir|-C)[=\s]+(\S+)\s+(?:run\s+)?([A-Za-z0-9:_.-]+)$`), 1, 2},
	{regexp.MustCompile(`^npm\s+(?:run\s+|run-script\s+)?([A-Za-z0-9:_.-]+)\s+(?:-w|--workspace)[=\s]+(\S+)$`), 2, 1},
	{regexp.MustCompile(`^npm\s+(?:-w|--workspace)[=\s]+(\S+)\s+(?:run\s+|run-script\s+)?([A-Za-z0-9:_.-]+)$`), 1, 2},
	{regexp.MustCompile(`^yarn\s+workspace\s+(\S+)\s+(?:run\s+)?([A-Za-z0-9:_.-]+)$`), 1, 2},
}

// delegatedStart is the workspace package whose script the root's start script runs (docmost's
// `pnpm --filter ./apps/server run start:prod`; after start:prod and start, the otherStarts:
// etherpad's `prod: pnpm --filter ep_etherpad-lite run prod`), when the root declares it: what
// `workspace` should select, since the root itself runs nothing node could. root is the root's
// script.
func delegatedStart(p pkg) (root, dir, script, cmd string, ok bool) {
	if p.dir != "." {
		return "", "", "", "", false
	}
	ws, err := readWorkspace(p.f)
	if err != nil || ws == nil {
		return "", "", "", "", false
	}
	for _, name := range slices.Concat(startScripts, otherStarts) {
		cmd = strings.Join(strings.Fields(p.m.Scripts[name]), " ")
		for _, d := range delegateStarts {
			m := d.re.FindStringSubmatch(cmd)
			if m == nil {
				continue
			}
			sel := strings.Trim(m[d.pkg], `"'`)
			if c := path.Clean(sel); c != "." && !strings.HasPrefix(sel, "@") {
				sel = c
			}
			if pk := ws.find(sel); pk != nil {
				return name, pk.dir, m[d.start], cmd, true
			}
		}
	}
	return "", "", "", "", false
}

// entryNotFound warns (EntrypointNotFound) when a project without a build names a script its
// context does not hold: the build would fail at its check, the image at start.
func entryNotFound(s *spec.Spec, p pkg, e entry) []plan.Note {
	if p.hasBuild || e.Guess || slices.ContainsFunc(e.checks(), p.has) {
		return nil
	}
	field := lang.FirstField(s, "entrypoint")
	return append([]plan.Note(nil), rules.EntrypointNotFound.Note(field, rules.EntrypointNotFound.Format(e.File,
		"package.json has no build script to make it ("+e.From+" names it)",
		"set `entrypoint` to the script node runs, or add the build script that writes it")))
}

// startNotFollowed warns (StartScriptNotFollowed) when the image runs package.json's main
// because the start script could not be followed, in a package with a bin: main is then likely
// the command's library (n8n's packages/cli: `start: node ../../scripts/os-normalize.mjs --dir
// bin n8n`, main dist/index), which starts nothing.
func startNotFollowed(s *spec.Spec, p pkg, e entry) []plan.Note {
	if e.From != "package.json's main" || len(p.m.Bin) == 0 {
		return nil
	}
	for _, name := range startScripts {
		if script := p.m.Scripts[name]; script != "" {
			return append([]plan.Note(nil), rules.StartScriptNotFollowed.Note(lang.FirstField(s, "language"),
				rules.StartScriptNotFollowed.Format(name, oneLine(script), e.File, strings.Join(p.m.Bin, ", "))))
		}
	}
	return nil
}

// customServerNotRun warns (CustomServerNotRun) when the image runs Next.js's own server while
// the start script ends by running another file with node: a custom server the entry could not
// be read from (dokploy's `node -r dotenv/config dist/migration.mjs && node -r dotenv/config
// dist/server.mjs`), whose WebSocket servers and jobs the image then lacks, silently.
func customServerNotRun(s *spec.Spec, p pkg, e entry) []plan.Note {
	if s.Entrypoint != "" || !strings.HasPrefix(e.From, "Next.js") {
		return nil
	}
	for _, name := range startScripts {
		script := p.m.Scripts[name]
		if script == "" {
			continue
		}
		cmd, _, _ := p.start(name)
		segs := strings.Split(cmd, "&&")
		last := strings.Fields(segs[len(segs)-1])
		if len(last) < 2 || last[0] != "node" {
			return nil
		}
		for _, w := range last[1:] {
			if file, ok := entryPath(w); ok && scriptPath.MatchString(w) && !strings.Contains(file, "node_modules/") {
				return append([]plan.Note(nil), rules.CustomServerNotRun.Note(lang.FirstField(s, "language"),
					rules.CustomServerNotRun.Format(name, oneLine(script), file)))
			}
		}
		return nil
	}
	return nil
}
