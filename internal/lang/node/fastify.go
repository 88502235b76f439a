package node

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// fastifyEntry: fastify-cli's generated projects start with `fastify start -l info app.js`,
// where app.js is a Fastify plugin (it exports a function and listens nowhere): node runs
// fastify-cli's bin with the script's arguments, not the plugin, which package.json's main also
// names and which would exit at once. fastify-cli listens on localhost unless it finds Docker or
// Kubernetes (/.dockerenv, KUBERNETES_SERVICE_HOST), and neither is there under containerd or
// podman: FASTIFY_ADDRESS=0.0.0.0, which its docs advise in containers. It reads PORT.
func fastifyEntry(p pkg) (entry, bool) {
	if !p.m.Prod["fastify-cli"] {
		return entry{}, false
	}
	for _, name := range startScripts {
		if p.m.Scripts[name] == "" {
			continue
		}
		cmd, env := startCommand(p.m.Scripts, name)
		buildScript, cmd := startBuild(p.m.Scripts, cmd)
		args, plugin, ok := fastifyStart(cmd)
		if !ok {
			continue
		}
		bin, ok := serverBin(p, "fastify-cli", "fastify")
		if !ok {
			return entry{}, false
		}
		env = append([]plan.Env{{Key: "FASTIFY_ADDRESS", Value: "0.0.0.0"}}, env...)
		e := entry{File: bin, Args: args, Env: env, From: "package.json's " + name + " script (" + oneLine(cmd) + ")", Check: []string{plugin},
			BuildScript: buildScript}
		if p.inContext(plugin) {
			e.InSource = true // the plugin is the source's: the image holds the tree
		} else {
			e.Ship = withDeps(lang.TopDir(plugin) + "/")
		}
		return e, true
	}
	return entry{}, false
}

// fastifyStart reads `fastify start [OPTION]... PLUGIN [OPTION]...` (start is fastify-cli's
// default command): the arguments of the bin, and the plugin file, the one word with a script's
// extension. Watching (-w) is for development, and --import/--require load files planning does
// not follow: neither is a production start.
func fastifyStart(cmd string) (args []string, plugin string, ok bool) {
	words := strings.Fields(cmd)
	if len(words) < 2 || words[0] != "fastify" || shellMeta.MatchString(cmd) {
		return nil, "", false
	}
	args = words[1:]
	if args[0] != "start" {
		args = append([]string{"start"}, args...)
	}
	for _, w := range args[1:] {
		switch {
		case !lang.PlainWord(w), slices.Contains([]string{"-w", "--watch", "-r", "--require", "-i", "--import"}, w):
			return nil, "", false
		case !strings.HasPrefix(w, "-") && slices.Contains([]string{".js", ".mjs", ".cjs", ".ts"}, path.Ext(w)):
			if plugin != "" {
				return nil, "", false
			}
			plugin = w
		}
	}
	file, valid := entryPath(plugin)
	if plugin == "" || !valid || file == "." {
		return nil, "", false
	}
	return args, file, true
}
