package e2e

import (
	"bytes"
	"context"
	"debug/elf"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/bench"
)

// mavenMirror is the Maven fixture's offline repository served as a company mirror would serve
// Maven Central (bench.MavenMirror). One serves every test of the process (TestMaven, bake).
type mavenMirror struct {
	*bench.MavenMirror
	url string
}

var (
	mavenMirrorOnce sync.Once
	mavenMirrorSrv  *mavenMirror
)

// sharedMavenMirror starts the mirror on first use: the repository is exported from the
// maven:3-eclipse-temurin-17 fixture (a few seconds), and removed when the tests end.
func sharedMavenMirror(t *testing.T) *mavenMirror {
	t.Helper()
	b := need(t)
	mavenMirrorOnce.Do(func() {
		m, err := bench.StartMavenMirror(context.Background(), b.buildkitHost)
		if err != nil {
			t.Fatal(err)
		}
		atExit = append(atExit, m.Close)
		mavenMirrorSrv = &mavenMirror{m, m.URL}
	})
	if mavenMirrorSrv == nil {
		t.Fatal("the Maven mirror did not start (see the first test that asked for it)")
	}
	return mavenMirrorSrv
}

// since returns a function reporting whether a path ending in suffix was asked for after now.
func (m *mavenMirror) since() func(suffix string) bool {
	mark := m.Mark()
	return func(suffix string) bool {
		return slices.ContainsFunc(m.Asked(mark), func(p string) bool { return strings.HasSuffix(p, suffix) })
	}
}

// TestMaven builds examples/java (Maven) through `# syntax=org/multistage-frontend`, with the
// Maven fixture's offline repository served as the mirror every Maven step downloads from.
func TestMaven(t *testing.T) {
	need(t)
	mirror := sharedMavenMirror(t)
	mirrorArg := "build-arg:MAVEN_MIRROR_URL=" + mirror.url
	t.Run("image", func(t *testing.T) { testMavenImage(t, mirror, mirrorArg) })
	t.Run("tester", func(t *testing.T) { testMavenTester(t, mirrorArg) })
	t.Run("source change keeps deps cached", func(t *testing.T) { testMavenCache(t, mirrorArg) })
	t.Run("distroless", func(t *testing.T) { testMavenDistroless(t, mirrorArg) })
	t.Run("amd64 and arm64", func(t *testing.T) { testMavenMultiPlatform(t, mirrorArg) })
}

// testMavenMultiPlatform builds examples/java for amd64 and arm64 at once on the amd64 testbed,
// which cannot run arm64 code: Maven runs once, on the build platform, and both images carry the
// same jar on their own platform's JRE, with the nonroot user added without running anything on
// arm64. (The arm64 JRE is a stand-in that is never run here; see hack/fixtures.md.)
func testMavenMultiPlatform(t *testing.T, mirrorArg string) {
	dir := filepath.Join(repoRoot(t), "examples", "java")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, "--opt", mirrorArg, "--opt", "platform="+bothPlatforms,
		"--output", "type=oci,dest="+tarball).mustSucceed(t, "build examples/java for amd64 and arm64")
	if n := len(vertexIDs(r.out, "[builder 3/4] RUN mvn")); n != 1 {
		t.Errorf("mvn package appears as %d vertices, want 1 for both platforms", n)
	}
	imgs := readOCI(t, tarball)
	if len(imgs) != 2 {
		t.Fatalf("images for %v, want linux/amd64 and linux/arm64", keys(imgs))
	}
	var jars [][]byte
	for platform, want := range map[string]struct {
		machine elf.Machine
		jvm     string
	}{
		"linux/amd64": {elf.EM_X86_64, "/usr/lib/jvm/java-17-openjdk-amd64"},
		"linux/arm64": {elf.EM_AARCH64, "/usr/lib/jvm/java-17-openjdk-arm64"},
	} {
		img := imgs[platform]
		if img == nil {
			t.Fatalf("no %s image in %v", platform, keys(imgs))
		}
		if cfg := img.Config.Config; cfg.User != "65532:65532" || !slices.Equal(cfg.Entrypoint, []string{"java", "-jar", "/app/app.jar"}) {
			t.Errorf("%s: user %q entrypoint %q", platform, cfg.User, cfg.Entrypoint)
		}
		checkELFMachine(t, img, want.jvm+"/bin/java", want.machine)
		jar, err := img.ReadFile("/app/app.jar")
		if err != nil {
			t.Fatalf("%s: %v", platform, err)
		}
		jars = append(jars, jar)
		passwd, err := img.ReadFile("/etc/passwd")
		if err != nil || !strings.Contains(string(passwd), "nonroot:x:65532:65532:") || !strings.HasPrefix(string(passwd), "root:") {
			t.Errorf("%s: /etc/passwd %q (%v): want the base's users and nonroot", platform, passwd, err)
		}
	}
	if len(jars) == 2 && !bytes.Equal(jars[0], jars[1]) {
		t.Errorf("the amd64 and arm64 images hold different jars: Maven ran per platform")
	}
}

// testMavenImage: the dependencies come through the mirror, which stays out of the image; the
// image runs the jar on a JRE as 65532, holds no JDK or Maven, and answers over HTTP.
func testMavenImage(t *testing.T, mirror *mavenMirror, mirrorArg string) {
	dir := filepath.Join(repoRoot(t), "examples", "java")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	// A cache namespace of its own, and the deps stage run whatever is cached (another build may
	// have run it with this mirror): the local repository starts empty, so everything Maven
	// needs must come through the mirror.
	ns := fmt.Sprintf("build-arg:BUILDKIT_CACHE_MOUNT_NS=e2e-maven-%d", time.Now().UnixNano())
	requested := mirror.since()
	r := buildctl(t, dir, "--opt", mirrorArg, "--opt", ns, "--opt", "no-cache=deps",
		"--output", "type=oci,dest="+tarball).mustSucceed(t, "build examples/java")
	for _, step := range []string{"[deps 2/3] COPY pom.xml .mvn ./",
		"[deps 3/3] RUN mvn --batch-mode --no-transfer-progress -Dmaven.repo.local=/root/.m2/repository dependency:resolve-plugins dependency:resolve",
		"[builder 3/4] RUN mvn --batch-mode --no-transfer-progress -Dmaven.repo.local=/root/.m2/repository -DskipTests package",
		"[builder 4/4] RUN cp target/hello-1.0.0.jar /out/app.jar",
		"[runtime 4/4] COPY --from=builder /out/app.jar /app/app.jar"} {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q", step)
		}
	}
	for _, artifact := range []string{"/junit/junit/4.13.2/junit-4.13.2.jar",
		"/maven-compiler-plugin/3.10.1/maven-compiler-plugin-3.10.1.jar", "/maven-jar-plugin/3.3.0/maven-jar-plugin-3.3.0.jar"} {
		if !requested(artifact) {
			t.Errorf("Maven did not download %s from the mirror", artifact)
		}
	}
	if strings.Contains(r.out, "Could not validate integrity") {
		t.Errorf("Maven downloaded files without checksums:\n%s", tail(r.out, 20))
	}

	img := only(t, readOCI(t, tarball))
	cfg := img.Config.Config
	if cfg.User != "65532:65532" {
		t.Errorf("user %q, want 65532:65532", cfg.User)
	}
	if !slices.Equal(cfg.Entrypoint, []string{"java", "-jar", "/app/app.jar"}) || cfg.WorkingDir != "/app" {
		t.Errorf("entrypoint %q workdir %q", cfg.Entrypoint, cfg.WorkingDir)
	}
	if !slices.Contains(cfg.Env, "JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75") {
		t.Errorf("env %q lacks the jvm_options", cfg.Env)
	}
	config, _ := json.Marshal(img.Config)
	if strings.Contains(string(config), "MAVEN_MIRROR_URL") || strings.Contains(string(config), mirror.url) {
		t.Errorf("the mirror reached the image config: %s", config)
	}

	fs := files(t, img)
	jar, ok := fs["/app/app.jar"]
	if !ok || jar.UID != 0 || jar.Mode&0o022 != 0 {
		t.Fatalf("jar %+v (present=%v): want a root-owned file the program cannot change", jar, ok)
	}
	for name := range fs {
		for _, builderPath := range []string{"/usr/share/maven", "/root/.m2", "/src", "/out", "/run/build-mirror"} {
			if name == builderPath || strings.HasPrefix(name, builderPath+"/") {
				t.Errorf("runtime image holds %s from the builder", name)
			}
		}
		if base := path.Base(name); base == "javac" || base == "mvn" || base == "jshell" {
			t.Errorf("runtime image holds a JDK or Maven tool: %s", name)
		}
	}
	// The build adds three small layers to eclipse-temurin:17-jre: nonroot in /etc/passwd, its
	// home, and the jar. Everything else is the JRE base.
	added := img.Layers[len(img.Layers)-3:]
	var addedSize int64
	for _, l := range added {
		addedSize += int64(len(l))
	}
	if addedSize > jar.Size+64<<10 {
		t.Errorf("the build added %d bytes to the base for a %d-byte jar", addedSize, jar.Size)
	}
	t.Logf("image: %d bytes uncompressed (%d compressed); the build added %d bytes, the jar is %d",
		img.Uncompressed(), img.Compressed, addedSize, jar.Size)

	logs := checkGreets(t, img, "e2e", 60*time.Second, "as uid 65532 (user nonroot)")
	if !strings.Contains(logs, "Picked up JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=75") {
		t.Errorf("the JVM did not read jvm_options: %q", logs)
	}
}

// testMavenTester: --target tester runs the JUnit tests; a failing test fails the build.
func testMavenTester(t *testing.T, mirrorArg string) {
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "java"))
	// no-cache=tester: the tests run (and print) even when an earlier build cached the step
	r := buildctl(t, dir, "--opt", mirrorArg, "--opt", "target=tester", "--opt", "no-cache=tester").mustSucceed(t, "--target tester")
	if !strings.Contains(r.out, "[tester 2/2] RUN mvn --batch-mode --no-transfer-progress -Dmaven.repo.local=/root/.m2/repository test") ||
		!strings.Contains(r.out, "Tests run: 3, Failures: 0, Errors: 0") {
		t.Errorf("progress lacks the tester step and its tests:\n%s", tail(r.out, 30))
	}
	writeFile(t, filepath.Join(dir, "src/test/java/com/example/hello/BrokenTest.java"),
		"package com.example.hello;\n\nimport org.junit.Test;\n\npublic class BrokenTest {\n"+
			"    @Test\n    public void broken() {\n        org.junit.Assert.fail(\"deliberately broken\");\n    }\n}\n")
	r = buildctl(t, dir, "--opt", mirrorArg, "--opt", "target=tester").mustFail(t, "--target tester with a failing test")
	if !strings.Contains(r.out, "deliberately broken") || !strings.Contains(r.out, "BrokenTest") {
		t.Errorf("failure does not show the failing test:\n%s", tail(r.out, 30))
	}
}

// testMavenCache changes a line of source: the dependency steps stay cached, the build reruns.
func testMavenCache(t *testing.T, mirrorArg string) {
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "java"))
	buildctl(t, dir, "--opt", mirrorArg).mustSucceed(t, "first build")
	main := filepath.Join(dir, "src/main/java/com/example/hello/Main.java")
	src, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, main, strings.Replace(string(src), `String addr = ":8080";`,
		fmt.Sprintf(`String addr = ":8080"; // %d`, time.Now().UnixNano()), 1))
	r := buildctl(t, dir, "--opt", mirrorArg).mustSucceed(t, "rebuild after a source change")
	cached, ran := cachedSteps(r.out), ranSteps(r.out)
	if !cached["[deps 2/3] COPY pom.xml .mvn ./"] || !hasPrefixKey(cached, "[deps 3/3] RUN mvn") {
		t.Errorf("the dependency steps were not cached after a source-only change:\n%s", tail(r.out, 40))
	}
	if !hasPrefixKey(ran, "[builder 3/4] RUN mvn") {
		t.Errorf("the Maven build did not run again after a source change:\n%s", tail(r.out, 40))
	}
}

// testMavenDistroless: runtime: distroless runs the same jar on distroless java, no shell.
func testMavenDistroless(t *testing.T, mirrorArg string) {
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "java"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: java\nruntime: distroless\n")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	buildctl(t, dir, "--opt", mirrorArg, "--output", "type=oci,dest="+tarball).mustSucceed(t, "build with runtime: distroless")
	img := only(t, readOCI(t, tarball))
	cfg := img.Config.Config
	if cfg.User != "65532:65532" || !slices.Equal(cfg.Entrypoint, []string{"java", "-jar", "/app/app.jar"}) ||
		cfg.Labels["org.opencontainers.image.base.name"] != "gcr.io/distroless/java17-debian12:nonroot" {
		t.Errorf("user %q entrypoint %q labels %v", cfg.User, cfg.Entrypoint, cfg.Labels)
	}
	for name := range files(t, img) {
		if path.Base(name) == "sh" || path.Base(name) == "javac" {
			t.Errorf("distroless image holds %s", name)
		}
	}
	checkGreets(t, img, "distroless", 60*time.Second, "as uid 65532 (user nonroot)")
}

// TestJavaThinJarWithItsLib builds testdata/java-thin-lib: a plain jar whose manifest's
// Class-Path names lib/, where maven-dependency-plugin's copy-dependencies puts commons-lang3
// (from the fixture's offline repository through the mirror). The image holds the jar and lib/
// beside it, lib/ in a layer before the jar's, and runs with java -jar: the server writes its
// first log line with commons-lang3, so without lib/ it dies at start with NoClassDefFoundError.
func TestJavaThinJarWithItsLib(t *testing.T) {
	need(t)
	mirror := sharedMavenMirror(t)
	dir := filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "java-thin-lib")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, "--opt", "build-arg:MAVEN_MIRROR_URL="+mirror.url,
		"--output", "type=oci,dest="+tarball).mustSucceed(t, "build testdata/java-thin-lib")
	for _, step := range []string{"RUN cp -R target/lib /out/lib (the dependencies of the thin jar",
		"COPY --from=builder /out/lib/ /app/lib/", "COPY --from=builder /out/app.jar /app/app.jar"} {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q", step)
		}
	}
	img := only(t, readOCI(t, tarball))
	if cfg := img.Config.Config; cfg.User != "65532:65532" || !slices.Equal(cfg.Entrypoint, []string{"java", "-jar", "/app/app.jar"}) {
		t.Errorf("user %q entrypoint %q", cfg.User, cfg.Entrypoint)
	}
	fs := files(t, img)
	for _, name := range []string{"/app/app.jar", "/app/lib/commons-lang3-3.12.0.jar"} {
		if f, ok := fs[name]; !ok || f.UID != 0 || f.Mode&0o022 != 0 {
			t.Errorf("%s: %+v (present=%v), want a root-owned file the program cannot change", name, f, ok)
		}
	}
	checkGreets(t, img, "thin", 60*time.Second, "as uid 65532 (user nonroot)")
}

// TestJavaUIResourcesAreBuilt builds testdata/java-ui-resources, whose pom copies ui/dist, the
// output of ui/'s Node.js build, into its classes with maven-resources-plugin: with nothing but
// `language` and `ports`, the UI is built in the assets stages and copied into the builder
// before Maven, so the jar serves it (the server stops at start without it, as the copy of a
// missing directory succeeds and the jar would hold no UI).
func TestJavaUIResourcesAreBuilt(t *testing.T) {
	need(t)
	mirror := sharedMavenMirror(t)
	dir := filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "java-ui-resources")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, "--opt", "build-arg:MAVEN_MIRROR_URL="+mirror.url,
		"--output", "type=oci,dest="+tarball).mustSucceed(t, "build testdata/java-ui-resources")
	for _, step := range []string{"[assets 3/4] RUN npm run build", "COPY --from=assets /app/dist ./ui/dist/"} {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q", step)
		}
	}
	img := only(t, readOCI(t, tarball))
	if cfg := img.Config.Config; cfg.User != "65532:65532" || !slices.Equal(cfg.Entrypoint, []string{"java", "-jar", "/app/app.jar"}) {
		t.Errorf("user %q entrypoint %q", cfg.User, cfg.Entrypoint)
	}
	port := freePort(t)
	c := startContainer(t, img, "-addr", fmt.Sprintf("127.0.0.1:%d", port))
	if body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/", port), 60*time.Second); !strings.Contains(body, "built by the UI's build") {
		t.Errorf("answer %q, want the UI its build wrote", body)
	}
}
