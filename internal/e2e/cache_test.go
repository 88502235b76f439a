package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCacheTravelsBetweenBuilders exports the cache to the registry from the testbed's builder
// and imports it into a fresh one: no step runs there and no base image is even pulled; after a
// one-line source change only the copy of the source, the build and the final copy run again.
// (Cache mounts stay with their builder: the fresh builder's go build fetches modules anew.)
// Last, the builder is restarted: nothing is lost.
func TestCacheTravelsBetweenBuilders(t *testing.T) {
	b := need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	ref := fmt.Sprintf("%s/e2e/cache:go-%d", b.registry, time.Now().UnixNano())
	buildctl(t, dir, "--export-cache", "type=registry,mode=max,ref="+ref).mustSucceed(t, "build and export the cache")

	fresh := startDaemon(t)
	r := fresh.buildctl(t, dir, "--import-cache", "type=registry,ref="+ref).mustSucceed(t, "build on a fresh builder with the imported cache")
	vs := vertices(r.out)
	if len(vs) < 7 {
		t.Fatalf("only %d steps in the progress:\n%s", len(vs), tail(r.out, 40))
	}
	for name, v := range vs {
		if v.ran() || v.pulls > 0 {
			t.Errorf("on the fresh builder %q did work (cached=%v pulls=%d output=%d)", name, v.cached, v.pulls, v.output)
		}
	}

	main := filepath.Join(dir, "cmd/server/main.go")
	src, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, main, strings.Replace(string(src), `"listen address"`, `"address to listen on"`, 1))
	r = fresh.buildctl(t, dir, "--import-cache", "type=registry,ref="+ref).mustSucceed(t, "rebuild after a one-line change")
	for name, v := range vertices(r.out) {
		rerun := strings.HasPrefix(name, "[builder ") || strings.HasPrefix(name, "[runtime 2/2]")
		if rerun && !v.ran() {
			t.Errorf("%q should have run after the change", name)
		}
		if !rerun && v.ran() {
			t.Errorf("%q ran after a one-line source change", name)
		}
	}

	// A builder restarted between two builds loses nothing: the next build is served from the
	// cache the last one left, without the registry's help.
	fresh.stop(t)
	fresh.start(t)
	r = fresh.buildctl(t, dir).mustSucceed(t, "build after a restart of the builder")
	for name, v := range vertices(r.out) {
		if v.ran() || v.pulls > 0 {
			t.Errorf("after a restart %q did work again (cached=%v pulls=%d)", name, v.cached, v.pulls)
		}
	}
}
