package dotnet

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// nodeImage is where the builder's Node.js comes from when the publish runs npm: the current
// LTS, copied onto the SDK image (which has none), as Microsoft's Dockerfiles for its SPA
// templates install Node.js into the SDK stage.
const nodeImage = "node:24-bookworm-slim"

// npmCache is npm's cache for the front end's install the publish runs.
var npmCache = lang.Cache{ID: "npm", Target: "/root/.npm"}

// msbuildTarget is a <Target> of a project file, with its Exec tasks.
type msbuildTarget struct {
	Name          string `xml:"Name,attr"`
	AfterTargets  string `xml:"AfterTargets,attr"`
	BeforeTargets string `xml:"BeforeTargets,attr"`
	Condition     string `xml:"Condition,attr"`
	Execs         []struct {
		Command   string `xml:"Command,attr"`
		Condition string `xml:"Condition,attr"`
	} `xml:"Exec"`
}

// nodeTools are the commands that need Node.js.
var nodeTools = []string{"npm", "npx", "yarn", "pnpm", "node", "corepack"}

// nodeExec is the first target that runs at a Release publish (hooked to a publish target, or
// to Build without a Debug condition) and execs a Node.js tool, and that command: the SPA
// templates' PublishRunWebpack (`npm install`, `npm run build` in ClientApp). Their
// DebugEnsureNodeEnv runs under Debug only, never in the builder.
func nodeExec(targets []msbuildTarget) (string, string) {
	for _, t := range targets {
		hooks := strings.ToLower(t.AfterTargets + ";" + t.BeforeTargets)
		debug := func(cond string) bool { return strings.Contains(cond, "Debug") }
		if !strings.Contains(hooks, "publish") && (!strings.Contains(hooks, "build") || debug(t.Condition)) {
			continue
		}
		for _, e := range t.Execs {
			cmd := strings.TrimSpace(e.Command)
			if first, _, _ := strings.Cut(cmd, " "); slices.Contains(nodeTools, first) && !debug(e.Condition) {
				return t.Name, cmd
			}
		}
	}
	return "", ""
}

// nodeFor is why the publish of entry needs Node.js ("" when it does not): a target of its own
// that runs npm, or a JavaScript project (.esproj) it references, whose build runs its
// package.json's build script.
func nodeFor(entry project, projects []project) string {
	if entry.NodeExec != "" {
		return entry.Path + "'s " + entry.NodeTarget + " target runs `" + entry.NodeExec + "`"
	}
	for _, r := range entry.References {
		if path.Ext(r) == ".esproj" && slices.ContainsFunc(projects, func(p project) bool { return p.Path == r }) {
			return entry.Path + " references " + r + ", whose build runs npm"
		}
	}
	return ""
}

// withNode gives the builder Node.js from nodeImage (its /usr/local: node, npm, npx, corepack)
// and npm's cache for the publish, leaves node_modules out of the source, and says why in the
// builder's description.
func withNode(t *lang.Toolchain, why, field string) {
	t.Before = append(t.Before, lang.ToolStage("node", nodeImage, field, "Node.js for the publish: "+why))
	t.Deps.Setup = append(t.Deps.Setup, &plan.Copy{Origin: plan.Origin{Field: field}, FromStage: "node", Paths: []string{"/usr/local/"}, Dest: "/usr/local/"})
	for _, c := range t.Build.Commands {
		c.Caches = append(c.Caches, npmCache)
	}
	// a developer's node_modules holds another platform's native packages (esbuild's)
	t.Build.Exclude = append(t.Build.Exclude, "**/node_modules")
	t.Build.Description += ", with Node.js from " + nodeImage + " (" + why + ")"
}
