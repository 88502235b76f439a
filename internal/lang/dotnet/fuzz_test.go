package dotnet

import (
	"context"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/graph/graphtest"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
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
	s, err := spec.Parse("Dockerfile", []byte("language: dotnet\n"))
	if err != nil {
		f.Fatal(err)
	}
	image := regexp.MustCompile(`^mcr\.microsoft\.com/dotnet/(sdk|aspnet|runtime|runtime-deps):[0-9]+\.[0-9]+(\.[0-9]+(-[A-Za-z0-9.]+)?)?(-noble-(chiseled(-extra)?|aot))?$`)
	word := regexp.MustCompile(`^[A-Za-z0-9@._/+${}-]+$`)
	f.Fuzz(func(t *testing.T, csproj, sln, global string) {
		facts := lang.Facts{"App.csproj": []byte(csproj), "App.sln": []byte(sln), "App.slnx": []byte(sln), "global.json": []byte(global)}
		for _, p := range (Provider{}).Follow(s, facts) {
			if err := lang.CheckContextName(p); err != nil {
				t.Fatalf("follows %q: %v", p, err)
			}
		}
		p, err := provider.Plan(s, facts)
		if err != nil {
			return
		}
		for _, st := range p.Stages {
			for _, step := range st.Steps {
				if c, ok := step.(*plan.Copy); ok && c.FromStage == "" {
					for _, src := range slices.Concat(c.Paths, c.Include) {
						if clean := path.Clean(src); path.IsAbs(src) || clean == ".." || strings.HasPrefix(clean, "../") {
							t.Fatalf("%s copies %q: outside the context", st.Name, src)
						}
					}
				}
			}
		}
		for _, img := range []string{p.Stage("deps").Base.Image, p.Stage("runtime").Base.Image} {
			if !image.MatchString(img) {
				t.Fatalf("image %q", img)
			}
		}
		for _, w := range p.Image.Entrypoint {
			if !word.MatchString(w) {
				t.Fatalf("the image runs %q", p.Image.Entrypoint)
			}
		}
		if _, err := graph.Build(context.Background(), p, graph.Options{TargetPlatform: graphtest.Amd64, BuildPlatform: graphtest.Amd64,
			Context: llb.Local("context"), Resolver: graphtest.Images{}}); err != nil {
			t.Fatalf("a plan that does not convert: %v", err)
		}
	})
}
