package dotnet

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// A standalone Blazor WebAssembly app (no server project) is files the browser runs: published
// without a runtime identifier (its own is browser-wasm), its wwwroot served by nginx with
// index.html for every path that is no file. A client a server references is the server's.
func TestStandaloneBlazorWebAssembly(t *testing.T) {
	app := `<Project Sdk="Microsoft.NET.Sdk.BlazorWebAssembly"><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>`
	f := lang.Facts{"src/App/App.csproj": []byte(app), "src/Shared/Shared.csproj": []byte(`<Project Sdk="Microsoft.NET.Sdk"></Project>`)}
	p := provider.MustPlan(t, "language: dotnet\nports: [8080]\n", f)
	restore, publish := langtest.Runs(p.Stage("deps"))[0], langtest.Runs(p.Stage("builder"))
	if !slices.Equal(restore.Args, []string{"dotnet", "restore", "src/App/App.csproj"}) ||
		!slices.Equal(publish[0].Args, []string{"dotnet", "publish", "src/App/App.csproj", "-c", "Release", "--no-restore", "-o", "/out"}) ||
		!strings.Contains(publish[1].Display, "/out/wwwroot/index.html") {
		t.Errorf("restore %q, publish %q, then %q", restore.Args, publish[0].Args, publish[1].Display)
	}
	rt := p.Stage("runtime")
	cp := langtest.Copies(rt)
	if rt.Base.Image != "nginxinc/nginx-unprivileged:stable-alpine-slim" || p.Image.User != "101:101" ||
		cp[len(cp)-1].FromStage != "builder" || !slices.Equal(cp[len(cp)-1].Paths, []string{"/out/wwwroot"}) ||
		slices.Contains(langtest.Rules(p), "InvariantGlobalization") {
		t.Errorf("runtime %s as %s copying %+v, notes %q", rt.Base.Image, p.Image.User, cp[len(cp)-1], langtest.Rules(p))
	}
	// referenced by a server, it is the server's client
	f["src/Server/Server.csproj"] = []byte(strings.Replace(webProject, "</Project>", `<ItemGroup><ProjectReference Include="..\App\App.csproj" /></ItemGroup></Project>`, 1))
	if p := provider.MustPlan(t, "language: dotnet\n", f); p.Stage("runtime").Base.Image != "mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled" {
		t.Errorf("the server runs on %s", p.Stage("runtime").Base.Image)
	}
}
