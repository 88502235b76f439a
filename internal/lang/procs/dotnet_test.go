package procs_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestBuildpackPublishOutput: a .NET Procfile written for Heroku's .NET buildpack runs the
// assemblies from its publish directory (`cd $HOME/heroku_output && ... dotnet ./Api.dll`), which
// needs a shell the chiseled image lacks: planning failed there. The web process running the
// image's own program and a worker running another project's assembly are left out, each with a
// BuildpackPublishOutput warning, and the runtime stays the default; another process stays.
func TestBuildpackPublishOutput(t *testing.T) {
	f := lang.Facts{
		"Api.csproj": []byte(`<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net10.0</TargetFramework>
			<InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>`),
		"Procfile": []byte("web: cd $HOME/heroku_output && ASPNETCORE_URLS='http://+:$PORT' dotnet \"./Api.dll\" --server.urls http://+:$PORT\n" +
			"worker: cd $HOME/heroku_output && dotnet \"./Worker.dll\"\nclock: /app/Api --clock\n"),
	}
	p := registry.MustPlan(t, "ports: [8080]\n", f)
	if p.Default != "runtime" || p.Stage("web") != nil || p.Stage("worker") != nil || len(p.Processes) != 1 || p.Processes[0].Name != "clock" {
		t.Fatalf("default %q, processes %+v", p.Default, p.Processes)
	}
	msgs := langtest.Messages(p, "BuildpackPublishOutput")
	if len(msgs) != 2 || !strings.Contains(msgs[0], "runs the same program from /app") ||
		!strings.Contains(msgs[1], "this image publishes Api only; build Worker.dll's project as an image of its own") {
		t.Errorf("notes %q", msgs)
	}
	// the spec's processes are the user's
	p = registry.MustPlan(t, "runtime: slim\nprocesses: {web: [/bin/sh, -c, cd $HOME/heroku_output && dotnet ./Api.dll]}\n", f)
	if p.Default != "web" || slices.ContainsFunc(p.Notes, func(n plan.Note) bool { return n.Rule == "BuildpackPublishOutput" }) {
		t.Errorf("the spec's process: default %q, notes %+v", p.Default, p.Notes)
	}
}
