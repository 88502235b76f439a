package dotnet

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// A server referencing its Blazor WebAssembly client (blazor-workshop's BlazingPizza and
// BlazingPizza.Client, a Blazor Web App's .Client) is published portable: `-a` would reach the
// client and replace its browser-wasm runtime identifier, and its publish fails.
func TestServerOfAWebAssemblyClient(t *testing.T) {
	for _, sdk := range []string{"Microsoft.NET.Sdk.BlazorWebAssembly", "Microsoft.NET.Sdk.WebAssembly"} {
		f := lang.Facts{
			"BlazingPizza/BlazingPizza.csproj": []byte(strings.Replace(webProject, "</Project>",
				`<ItemGroup><ProjectReference Include="..\BlazingPizza.Client\BlazingPizza.Client.csproj" /></ItemGroup></Project>`, 1)),
			"BlazingPizza.Client/BlazingPizza.Client.csproj": []byte(`<Project Sdk="` + sdk + `"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>`),
		}
		p := provider.MustPlan(t, "language: dotnet\n", f)
		restore, publish := langtest.Runs(p.Stage("deps"))[0], langtest.Runs(p.Stage("builder"))[0]
		if !slices.Equal(restore.Args, []string{"dotnet", "restore", "BlazingPizza/BlazingPizza.csproj"}) ||
			!slices.Equal(publish.Args, []string{"dotnet", "publish", "BlazingPizza/BlazingPizza.csproj", "-c", "Release", "--no-restore", "-o", "/out", "-p:UseAppHost=false"}) {
			t.Errorf("%s: restore %q, publish %q", sdk, restore.Args, publish.Args)
		}
		if !slices.Equal(p.Image.Entrypoint, []string{"dotnet", "/app/BlazingPizza.dll"}) || p.Stage("runtime").Base.Image != "mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled" ||
			!strings.Contains(p.Stage("builder").Description, "portable, for every architecture (no runtime identifier, which would reach BlazingPizza.Client/BlazingPizza.Client.csproj") ||
			!strings.Contains(p.Stage("deps").Description, "packages for every architecture from") {
			t.Errorf("%s: %q on %s; %q; %q", sdk, p.Image.Entrypoint, p.Stage("runtime").Base.Image, p.Stage("builder").Description, p.Stage("deps").Description)
		}
	}
}
