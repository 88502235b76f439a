package dotnet

import (
	"slices"
	"strings"
)

// aspNetCore is the reason a program needs ASP.NET Core's shared framework, which only the
// aspnet images have ("" when it does not): the Web SDK; a FrameworkReference to
// Microsoft.AspNetCore.App in it or a project it references; or a server package, which
// brings that reference with it (Serilog.AspNetCore, NLog.Web.AspNetCore,
// Microsoft.AspNetCore.OpenApi). A program on the runtime image without it stops at start:
// "Framework: 'Microsoft.AspNetCore.App' ... was not found".
func aspNetCore(entry project, projects []project) string {
	if entry.web() {
		return "the Web SDK"
	}
	seen := map[string]bool{}
	var walk func(p project) string
	walk = func(p project) string {
		if seen[p.Path] {
			return ""
		}
		seen[p.Path] = true
		for _, fw := range p.Frameworks {
			if strings.EqualFold(fw, "Microsoft.AspNetCore.App") {
				return p.Path + "'s FrameworkReference to Microsoft.AspNetCore.App"
			}
		}
		for _, pkg := range p.Packages {
			if serverPackage(pkg) {
				return p.Path + "'s package " + pkg
			}
		}
		for _, ref := range p.References {
			if i := slices.IndexFunc(projects, func(q project) bool { return q.Path == ref }); i >= 0 {
				if why := walk(projects[i]); why != "" {
					return why
				}
			}
		}
		return ""
	}
	return walk(entry)
}

// serverPackage reports a package built on ASP.NET Core's shared framework: a name with an
// AspNetCore part, but not a client's (Microsoft.AspNetCore.SignalR.Client) or Blazor
// WebAssembly's, which run without it.
func serverPackage(name string) bool {
	parts := strings.Split(name, ".")
	return slices.Contains(parts, "AspNetCore") && !slices.Contains(parts, "Client") && !slices.Contains(parts, "WebAssembly")
}

// wasmClient is the Blazor WebAssembly project the entry project references (its .Client project,
// or a hosted app's Client), "" for none. A runtime identifier given on the command line (`-a`,
// `-r`) reaches that project too and replaces its browser-wasm, and its publish fails (WASM0005,
// NETSDK1082: dotnet/aspnetcore#43749, dotnet/core#9261), so such a server is published portable
// instead, as Microsoft's Dockerfiles for it do: no runtime identifier and no apphost, run with
// `dotnet <name>.dll`, which runs on every architecture.
func wasmClient(entry project, projects []project) string {
	for _, r := range entry.References {
		i := slices.IndexFunc(projects, func(q project) bool { return q.Path == r })
		if i >= 0 && (projects[i].hasSdk("Microsoft.NET.Sdk.BlazorWebAssembly") || projects[i].hasSdk("Microsoft.NET.Sdk.WebAssembly")) {
			return r
		}
	}
	return ""
}
