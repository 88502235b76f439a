package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// bakeSettings are the testbed's settings an example needs (`--set <target>.<key>=<value>`
// for its image and test targets): mirrors of registries this machine cannot reach.
func bakeSettings(t *testing.T, example string) []string {
	switch example {
	case "java":
		return []string{"args.MAVEN_MIRROR_URL=" + sharedMavenMirror(t).url}
	case "python":
		return []string{"args.PIP_INDEX_URL=" + pypiIndexURL()}
	case "ruby":
		return []string{"args.BUNDLE_MIRROR__ALL=" + sharedGemMirror(t)}
	case "node-pnpm", "node-yarn", "node-pnpm-workspace-api", "node-pnpm-workspace-web":
		var out []string
		for _, opt := range corepackArgs {
			if arg, ok := strings.CutPrefix(opt, "build-arg:"); ok {
				out = append(out, "args."+arg)
			}
		}
		return out
	}
	return nil
}

// notBuiltHere are the examples whose build tool this machine cannot reach (the README's
// languages table says the same). Their bake targets are checked like every example's; building
// them here could only fail for want of the tool, so the test builds the others.
var notBuiltHere = map[string]string{
	"dotnet":        "the .NET SDK and runtime images come from mcr.microsoft.com and NuGet, which are unreachable here",
	"java-gradle":   "Gradle distributions come from services.gradle.org, which is unreachable here",
	"python-poetry": "Poetry comes from PyPI, which is unreachable here, and Debian's Poetry has no export command",
}

// testbedSets are the --set flags of bakeSettings for the targets of examples.
func testbedSets(t *testing.T, examples []string) []string {
	var out []string
	for _, ex := range examples {
		for _, kv := range bakeSettings(t, ex) {
			out = append(out, "--set", ex+"."+kv, "--set", ex+"-test."+kv)
		}
	}
	return out
}

// bakeDefinition is what `docker buildx bake --print` prints.
type bakeDefinition struct {
	Group  map[string]struct{ Targets []string }
	Target map[string]struct {
		Context    string
		Dockerfile string
		Target     string
		Output     []struct{ Type string }
	}
}

// bakeBuild is a spec of examples/: its bake target's name, its context and its path there.
type bakeBuild struct{ name, context, dockerfile string }

// exampleBuilds are examples/<name>/Dockerfile, and examples/<name>/apps/<app>/Dockerfile for
// the apps of a monorepo (target <name>-<app>, the repository as the context).
func exampleBuilds(t *testing.T, dir string) []bakeBuild {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []bakeBuild
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, e.Name(), "Dockerfile")); err == nil {
			out = append(out, bakeBuild{e.Name(), e.Name(), "Dockerfile"})
		}
		apps, _ := filepath.Glob(filepath.Join(dir, e.Name(), "apps", "*", "Dockerfile"))
		for _, a := range apps {
			app := filepath.Base(filepath.Dir(a))
			out = append(out, bakeBuild{e.Name() + "-" + app, e.Name(), "apps/" + app + "/Dockerfile"})
		}
	}
	return out
}

// TestBakeBuildsEveryExample: examples/docker-bake.hcl has, for every examples/<name> with a
// spec (and every app of a monorepo example, <name>-<app>), an image target <name> (group
// default) and a test target <name>-test (group test, target tester); `bake test` runs the tests
// and `bake` builds the images, on the remote builder.
func TestBakeBuildsEveryExample(t *testing.T) {
	need(t)
	dir := filepath.Join(repoRoot(t), "examples")
	builds := exampleBuilds(t, dir)
	var examples []string
	for _, b := range builds {
		examples = append(examples, b.name)
	}
	if !slices.Contains(examples, "go") || !slices.Contains(examples, "node-pnpm-workspace-web") {
		t.Fatalf("examples %v lack go or a workspace app", examples)
	}

	out := buildx(t, dir, "bake", "--progress=quiet", "--print", "default", "test").mustSucceed(t, "bake --print").out
	var def bakeDefinition
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &def); err != nil {
		t.Fatalf("bake --print: %v\n%s", err, out)
	}
	var images, tests []string
	for _, b := range builds {
		ex := b.name
		img, ok := def.Target[ex]
		if !ok || img.Context != b.context || img.Dockerfile != b.dockerfile || (img.Target != "" && img.Target != "runtime") {
			t.Errorf("no image target for examples/%s/%s (add it to EXAMPLES or WORKSPACE_APPS in docker-bake.hcl): %+v", b.context, b.dockerfile, img)
		}
		tst, ok := def.Target[ex+"-test"]
		if !ok || tst.Context != b.context || tst.Dockerfile != b.dockerfile || tst.Target != "tester" || len(tst.Output) != 1 || tst.Output[0].Type != "cacheonly" {
			t.Errorf("no test target for examples/%s/%s: %+v", b.context, b.dockerfile, tst)
		}
		images, tests = append(images, ex), append(tests, ex+"-test")
	}
	if got := def.Group["image"].Targets; !slices.Equal(sorted(got), sorted(images)) {
		t.Errorf("the default group builds %v, want %v", got, images)
	}
	if got := def.Group["test"].Targets; !slices.Equal(sorted(got), sorted(tests)) {
		t.Errorf("the test group builds %v, want %v", got, tests)
	}
	// a Procfile's other process is a target of its own, built with the images
	if w := def.Target["node-procfile-worker"]; w.Context != "node-procfile" || w.Target != "worker" || !slices.Contains(def.Group["default"].Targets, "process") {
		t.Errorf("no target for the worker process of examples/node-procfile: %+v; default group %v", w, def.Group["default"].Targets)
	}

	var built, builtTests []string
	for _, ex := range examples {
		if why, ok := notBuiltHere[ex]; ok {
			t.Logf("examples/%s: bake targets checked, not built here: %s", ex, why)
			continue
		}
		built, builtTests = append(built, ex), append(builtTests, ex+"-test")
	}
	examples = built
	r := buildx(t, dir, append(append([]string{"bake", "--progress=plain"}, testbedSets(t, examples)...), builtTests...)...).mustSucceed(t, "bake test")
	// with several targets, bake prefixes each vertex with its target: "[go-test tester 2/2] ..."
	if bed.override != "" && !strings.Contains(r.out, " context org/multistage-frontend] load metadata for "+strings.TrimPrefix(bed.override, "docker-image://")) {
		t.Errorf("bake did not use the frontend of MSF_FRONTEND_TAG:\n%s", tail(r.out, 30))
	}
	for _, ex := range examples {
		if !strings.Contains(r.out, "["+ex+"-test tester ") {
			t.Errorf("bake test did not run the tests of examples/%s:\n%s", ex, tail(r.out, 30))
		}
	}
	if !strings.Contains(r.out, "[go-test tester 2/2] RUN go test ./...") {
		t.Errorf("bake test did not run the Go tests:\n%s", tail(r.out, 30))
	}

	// bake asks for leave to write outside the directory it runs in
	outDir := t.TempDir()
	args := append([]string{"bake", "--progress=plain", "--allow=fs.write=" + outDir}, testbedSets(t, examples)...)
	tarballs := map[string]string{}
	for _, ex := range examples {
		tarballs[ex] = filepath.Join(outDir, ex+".tar")
		args = append(args, "--set", ex+".output=type=oci,dest="+tarballs[ex])
	}
	tarballs["node-procfile-worker"] = filepath.Join(outDir, "node-procfile-worker.tar")
	args = append(args, "--set", "node-procfile-worker.output=type=oci,dest="+tarballs["node-procfile-worker"])
	buildx(t, dir, append(args, append(examples, "node-procfile-worker")...)...).mustSucceed(t, "bake (the images)")
	for ex, tarball := range tarballs {
		img := only(t, readOCI(t, tarball))
		if u := img.Config.Config.User; u == "" || u == "0" || u == "root" {
			t.Errorf("examples/%s: the image runs as %q", ex, u)
		}
	}
	if _, ok := files(t, only(t, readOCI(t, tarballs["go"])))["/usr/local/bin/server"]; !ok {
		t.Errorf("the go image lacks its binary")
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
