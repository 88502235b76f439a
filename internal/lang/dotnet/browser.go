package dotnet

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/spec"
)

// browserApp reports a Blazor WebAssembly app's project (Microsoft.NET.Sdk.BlazorWebAssembly, or
// Microsoft.NET.Sdk.WebAssembly's wasmbrowser app): the browser runs it, so its publish is files
// (wwwroot: index.html, _framework/), which a web server serves.
func (p project) browserApp() bool {
	return !p.IsTest && !strings.EqualFold(p.OutputType, "Library") &&
		(p.hasSdk("Microsoft.NET.Sdk.BlazorWebAssembly") || p.hasSdk("Microsoft.NET.Sdk.WebAssembly"))
}

// standaloneBrowserApp is the only browser app that no project references (a server's client is
// the server's: wasmClient), when the context has no program to run.
func standaloneBrowserApp(projects []project) (project, bool) {
	var apps []project
	for _, p := range projects {
		referenced := slices.ContainsFunc(projects, func(q project) bool { return slices.Contains(q.References, p.Path) })
		if p.browserApp() && !referenced {
			apps = append(apps, p)
		}
	}
	if len(apps) != 1 {
		return project{}, false
	}
	return apps[0], true
}

// browserSite serves a standalone Blazor WebAssembly app as Microsoft's hosting docs do: the
// published wwwroot on nginx (the static runtime), every path that is no file answered by
// index.html, for the app's router.
func browserSite(s *spec.Spec, t *lang.Toolchain, entry project) (*lang.Toolchain, error) {
	root := path.Join(outDir, "wwwroot")
	t.Build.Expect = []lang.Expected{{Paths: []string{path.Join(root, "index.html")}, What: "the app's index.html",
		Fix: "set `entrypoint` to the project to publish, or make `build.command` publish it to " + outDir}}
	t.Build.Description += ", a Blazor WebAssembly app, whose wwwroot nginx serves"
	site := static.Site{Tool: "Blazor WebAssembly", FromStage: "builder", Dir: root, SPA: true}
	return site.Serve(s, t, entry.name())
}
