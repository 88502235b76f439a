package dotnet

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// The SPA templates' web project runs npm at publish (jasontaylordev/CleanArchitecture's
// PublishRunWebpack: npm install, then npm run build in ClientApp); the SDK image has no Node.js,
// so the builder gets it from the node image, with npm's cache. Their Debug-only target does not count.
func TestPublishRunsNpm(t *testing.T) {
	spa := `<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net10.0</TargetFramework><SpaRoot>ClientApp\</SpaRoot>
		<InvariantGlobalization>true</InvariantGlobalization></PropertyGroup>
		<Target Name="DebugEnsureNodeEnv" BeforeTargets="Build" Condition=" '$(Configuration)' == 'Debug' And !Exists('$(SpaRoot)node_modules') ">
			<Exec Command="node --version" ContinueOnError="true" /></Target>
		%s</Project>`
	publish := `<Target Name="PublishRunWebpack" AfterTargets="ComputeFilesToPublish">
		<Exec WorkingDirectory="$(SpaRoot)" Command="npm install" /><Exec WorkingDirectory="$(SpaRoot)" Command="npm run build" /></Target>`
	for _, c := range []struct {
		name  string
		facts lang.Facts
		why   string
	}{
		{"PublishRunWebpack", lang.Facts{"Web.csproj": []byte(strings.Replace(spa, "%s", publish, 1))}, "Web.csproj's PublishRunWebpack target runs `npm install`"},
		{"an .esproj", lang.Facts{"Web.Server/Web.Server.csproj": []byte(strings.Replace(spa, "%s",
			`<ItemGroup><ProjectReference Include="..\web.client\web.client.esproj"><ReferenceOutputAssembly>false</ReferenceOutputAssembly></ProjectReference></ItemGroup>`, 1)),
			"web.client/web.client.esproj": []byte(`<Project Sdk="Microsoft.VisualStudio.JavaScript.Sdk/1.0.1738743"></Project>`)},
			"Web.Server/Web.Server.csproj references web.client/web.client.esproj, whose build runs npm"},
	} {
		p := provider.MustPlan(t, "language: dotnet\n", c.facts)
		node := p.Stage("node")
		if node == nil || node.Base.Image != "node:24-bookworm-slim" || !node.BuildPlatform {
			t.Fatalf("%s: no node stage on the build platform: %+v", c.name, node)
		}
		if cp := langtest.Copies(p.Stage("deps"))[0]; cp.FromStage != "node" || !slices.Equal(cp.Paths, []string{"/usr/local/"}) {
			t.Errorf("%s: deps' first copy %+v, want Node.js from the node stage", c.name, cp)
		}
		b := p.Stage("builder")
		if !strings.Contains(b.Description, c.why) || !slices.Contains(langtest.Copies(b)[0].Exclude, "**/node_modules") {
			t.Errorf("%s: builder %q, source copy leaving out %q", c.name, b.Description, langtest.Copies(b)[0].Exclude)
		}
		if !slices.ContainsFunc(langtest.Runs(b)[0].Mounts, func(m plan.Mount) bool { return m.ID == "npm" && m.Target == "/root/.npm" }) {
			t.Errorf("%s: publish without npm's cache: %+v", c.name, langtest.Runs(b)[0].Mounts)
		}
		if _, ok := c.facts["web.client/web.client.esproj"]; ok && !slices.Contains(langtest.Copies(p.Stage("deps"))[1].Include, "web.client/web.client.esproj") {
			t.Errorf("%s: the JavaScript project is not among the restore's files", c.name)
		}
	}
	p := provider.MustPlan(t, "language: dotnet\n", lang.Facts{"Web.csproj": []byte(strings.Replace(spa, "%s", "", 1))})
	if p.Stage("node") != nil || strings.Contains(p.Stage("builder").Description, "Node.js") {
		t.Errorf("a Debug-only npm target gives the builder Node.js: %q", p.Stage("builder").Description)
	}
}
