package dotnet

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// A worker template's project (no OutputType: the Worker SDK makes it Exe) is the program
// beside an Aspire app host (CleanArchitecture's src/AppHost and tests/TestAppHost, OutputType
// Exe on Aspire.AppHost.Sdk/13.4.6), a class library and an MSTest.Sdk project.
func TestWorkerBesideAnAspireHost(t *testing.T) {
	f := lang.Facts{
		"src/Worker/Worker.csproj": []byte(`<Project Sdk="Microsoft.NET.Sdk.Worker"><PropertyGroup><TargetFramework>net9.0</TargetFramework>
			<InvariantGlobalization>true</InvariantGlobalization></PropertyGroup>
			<ItemGroup><PackageReference Include="Microsoft.Extensions.Hosting" /></ItemGroup></Project>`),
		"src/AppHost/AppHost.csproj":     []byte(`<Project Sdk="Aspire.AppHost.Sdk/13.4.6"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>`),
		"src/OldHost/OldHost.csproj":     []byte(`<Project Sdk="Microsoft.NET.Sdk"><Sdk Name="Aspire.AppHost.Sdk" Version="9.0.0" /><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>`),
		"src/Lib/Lib.csproj":             []byte(`<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>`),
		"tests/Tests/Tests.csproj":       []byte(`<Project Sdk="MSTest.Sdk/3.6.4"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>`),
		"src/Wasm/Wasm.csproj":           []byte(`<Project Sdk="Microsoft.NET.Sdk.WebAssembly"><PropertyGroup><OutputType>Library</OutputType></PropertyGroup></Project>`),
		"src/RazorLib/RazorLib.csproj":   []byte(`<Project Sdk="Microsoft.NET.Sdk.Razor"></Project>`),
		"src/WebLib/WebLib.csproj":       []byte(`<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><OutputType>Library</OutputType></PropertyGroup></Project>`),
		"src/Client/Client.csproj":       []byte(`<Project Sdk="Microsoft.NET.Sdk.BlazorWebAssembly"></Project>`),
		"src/Migrations/Migrations.proj": []byte(`<Project />`),
	}
	p := provider.MustPlan(t, "language: dotnet\n", f)
	if r := langtest.Runs(p.Stage("deps"))[0]; r.Args[2] != "src/Worker/Worker.csproj" {
		t.Errorf("restores %q, want the worker", r.Args)
	}
	if got := p.Stage("runtime").Base.Image; got != "mcr.microsoft.com/dotnet/runtime:9.0-noble-chiseled" ||
		!slices.Equal(p.Image.Entrypoint, []string{"/app/Worker"}) || slices.ContainsFunc(p.Image.Env, func(e plan.Env) bool { return e.Key == "ASPNETCORE_HTTP_PORTS" }) {
		t.Errorf("a worker runs on %s: %q %q", got, p.Image.Entrypoint, p.Image.Env)
	}
	if rules := langtest.Rules(p); len(rules) != 0 {
		t.Errorf("notes %q: the MSTest.Sdk project is a test project", rules)
	}
	// the app hosts, the libraries and the tests are no candidates when there is no program
	// (the Blazor WebAssembly app would be: browser_test.go)
	delete(f, "src/Worker/Worker.csproj")
	delete(f, "src/Client/Client.csproj")
	provider.Refuses(t, "language: dotnet\n", f, "no project makes a program")
}

// A console program on Kestrel (ArchiSteamFarm: Microsoft.NET.Sdk, OutputType Exe, NLog.Web.AspNetCore
// and Microsoft.AspNetCore.OpenApi) needs ASP.NET Core's shared framework: the aspnet image.
func TestProgramOnAspNetCore(t *testing.T) {
	console := `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>
		<InvariantGlobalization>true</InvariantGlobalization></PropertyGroup><ItemGroup>%s</ItemGroup></Project>`
	for _, c := range []struct {
		name  string
		facts lang.Facts
		want  string
	}{
		{"server packages", lang.Facts{"App.csproj": []byte(strings.Replace(console, "%s", `<PackageReference Include="NLog.Web.AspNetCore" />`, 1))}, "aspnet"},
		{"a library's FrameworkReference", lang.Facts{
			"App.csproj":     []byte(strings.Replace(console, "%s", `<ProjectReference Include="Api\Api.csproj" />`, 1)),
			"Api/Api.csproj": []byte(`<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><FrameworkReference Include="Microsoft.AspNetCore.App" /></ItemGroup></Project>`)}, "aspnet"},
		{"a SignalR client", lang.Facts{"App.csproj": []byte(strings.Replace(console, "%s", `<PackageReference Include="Microsoft.AspNetCore.SignalR.Client" />`, 1))}, "runtime"},
	} {
		p := provider.MustPlan(t, "language: dotnet\nports: [1242]\n", c.facts)
		ports := slices.Contains(p.Image.Env, plan.Env{Key: "ASPNETCORE_HTTP_PORTS", Value: "1242"})
		if got := p.Stage("runtime").Base.Image; got != "mcr.microsoft.com/dotnet/"+c.want+":10.0-noble-chiseled" || ports != (c.want == "aspnet") {
			t.Errorf("%s: %s, ASPNETCORE_HTTP_PORTS %v", c.name, got, ports)
		}
	}
}

// The target framework, OutputType and test packages a Directory.Build.props sets for every
// project (CleanArchitecture's TargetFramework net10.0, blazor-workshop's $(TargetFrameworkVersion)).
func TestDirectoryBuildProps(t *testing.T) {
	f := lang.Facts{
		"Directory.Build.props": []byte(`<Project><PropertyGroup><TargetFrameworkVersion>net8.0</TargetFrameworkVersion>
			<InvariantGlobalization>true</InvariantGlobalization><ArtifactsPath>$(MSBuildThisFileDirectory)artifacts</ArtifactsPath></PropertyGroup></Project>`),
		"src/Web/Web.csproj":   []byte(`<Project Sdk="Microsoft.NET.Sdk.Web"></Project>`),
		"src/Cli/Cli.csproj":   []byte(`<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Library</OutputType></PropertyGroup></Project>`),
		"src/Tool/Tool.csproj": []byte(`<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>`),
		// a condition on the project's name (or the configuration) is for some projects only: not read
		"src/Directory.Build.props": []byte(`<Project><PropertyGroup><TargetFramework>$(TargetFrameworkVersion)</TargetFramework></PropertyGroup>
			<PropertyGroup Condition="$(MSBuildProjectName.EndsWith('Tests'))"><IsTestProject>true</IsTestProject></PropertyGroup>
			<ItemGroup><PackageReference Include="xunit.v3" Condition="'$(IsTestProject)' == 'true'" /></ItemGroup></Project>`),
		"tests/Directory.Build.props": []byte(`<Project><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>
			<ItemGroup><PackageReference Include="xunit.v3" /></ItemGroup></Project>`),
		"tests/Web.Tests/Web.Tests.csproj": []byte(`<Project Sdk="Microsoft.NET.Sdk"></Project>`),
	}
	p := provider.MustPlan(t, "language: dotnet\n", f)
	if got := p.Stage("runtime").Base.Image; got != "mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled" {
		t.Errorf("runtime %s, want .NET 8 from the props' TargetFramework", got)
	}
	if rules := langtest.Rules(p); len(rules) != 0 {
		t.Errorf("notes %q: the props set InvariantGlobalization, and tests/ are xunit.v3's", rules)
	}
	if test := langtest.Runs(p.Stage("tester"))[0]; !slices.Equal(test.Args, []string{"dotnet", "test", "tests/Web.Tests/Web.Tests.csproj"}) {
		t.Errorf("tester %q", test.Args)
	}
	if ex := langtest.Copies(p.Stage("builder"))[0].Exclude; !slices.Equal(ex, []string{"**/bin", "**/obj", "artifacts"}) {
		t.Errorf("the source copy keeps %q, want the artifacts output left out too", ex)
	}
}

// global.json's sdk.version names an image only when it is an SDK release: jellyfin's 10.0.0
// (rollForward latestMinor) is a runtime's version, and sdk:10.0.0 does not exist.
func TestGlobalJSONNotAnSDKRelease(t *testing.T) {
	for global, want := range map[string]string{
		`{"sdk": {"version": "10.0.0", "rollForward": "latestMinor"}}`:       "mcr.microsoft.com/dotnet/sdk:8.0",
		`{"sdk": {"version": "8.0.404"}}`:                                    "mcr.microsoft.com/dotnet/sdk:8.0.404",
		`{"sdk": {"version": "10.0.100-rc.2.25502.107"}}`:                    "mcr.microsoft.com/dotnet/sdk:10.0.100-rc.2.25502.107",
		`{"sdk": {"version": "9.0.99"}, "msbuild-sdks": {"X.Sdk": "1.0.0"}}`: "mcr.microsoft.com/dotnet/sdk:8.0",
	} {
		p := provider.MustPlan(t, "language: dotnet\n", lang.Facts{"App.csproj": []byte(webProject), "global.json": []byte(global)})
		if got := p.Stage("deps").Base.Image; got != want {
			t.Errorf("%s: %s, want %s", global, got, want)
		}
	}
}
