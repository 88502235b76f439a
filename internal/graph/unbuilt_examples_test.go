package graph_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/graph/graphtest"
)

// The Gradle and Poetry examples cannot be built on this machine (no Gradle distribution, no
// Poetry with its export plugin: see the README's languages table), so their graphs are checked
// here from their real files.

func TestGradleExampleGraph(t *testing.T) {
	s, f := exampleFacts(t, "java-gradle")
	d, res := buildFacts(t, s, f, "", arm64, nil)
	d.named(t, "[deps 1/3] FROM gradle:jdk17")
	deps := d.named(t, "[deps 3/3] RUN gradle --no-daemon --console=plain --no-configuration-cache --init-script")
	if m := cacheMount(deps, "/root/.gradle"); m != nil {
		t.Errorf("deps downloads into a cache mount, not its layer: %+v", m)
	}
	checkSeeded(t, d.named(t, "[builder 3/4] RUN gradle"), deps, "/root/.gradle", "gradle")
	inc := d.named(t, "[deps 2/3] COPY").GetFile().Actions[0].GetCopy()
	for _, want := range []string{"settings.gradle", "build.gradle"} {
		if !slices.Contains(inc.IncludePatterns, want) {
			t.Errorf("deps copies %q, want %s among them", inc.IncludePatterns, want)
		}
	}
	if a := d.named(t, "[builder 3/4] RUN gradle").GetExec().Meta.Args; a[len(a)-1] != "assemble" {
		t.Errorf("the build runs %q, want assemble (no Spring Boot or shadow plugin)", a)
	}
	d.named(t, "[builder 4/4] RUN")
	for _, o := range d.execs() {
		if o.Platform.Architecture != "amd64" {
			t.Errorf("%q runs on %s: a jar is built once, on the build platform", o.Name, o.Platform.Architecture)
		}
	}
	d.named(t, "[runtime-base 1/1] FROM eclipse-temurin:17-jre")
	if cfg := res.Image.Config; !slices.Equal(cfg.Entrypoint, []string{"java", "-jar", "/app/app.jar"}) || cfg.User != "65532:65532" {
		t.Errorf("image %q as %q", cfg.Entrypoint, cfg.User)
	}
	if title := res.Image.Config.Labels["org.opencontainers.image.title"]; title != "hello-gradle" {
		t.Errorf("title %q, want settings.gradle's rootProject.name", title)
	}
	d, _ = buildFacts(t, s, f, "tester", amd64, nil)
	if a := d.named(t, "[tester 2/2] RUN gradle").GetExec().Meta.Args; a[len(a)-1] != "test" {
		t.Errorf("the tester runs %q", a)
	}
}

func TestPoetryExampleGraph(t *testing.T) {
	s, f := exampleFacts(t, "python-poetry")
	d, res := buildFacts(t, s, f, "", amd64, nil)
	d.named(t, "[deps 1/")
	exp := d.exec(t, "/opt/poetry/bin/poetry", "export", "--only", "main")
	if !strings.Contains(exp.Name, "poetry export --only main") {
		t.Errorf("export step %q", exp.Name)
	}
	d.exec(t, "pip", "--python", "/opt/venv/bin/python", "install", "--no-compile", "--no-deps", ".")
	var shipped []string
	for _, o := range d.ops {
		if strings.HasPrefix(o.Name, "[runtime ") && strings.Contains(o.Name, "COPY --from=builder") {
			shipped = append(shipped, o.Name)
		}
	}
	if len(shipped) != 1 || !strings.Contains(shipped[0], "/opt/venv") {
		t.Errorf("runtime copies %q from the builder, want the venv only (a package needs no /app)", shipped)
	}
	for _, o := range d.ops {
		if strings.Contains(o.Name, "poetry") && strings.HasPrefix(o.Name, "[runtime") {
			t.Errorf("Poetry reaches the runtime: %q", o.Name)
		}
	}
	if cfg := res.Image.Config; !slices.Equal(cfg.Entrypoint, []string{"/opt/venv/bin/greeter"}) || cfg.User != "65532:65532" {
		t.Errorf("image %q as %q, want the project's script as 65532", cfg.Entrypoint, cfg.User)
	}
	d, _ = buildFacts(t, s, f, "tester", amd64, nil)
	d.exec(t, "python", "-m", "unittest", "discover")
}

// The .NET SDK cannot be fetched here (no NuGet, no mcr.microsoft.com): examples/dotnet's graph
// is checked from its real files, for arm64 on amd64, as a multi-platform build makes it.
func TestDotnetExampleGraph(t *testing.T) {
	s, f := exampleFacts(t, "dotnet")
	d, res := buildFacts(t, s, f, "", arm64, nil)
	d.named(t, "[deps 1/3] FROM mcr.microsoft.com/dotnet/sdk:10.0.100")
	restore := d.named(t, "[deps 3/3] RUN dotnet restore src/Api/Api.csproj -a ${TARGETARCH}")
	if a := restore.GetExec().Meta.Args; !slices.Equal(a, []string{"dotnet", "restore", "src/Api/Api.csproj", "-a", "arm64"}) {
		t.Errorf("restore runs %q, want it for arm64", a)
	}
	if m := cacheMount(restore, "/root/.nuget/packages"); m != nil {
		t.Errorf("restore writes into a cache mount, not its layer: %+v", m)
	}
	publish := d.named(t, "[builder 3/4] RUN dotnet publish")
	if a := graphtest.Args(publish.GetExec()); !slices.Equal(a, []string{"dotnet", "publish", "src/Api/Api.csproj", "-c", "Release", "-a", "arm64", "--no-restore", "-o", "/out"}) {
		t.Errorf("publish runs %q", a)
	}
	d.named(t, "[builder 4/4] RUN test -x /out/Api") // publish names /out, not the program: a step of its own
	checkSeeded(t, publish, restore, "/root/.nuget/packages", "nuget")
	for _, o := range d.execs() {
		if o.Platform.Architecture != "amd64" {
			t.Errorf("%q runs on %s: the SDK cross-compiles on the build platform", o.Name, o.Platform.Architecture)
		}
	}
	d.named(t, "[runtime 1/2] FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled")
	cfg := res.Image.Config
	if !slices.Equal(cfg.Entrypoint, []string{"/app/Api"}) || cfg.User != "1654:1654" || cfg.WorkingDir != "/app" ||
		!slices.Contains(cfg.Env, "ASPNETCORE_HTTP_PORTS=8080") || res.Image.Platform.Architecture != "arm64" {
		t.Errorf("image %q as %q in %q, env %q, %s", cfg.Entrypoint, cfg.User, cfg.WorkingDir, cfg.Env, res.Image.Platform.Architecture)
	}
	d, _ = buildFacts(t, s, f, "tester", amd64, nil)
	d.exec(t, "dotnet", "test", "Greeter.sln")
}
