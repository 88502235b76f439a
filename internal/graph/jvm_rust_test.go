package graph_test

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/solver/pb"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/graph/graphtest"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// exampleFacts reads the files a provider declares from an examples/ directory, as the
// frontend reads them from the build context.
func exampleFacts(t *testing.T, dir string) (*spec.Spec, lang.Facts) {
	t.Helper()
	root := filepath.Join("..", "..", "examples", dir)
	src, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Parse("Dockerfile", src)
	if err != nil {
		t.Fatal(err)
	}
	f, _, err := providers.Read(s, lang.DirReader(root))
	if err != nil {
		t.Fatal(err)
	}
	return s, f
}

// buildFacts plans the spec with the context files and converts it with build args.
func buildFacts(t *testing.T, s *spec.Spec, f lang.Facts, target string, tp ocispecs.Platform, args map[string]string) (decoded, *graph.Result) {
	t.Helper()
	p, err := providers.Plan(s, f)
	if err != nil {
		t.Fatal(err)
	}
	return buildWith(t, s, p, target, tp, func(o *graph.Options) {
		if args != nil {
			o.BuildArgs = args
		}
	})
}

func envOf(o op) []string { return o.GetExec().Meta.Env }

func TestMavenExampleGraph(t *testing.T) {
	s, f := exampleFacts(t, "java")
	mirror := "http://mirror.example/maven2"
	d, res := buildFacts(t, s, f, "", arm64, map[string]string{"MAVEN_MIRROR_URL": mirror})

	deps := d.named(t, "[deps 3/3] RUN mvn --batch-mode")
	if !slices.Equal(deps.GetExec().Meta.Args[:3], []string{"/bin/sh", lang.ScriptDir + "/maven.sh", "mvn"}) {
		t.Errorf("deps runs %q", deps.GetExec().Meta.Args)
	}
	if !slices.Contains(envOf(deps), "MAVEN_MIRROR_URL="+mirror) {
		t.Errorf("the mirror does not reach the dependency step: %q", envOf(deps))
	}
	if m := cacheMount(deps, "/root/.m2/repository"); m != nil {
		t.Errorf("deps downloads into a cache mount, not its layer: %+v", m)
	}
	var tmpfs, scripts bool
	for _, m := range deps.GetExec().Mounts {
		tmpfs = tmpfs || (m.Dest == "/run/build-mirror" && m.MountType == pb.MountType_TMPFS)
		scripts = scripts || (m.Dest == lang.ScriptDir && m.Readonly && m.Selector == "/scripts")
	}
	if !tmpfs || !scripts {
		t.Errorf("deps mounts (tmpfs for the settings %v, scripts read-only %v): %+v", tmpfs, scripts, deps.GetExec().Mounts)
	}
	inc := d.named(t, "[deps 2/3] COPY pom.xml .mvn ./").GetFile().Actions[0].GetCopy()
	if !slices.Equal(inc.IncludePatterns, []string{"pom.xml", ".mvn"}) {
		t.Errorf("deps copies %+v", inc)
	}
	pkg := d.named(t, "[builder 3/4] RUN mvn")
	if !slices.Contains(envOf(pkg), "MAVEN_MIRROR_URL="+mirror) || !slices.Contains(pkg.GetExec().Meta.Args, "package") {
		t.Errorf("build step %q env %q", pkg.GetExec().Meta.Args, envOf(pkg))
	}
	checkSeeded(t, pkg, deps, "/root/.m2/repository", "maven-repository")
	jar := d.named(t, "[builder 4/4] RUN cp target/hello-1.0.0.jar /out/app.jar")
	if jar.GetExec().Network != pb.NetMode_NONE || slices.Contains(envOf(jar), "MAVEN_MIRROR_URL="+mirror) {
		t.Errorf("the jar step has network %v, env %q", jar.GetExec().Network, envOf(jar))
	}
	if check, ok := graphtest.Checks(jar.GetExec()); !ok || !strings.Contains(check, "/out/app.jar") {
		t.Errorf("the jar step does not check /out/app.jar: %q", jar.GetExec().Meta.Args)
	}
	// A jar is the same for every platform: nothing runs on the target's.
	for _, o := range d.execs() {
		if o.Platform.Architecture != "amd64" {
			t.Errorf("%q runs on %s", o.Name, o.Platform.Architecture)
		}
	}
	rt := d.named(t, "[runtime-base 1/1] FROM eclipse-temurin:17-jre")
	if rt.Platform.Architecture != "arm64" {
		t.Errorf("runtime base for %s", rt.Platform.Architecture)
	}
	cfg := res.Image.Config
	if !slices.Equal(cfg.Entrypoint, []string{"java", "-jar", "/app/app.jar"}) || cfg.User != "65532:65532" || cfg.WorkingDir != "/app" {
		t.Errorf("image %q as %q in %q", cfg.Entrypoint, cfg.User, cfg.WorkingDir)
	}
	for _, e := range cfg.Env {
		if strings.Contains(e, mirror) {
			t.Errorf("the mirror reached the image: %s", e)
		}
	}
	if !slices.Contains(cfg.Env, "JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75") {
		t.Errorf("image env %q", cfg.Env)
	}

	d, _ = buildFacts(t, s, f, "tester", amd64, map[string]string{"MAVEN_MIRROR_URL": mirror})
	tst := d.named(t, "[tester 2/2] RUN mvn --batch-mode --no-transfer-progress -Dmaven.repo.local=/root/.m2/repository test")
	if !slices.Contains(envOf(tst), "MAVEN_MIRROR_URL="+mirror) || cacheMount(tst, "/root/.m2/repository") == nil {
		t.Errorf("tester env %q mounts %+v", envOf(tst), tst.GetExec().Mounts)
	}
}

func TestSpringBootLayersAreSeparateLayers(t *testing.T) {
	s, err := spec.Parse("Dockerfile", []byte("language: java\nruntime: distroless\n"))
	if err != nil {
		t.Fatal(err)
	}
	pom := `<project><groupId>g</groupId><artifactId>shop</artifactId><version>1</version>` +
		`<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.4</version></parent>` +
		`<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>`
	d, res := buildFacts(t, s, lang.Facts{"pom.xml": []byte(pom)}, "", amd64, nil)
	d.named(t, "[builder 5/5] RUN java -Djarmode=tools -jar /out/app.jar extract")
	var layers []string
	for _, o := range d.ops {
		if strings.HasPrefix(o.Name, "[runtime ") && strings.Contains(o.Name, "COPY --from=builder") {
			if n := len(o.GetFile().Actions); n != 1 {
				t.Errorf("%q has %d actions, want one copy per op (one layer each)", o.Name, n)
			}
			c := o.GetFile().Actions[0].GetCopy()
			if !c.DirCopyContents || c.Dest != "/app/" {
				t.Errorf("%q copies %+v, want the layer's contents into /app/", o.Name, c)
			}
			layers = append(layers, c.Src)
		}
	}
	want := []string{"/out/layers/dependencies", "/out/layers/spring-boot-loader", "/out/layers/snapshot-dependencies", "/out/layers/application"}
	if !slices.Equal(layers, want) {
		t.Errorf("runtime copies %q, want %q in that order", layers, want)
	}
	if ep := res.Image.Config.Entrypoint; !slices.Equal(ep, []string{"java", "-cp", "/app", "org.springframework.boot.loader.launch.JarLauncher"}) {
		t.Errorf("entrypoint %q", ep)
	}
	d.named(t, "[runtime 1/5] FROM gcr.io/distroless/java17-debian12:nonroot")
}

func TestGradleGraphPassesTheMirrorToGradleOnly(t *testing.T) {
	s, err := spec.Parse("Dockerfile", []byte("language: java\n"))
	if err != nil {
		t.Fatal(err)
	}
	f := lang.Facts{"build.gradle": []byte("plugins { id 'java' }\n"), "gradlew": []byte("#!/bin/sh\n"),
		"gradle/wrapper/gradle-wrapper.properties": []byte("distributionUrl=x\n")}
	d, res := buildFacts(t, s, f, "", amd64, map[string]string{"GRADLE_MIRROR_URL": "https://mirror.example/m2", "MAVEN_MIRROR_URL": "x"})
	fetch := d.named(t, "[deps 3/3] RUN ./gradlew --no-daemon --console=plain --no-configuration-cache --init-script")
	env := envOf(fetch)
	if !slices.Contains(env, "GRADLE_MIRROR_URL=https://mirror.example/m2") || slices.Contains(env, "MAVEN_MIRROR_URL=x") ||
		!slices.Contains(env, "GRADLE_USER_HOME=/root/.gradle") {
		t.Errorf("deps env %q", env)
	}
	if m := cacheMount(fetch, "/root/.gradle"); m != nil {
		t.Errorf("deps downloads into a cache mount, not its layer: %+v", m)
	}
	inc := d.named(t, "[deps 2/3] COPY settings.gradle").GetFile().Actions[0].GetCopy().IncludePatterns
	if !slices.Contains(inc, "gradlew") || !slices.Contains(inc, "gradle") {
		t.Errorf("deps copies %q", inc)
	}
	d.named(t, "[builder 3/4] RUN ./gradlew --no-daemon --console=plain assemble")
	d.named(t, "[builder 4/4] RUN cp the application jar of build/libs /out/app.jar")
	for _, e := range res.Image.Config.Env {
		if strings.Contains(e, "MIRROR") {
			t.Errorf("image env %s", e)
		}
	}
}

func TestRustCrossCompilesOnTheBuildPlatform(t *testing.T) {
	s, f := exampleFacts(t, "rust")
	d, res := buildFacts(t, s, f, "", arm64, map[string]string{"CARGO_REGISTRIES_CRATES_IO_PROTOCOL": "sparse"})
	fetch := d.named(t, "[deps 3/4] RUN cargo fetch --locked")
	if !slices.Contains(envOf(fetch), "CARGO_REGISTRIES_CRATES_IO_PROTOCOL=sparse") {
		t.Errorf("fetch env %q", envOf(fetch))
	}
	cook := d.named(t, "[deps 4/4] RUN cargo build --release --locked --target <TARGETARCH>-unknown-linux-gnu --bin hello (the dependencies")
	build := d.named(t, "[builder 3/4] RUN cargo build --release --locked --target <TARGETARCH>-unknown-linux-gnu --bin hello")
	for _, o := range []op{cook, build} {
		if !slices.Contains(envOf(o), "TARGETARCH=arm64") || !slices.Equal(graphtest.Args(o.GetExec())[2:], []string{"hello", "gnu", "--locked"}) {
			t.Errorf("%s: %q env %q", o.Name, o.GetExec().Meta.Args, envOf(o))
		}
	}
	// the crates and the compiled dependencies are in deps' layer; the build starts from them
	for _, m := range append(fetch.GetExec().Mounts, cook.GetExec().Mounts...) {
		if m.MountType == pb.MountType_CACHE {
			t.Errorf("deps keeps %s in a cache mount, not its layer", m.Dest)
		}
	}
	for target, id := range map[string]string{"/usr/local/cargo/registry": "cargo-registry", "/usr/local/cargo/git": "cargo-git", "/src/target": "cargo-target-hello"} {
		checkSeeded(t, build, cook, target, id)
	}
	if m := cacheMount(build, "/src/target"); m == nil || m.CacheOpt.Sharing != pb.CacheSharingOpt_LOCKED {
		t.Errorf("target/ cache %+v", m)
	}
	for _, o := range d.execs() {
		if o.Platform.Architecture != "amd64" {
			t.Errorf("%q runs on %s", o.Name, o.Platform.Architecture)
		}
	}
	d.named(t, "[runtime 1/2] FROM gcr.io/distroless/cc-debian12:nonroot")
	d.named(t, "[runtime 2/2] COPY --from=builder /out/hello /usr/local/bin/hello")
	if cfg := res.Image.Config; cfg.User != "65532:65532" || !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/hello"}) || res.Image.Architecture != "arm64" {
		t.Errorf("image %q as %q for %s", cfg.Entrypoint, cfg.User, res.Image.Architecture)
	}
	for _, e := range res.Image.Config.Env {
		if strings.HasPrefix(e, "CARGO_") || strings.HasPrefix(e, "TARGETARCH") {
			t.Errorf("image env %s", e)
		}
	}
}

func TestRustScratchIsStaticMusl(t *testing.T) {
	s, f := exampleFacts(t, "rust")
	s.Runtime = "scratch"
	d, _ := buildFacts(t, s, f, "", arm64, nil)
	build := d.named(t, "[builder 3/4] RUN cargo build --release --locked --target <TARGETARCH>-unknown-linux-musl --bin hello")
	if graphtest.Args(build.GetExec())[3] != "musl" {
		t.Errorf("scratch builds %q", build.GetExec().Meta.Args)
	}
	d.named(t, "[runtime 5/6] COPY --from=builder /etc/ssl/certs/ca-certificates.crt")
}

// TestRustFeaturesReachTheCookBuildAndTests: the spec's features are the same flags in the
// dependencies' compile in deps (its cache key changes with them), the build and cargo test.
func TestRustFeaturesReachTheCookBuildAndTests(t *testing.T) {
	s, f := exampleFacts(t, "rust")
	plain, _ := buildFacts(t, s, f, "", arm64, nil)
	s.Features, s.DefaultFeatures = []string{"sqlite", "serde/derive"}, new(bool)
	d, _ := buildFacts(t, s, f, "", arm64, nil)
	flags := []string{"--locked", "--no-default-features", "--features=sqlite,serde/derive"}
	cook := d.named(t, "[deps 4/4] RUN cargo build --release --locked --no-default-features --features=sqlite,serde/derive --target <TARGETARCH>-unknown-linux-gnu --bin hello (the dependencies")
	build := d.named(t, "[builder 3/4] RUN cargo build --release --locked --no-default-features --features=sqlite,serde/derive --target <TARGETARCH>-unknown-linux-gnu --bin hello")
	for _, o := range []op{cook, build} {
		if got := graphtest.Args(o.GetExec())[2:]; !slices.Equal(got, slices.Concat([]string{"hello", "gnu"}, flags)) {
			t.Errorf("%s: %q", o.Name, got)
		}
	}
	if plain.named(t, "[deps 4/4] RUN cargo build --release --locked --target <TARGETARCH>-unknown-linux-gnu --bin hello (the dependencies").Digest == cook.Digest {
		t.Errorf("the cook is the same op with and without features: its layer would hold the other features' dependencies")
	}
	td, _ := buildFacts(t, s, f, "tester", arm64, nil)
	tst := td.named(t, "[tester 2/2] RUN cargo test --locked --no-default-features --features=sqlite,serde/derive")
	if got := graphtest.Args(tst.GetExec())[2:]; !slices.Equal(got, slices.Concat([]string{"cargo", "test"}, flags)) {
		t.Errorf("tester %q", got)
	}
}

// TestHostileValuesJavaRust puts each hostile value into the fields the Java and Rust providers
// turn into commands and paths: each is refused at its line or stays inert data, never part of
// a script's text or a file the build writes.
func TestHostileValuesJavaRust(t *testing.T) {
	facts := map[string]lang.Facts{
		"java": {"pom.xml": []byte("<project><artifactId>a</artifactId><version>1</version></project>")},
		"rust": {"Cargo.toml": []byte("[package]\nname = \"a\"\n"), "Cargo.lock": []byte("version = 3\n")},
	}
	fields := map[string]func(v string) string{
		"entrypoint":  func(v string) string { return "entrypoint: " + q(v) + "\n" },
		"version":     func(v string) string { return "version: " + q(v) + "\n" },
		"jvm_options": func(v string) string { return "jvm_options: [" + q(v) + "]\n" },
		"features":    func(v string) string { return "features: [" + q(v) + "]\n" },
		"runtime":     func(v string) string { return "runtime: " + q(v) + "\n" },
		"build.env":   func(v string) string { return "build: {env: {A: " + q(v) + "}}\n" },
	}
	tried, refused := 0, 0
	for language, f := range facts {
		specs := map[string]func(v string) string{}
		for field, mk := range fields {
			specs[language+" "+field] = func(v string) string { return "language: " + language + "\n" + mk(v) }
		}
		n, r := tryHostile(t, specs, f)
		tried, refused = tried+n, refused+r
	}
	t.Logf("%d hostile inputs tried, %d refused, %d accepted as inert data", tried, refused, tried-refused)
}

// contextCopiesStayInside fails when a plan copies from outside the build context.
func contextCopiesStayInside(t *testing.T, p *plan.Plan) {
	t.Helper()
	for _, st := range p.Stages {
		for _, step := range st.Steps {
			c, ok := step.(*plan.Copy)
			if !ok || c.FromStage != "" {
				continue
			}
			for _, src := range slices.Concat(c.Paths, c.Include, []string{c.Dest}) {
				if clean := path.Clean(src); path.IsAbs(src) && src != c.Dest || clean == ".." || strings.HasPrefix(clean, "../") {
					t.Fatalf("%s copies %q (include %q) -> %q: outside the context", st.Name, c.Paths, c.Include, c.Dest)
				}
			}
		}
	}
}

func convertsForEveryTarget(t *testing.T, p *plan.Plan) {
	t.Helper()
	for _, target := range []string{"", "deps", "builder", "tester"} {
		if p.Stage(target) == nil && target != "" {
			continue
		}
		res, err := graph.Build(context.Background(), p, graph.Options{Target: target, TargetPlatform: arm64, BuildPlatform: amd64,
			Context: llb.Local("context"), Resolver: fakeResolver{}})
		if err != nil {
			t.Fatalf("target %q does not convert: %v", target, err)
		}
		if _, err := res.State.Marshal(context.Background(), llb.LocalUniqueID("fuzz")); err != nil {
			t.Fatalf("target %q: marshal: %v", target, err)
		}
	}
}

var (
	javaBuilder = regexp.MustCompile(`^(maven:3-eclipse-temurin-[0-9]{1,2}|eclipse-temurin:[0-9]{1,2}-jdk|gradle:jdk[0-9]{1,2})$`)
	rustBuilder = regexp.MustCompile(`^rust:[0-9]+(\.[0-9]+){0,2}-bookworm$`)
	safeWord    = regexp.MustCompile(`^[A-Za-z0-9._/+-]*$`)
)

// FuzzJavaBuildFiles: pom.xml, the Gradle scripts and the version catalog come from the build
// context. Whatever they hold, planning ends in a plan or an error, never a panic; the builder
// image is one of the known families; the jar step's arguments are plain words inside the
// context; every target converts to LLB.
func FuzzJavaBuildFiles(f *testing.F) {
	f.Add(`<project><artifactId>a</artifactId><version>1</version><build><finalName>${x}</finalName></build></project>`, "", "")
	f.Add(`<project><parent><groupId>org.springframework.boot</groupId><version>3.2.0</version></parent><properties><java.version>21</java.version></properties>`+
		`<build><plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>`, "", "")
	f.Add("", "plugins { alias(libs.plugins.boot) }\njava { toolchain { languageVersion = JavaLanguageVersion.of(99) } }\n",
		"[plugins]\nboot = { id = \"org.springframework.boot\", version.ref = \"b\" }\n[versions]\nb = \"3.3.0\"\n")
	s, err := spec.Parse("Dockerfile", []byte("language: java\n"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, pom, gradleScript, catalog string) {
		facts := lang.Facts{"build.gradle": []byte(gradleScript), "gradle/libs.versions.toml": []byte(catalog)}
		if pom != "" {
			facts["pom.xml"] = []byte(pom)
		}
		p, err := providers.Plan(s, facts)
		if err != nil {
			return
		}
		if img := p.Stage("deps").Base.Image; !javaBuilder.MatchString(img) {
			t.Fatalf("builder image %q", img)
		}
		for _, r := range p.Stage("builder").Steps {
			if run, ok := r.(*plan.Run); ok && len(run.Args) > 1 && strings.HasSuffix(run.Args[1], "/pick-jar.sh") {
				for _, a := range run.Args[2:] {
					if !safeWord.MatchString(a) || strings.Contains(a, "..") {
						t.Fatalf("the jar step gets %q", run.Args)
					}
				}
			}
		}
		contextCopiesStayInside(t, p)
		convertsForEveryTarget(t, p)
	})
}

// FuzzRustContextFiles: Cargo.toml, rust-toolchain.toml and .cargo/config.toml come from the
// build context: a plan or an error, a rust:<version>-bookworm builder, a binary name that is a
// plain word, copies inside the context, LLB for every target.
func FuzzRustContextFiles(f *testing.F) {
	f.Add("[package]\nname = \"a\"\n[[bin]]\nname = \"b\"\n", "[toolchain]\nchannel = \"1.75\"\n", "[source.v]\ndirectory = \"vendor\"\n")
	f.Add("[workspace]\nmembers = [\"x\"]\n", "nightly\n", "[source.v]\ndirectory = \"../up\"\n")
	s, err := spec.Parse("Dockerfile", []byte("language: rust\n"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, manifest, toolchain, config string) {
		facts := lang.Facts{"Cargo.toml": []byte(manifest), "rust-toolchain.toml": []byte(toolchain), ".cargo/config.toml": []byte(config)}
		p, err := providers.Plan(s, facts)
		if err != nil {
			return
		}
		if img := p.Stage("deps").Base.Image; !rustBuilder.MatchString(img) {
			t.Fatalf("builder image %q", img)
		}
		if ep := p.Image.Entrypoint; len(ep) != 1 || !safeWord.MatchString(ep[0]) || strings.Contains(ep[0], "..") {
			t.Fatalf("entrypoint %q", ep)
		}
		contextCopiesStayInside(t, p)
		convertsForEveryTarget(t, p)
	})
}
