package dotnet

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

var provider = langtest.For(Provider{})

// example reads examples/dotnet as planning would: the first reads, then what Follow asks for.
func example(t *testing.T, src string) lang.Facts {
	t.Helper()
	return provider.ReadFollowed(t, langtest.Spec(t, src), filepath.Join("..", "..", "..", "examples", "dotnet"))
}

const webProject = `<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework>
<InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>`

func TestExample(t *testing.T) {
	f := example(t, "ports: [8080]\n")
	for _, want := range []string{"Greeter.sln", "src/Api/Api.csproj", "tests/Api.Tests/Api.Tests.csproj", "global.json",
		"Directory.Build.props", "NuGet.config"} {
		if !f.Has(want) {
			t.Errorf("planning did not read %s (read %d files)", want, len(f))
		}
	}
	p := provider.MustPlan(t, "ports: [8080]\n", f)
	deps := p.Stage("deps")
	if deps.Base.Image != "mcr.microsoft.com/dotnet/sdk:10.0.100" || !deps.BuildPlatform || deps.Workdir != "/src" {
		t.Errorf("deps %+v", deps)
	}
	cp := langtest.Copies(deps)[0]
	if !slices.Equal(cp.Include, []string{"Directory.Build.props", "Greeter.sln", "NuGet.config", "global.json", "src/Api/Api.csproj",
		"tests/Api.Tests/Api.Tests.csproj"}) {
		t.Errorf("dependency files %q", cp.Include)
	}
	restore := langtest.Runs(deps)[0]
	if !slices.Equal(restore.Args, []string{"dotnet", "restore", "src/Api/Api.csproj", "-a", "${TARGETARCH}"}) || !restore.ExpandArgs ||
		len(restore.Mounts) != 0 {
		t.Errorf("restore %+v: want it for the target architecture, into the layer", restore)
	}
	seeded := plan.Mount{Type: plan.MountCache, ID: "nuget", Target: "/root/.nuget/packages", FromStage: "deps", Source: "/root/.nuget/packages"}
	b := langtest.Runs(p.Stage("builder"))
	if !slices.Equal(b[0].Args, []string{"dotnet", "publish", "src/Api/Api.csproj", "-c", "Release", "-a", "${TARGETARCH}", "--no-restore", "-o", "/out"}) ||
		!slices.Equal(b[0].Mounts, []plan.Mount{seeded}) || b[1].Display != "test -x /out/Api" {
		t.Errorf("builder %+v %+v", b[0], b[1])
	}
	if ex := langtest.Copies(p.Stage("builder"))[0].Exclude; !slices.Equal(ex, []string{"**/bin", "**/obj"}) {
		t.Errorf("the source copy keeps %q", ex)
	}
	if test := langtest.Runs(p.Stage("tester"))[0]; !slices.Equal(test.Args, []string{"dotnet", "test", "Greeter.sln"}) {
		t.Errorf("tester %+v", test)
	}
	rt := p.Stage("runtime")
	if rt.Base.Image != "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled" || p.Image.User != "1654:1654" || p.Image.Workdir != "/app" ||
		!slices.Equal(p.Image.Entrypoint, []string{"/app/Api"}) || !slices.Contains(p.Image.Env, plan.Env{Key: "ASPNETCORE_HTTP_PORTS", Value: "8080"}) {
		t.Errorf("runtime %s %+v", rt.Base.Image, p.Image)
	}
	if len(p.Notes) != 0 {
		t.Errorf("notes %+v", p.Notes)
	}
}

func TestRuntimes(t *testing.T) {
	for _, c := range []struct{ spec, csproj, runtime, sdk, entry string }{
		{"", webProject, "mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled", "mcr.microsoft.com/dotnet/sdk:8.0", "/app/App"},
		{"runtime: slim\n", webProject, "mcr.microsoft.com/dotnet/aspnet:8.0", "mcr.microsoft.com/dotnet/sdk:8.0", "/app/App"},
		{"runtime: alpine\nversion: 9\n", webProject, "mcr.microsoft.com/dotnet/aspnet:9.0-alpine", "mcr.microsoft.com/dotnet/sdk:9.0", "/app/App"},
		{"", `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworks>net8.0;net10.0</TargetFrameworks>
			<InvariantGlobalization>false</InvariantGlobalization><AssemblyName>worker</AssemblyName></PropertyGroup></Project>`,
			"mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled-extra", "mcr.microsoft.com/dotnet/sdk:10.0", "/app/worker"},
		{"", `<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net9.0</TargetFramework><PublishAot>true</PublishAot></PropertyGroup></Project>`,
			"mcr.microsoft.com/dotnet/runtime-deps:9.0-noble-chiseled", "mcr.microsoft.com/dotnet/sdk:9.0-noble-aot", "/app/App"},
		{"", `<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework><SelfContained>true</SelfContained>
			<InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>`,
			"mcr.microsoft.com/dotnet/runtime-deps:8.0-noble-chiseled", "mcr.microsoft.com/dotnet/sdk:8.0", "/app/App"},
		{"", `<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework><UseAppHost>false</UseAppHost>
			<InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>`,
			"mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled", "mcr.microsoft.com/dotnet/sdk:8.0", "dotnet /app/App.dll"},
	} {
		p := provider.MustPlan(t, "language: dotnet\n"+c.spec, lang.Facts{"App.csproj": []byte(c.csproj)})
		if got := p.Stage("runtime").Base.Image; got != c.runtime || p.Stage("deps").Base.Image != c.sdk ||
			strings.Join(p.Image.Entrypoint, " ") != c.entry || p.Image.User != "1654:1654" {
			t.Errorf("%s%s: %s on %s running %q as %s", c.spec, c.csproj, p.Stage("deps").Base.Image, got, p.Image.Entrypoint, p.Image.User)
		}
	}
	p := provider.MustPlan(t, "language: dotnet\nruntime: alpine\n", lang.Facts{"App.csproj": []byte(webProject)})
	if r := langtest.Runs(p.Stage("deps"))[0]; !slices.Contains(r.Args, "linux-musl") {
		t.Errorf("alpine restores %q, want the musl RID", r.Args)
	}
	for _, c := range []struct{ spec, csproj, want string }{
		{"runtime: scratch\n", webProject, "cannot run on scratch"},
		{"version: 6.0\n", webProject, ".NET 6 is out of support"},
		{"", strings.Replace(webProject, "net8.0", "net6.0", 1), "targets .NET 6.0, which is out of support"},
		{"version: latest\n", webProject, "not a .NET version"},
	} {
		if _, err := provider.TryPlan(t, "language: dotnet\n"+c.spec, lang.Facts{"App.csproj": []byte(c.csproj)}); err == nil ||
			!strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.spec, err, c.want)
		}
	}
}

func TestEntryProject(t *testing.T) {
	lib := `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>`
	test := `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>
		<ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.12.0" /></ItemGroup></Project>`
	f := lang.Facts{"src/Web/Web.csproj": []byte(webProject), "src/Lib/Lib.fsproj": []byte(lib), "test/T/T.csproj": []byte(test),
		"src/Cli/Cli.csproj": []byte(`<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>`)}
	provider.Refuses(t, "language: dotnet\n", f, "several projects make a program: src/Cli/Cli.csproj, src/Web/Web.csproj")
	for _, ep := range []string{"src/Web", "src/Web/Web.csproj", "Web", "./src/Web/"} {
		if p := provider.MustPlan(t, "language: dotnet\nentrypoint: "+ep+"\n", f); langtest.Runs(p.Stage("deps"))[0].Args[2] != "src/Web/Web.csproj" {
			t.Errorf("entrypoint %s restores %q", ep, langtest.Runs(p.Stage("deps"))[0].Args)
		}
	}
	provider.Refuses(t, "language: dotnet\nentrypoint: src/Nope\n", f, `"src/Nope" names no project`)
	delete(f, "src/Cli/Cli.csproj")
	p := provider.MustPlan(t, "language: dotnet\n", f)
	if test := langtest.Runs(p.Stage("tester"))[0]; !slices.Equal(test.Args, []string{"dotnet", "test", "test/T/T.csproj"}) {
		t.Errorf("the test project is not what the tester runs: %q", test.Args)
	}
	// no tests, and no word on globalization: both warned about
	p = provider.MustPlan(t, "language: dotnet\n", lang.Facts{"App.csproj": []byte(lib[:len(lib)-len("</Project>")] + `<PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>`),
		"packages.lock.json": []byte("{}")})
	if notes := langtest.Rules(p); !slices.Equal(notes, []string{"NoTestRunner", "InvariantGlobalization"}) {
		t.Errorf("notes %q", notes)
	}
	if r := langtest.Runs(p.Stage("deps"))[0]; r.Args[len(r.Args)-1] != "--locked-mode" {
		t.Errorf("a NuGet lockfile does not lock the restore: %q", r.Args)
	}
}

func TestFollowAndDetect(t *testing.T) {
	sln, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", "dotnet", "Greeter.sln"))
	if err != nil {
		t.Fatal(err)
	}
	f := lang.Facts{"App.sln": sln, "tests/Api.Tests/Api.Tests.csproj": []byte(`<Project Sdk="Microsoft.NET.Sdk">
		<ItemGroup><ProjectReference Include="..\..\src\Api\Api.csproj" /><ProjectReference Include="..\..\..\outside\X.csproj" /></ItemGroup></Project>`)}
	got := Provider{}.Follow(nil, f)
	for _, want := range []string{"src/Api/Api.csproj", "tests/Api.Tests/Api.Tests.csproj", "tests/Api.Tests/packages.lock.json",
		"tests/Directory.Build.props", "tests/Api.Tests/NuGet.config"} {
		if !slices.Contains(got, want) {
			t.Errorf("Follow asks for %q, want %s among them", got, want)
		}
	}
	for _, g := range got {
		if err := lang.CheckContextName(g); err != nil || strings.Contains(g, "outside") {
			t.Errorf("Follow asks for %q: %v", g, err)
		}
	}
	if detect(lang.Facts{"Greeter.sln": nil}) != "Greeter.sln" || detect(lang.Facts{"App.fsproj": nil}) != "App.fsproj" || detect(lang.Facts{"x.txt": nil}) != "" {
		t.Errorf("detection")
	}
}
