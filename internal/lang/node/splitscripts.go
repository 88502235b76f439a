package node

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// A root install script that patches the dependencies and then uses the source
// (hackathon-starter's `postinstall: patch-package && npm run scss`, the Sass compile of
// public/css) can neither stay whole in deps, where the source is missing (sass exits 66:
// "Error reading public/css: no such file or directory", and `npm ci` fails), nor move whole to
// the builder, whose patches prod-deps and the image would not get. deps runs its head, the
// commands dependencyOnly accepts, with the package.json copy's script set to them; the builder
// runs the rest after the source copy, with the dependencies' bins on PATH as the package
// manager gives a script.

// splitScript is such a script: its name, the head deps runs and the tail the builder runs.
type splitScript struct{ name, head, tail string }

// splitScripts are the install scripts of scripts, other than the deferred ones, made of `&&`
// commands whose first ones dependencyOnly accepts and whose others it does not, none running
// prisma generate (which stays in deps, DeferredScripts). A script with `;`, a pipe or `||` is
// left whole.
func splitScripts(scripts map[string]string, prismaGenerates bool, deferred []string) []splitScript {
	var out []splitScript
	for _, name := range installScripts {
		script := scripts[name]
		if script == "" || slices.Contains(deferred, name) || strings.ContainsAny(script, ";|") ||
			dependencyOnly(script, prismaGenerates) {
			continue
		}
		commands := strings.Split(script, "&&")
		head := 0
		for head < len(commands) && dependencyOnly(commands[head], prismaGenerates) {
			head++
		}
		rest := commands[head:]
		if head == 0 || slices.ContainsFunc(rest, func(c string) bool {
			return dependencyOnly(c, prismaGenerates) || runsPrismaGenerate(c)
		}) {
			continue
		}
		out = append(out, splitScript{name, joinCommands(commands[:head]), joinCommands(rest)})
	}
	return out
}

func joinCommands(commands []string) string {
	trimmed := make([]string, len(commands))
	for i, c := range commands {
		trimmed[i] = strings.TrimSpace(c)
	}
	return strings.Join(trimmed, " && ")
}

// setHeads are deps' steps before the install that leave each split script its head.
func setHeads(split []splitScript) []plan.Step {
	var out []plan.Step
	for _, sp := range split {
		out = append(out, &plan.Run{Args: []string{"npm", "pkg", "set", "scripts." + sp.name + "=" + sp.head}, NoNetwork: true})
	}
	return out
}

// runTail is the builder's step running a split script's tail.
func (sp splitScript) runTail() plan.Step {
	return &lang.Cmd{Shell: `PATH="$PWD/node_modules/.bin:$PATH" && ` + sp.tail, Display: sp.tail}
}

// splitNames are the split scripts for messages: "postinstall after patch-package".
func splitNames(split []splitScript) []string {
	var out []string
	for _, sp := range split {
		out = append(out, sp.name+" after "+sp.head)
	}
	return out
}

// splitNamesOnly are the split scripts' names.
func splitNamesOnly(split []splitScript) []string {
	var out []string
	for _, sp := range split {
		out = append(out, sp.name)
	}
	return out
}
