package dotnet

import (
	"regexp"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// FuzzDotnetContextFiles: project, solution and global.json files come from the build context,
// so anyone who can send a context writes them. Whatever they hold, following and planning end
// in a plan or an error, never a panic; what Follow asks for and every copy stay inside the
// context; the images are Microsoft's of a version; the program's path is a plain one.
func FuzzDotnetContextFiles(f *testing.F) {
	f.Add(webProject, "Project(\"{x}\") = \"Api\", \"src\\Api\\Api.csproj\", \"{y}\"\n", `{"sdk": {"version": "10.0.100"}}`)
	f.Add(`<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><AssemblyName>../../x y</AssemblyName>
		<TargetFrameworks>net9.0;net99999999999999999999.0</TargetFrameworks></PropertyGroup>
		<ItemGroup><ProjectReference Include="..\..\..\etc\passwd.csproj" /></ItemGroup></Project>`, `<Solution><Project Path="/abs/A.csproj" /></Solution>`, `{"sdk": {"version": "$(x)"}}`)
	s := langtest.Spec(f, "language: dotnet\n")
	image := regexp.MustCompile(`^mcr\.microsoft\.com/dotnet/(sdk|aspnet|runtime|runtime-deps):[0-9]+\.[0-9]+(\.[0-9]+(-[A-Za-z0-9.]+)?)?(-noble-(chiseled(-extra)?|aot))?$`)
	hostile := langtest.Hostile{Images: map[string]*regexp.Regexp{"deps": image, "runtime": image},
		Words: regexp.MustCompile(`^[A-Za-z0-9@._/+${}-]+$`)}
	f.Fuzz(func(t *testing.T, csproj, sln, global string) {
		facts := lang.Facts{"App.csproj": []byte(csproj), "App.sln": []byte(sln), "App.slnx": []byte(sln), "global.json": []byte(global)}
		langtest.Follows(t, Provider{}.Follow(s, facts))
		hostile.Plans(t, provider, s, facts)
	})
}
