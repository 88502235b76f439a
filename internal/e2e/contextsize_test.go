package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moby/buildkit/client"
)

// TestPlanningIgnoresContextSize: planning reads only the files the provider declares. With
// 10,000 more files (10 MiB) in the build context, answering `--call targets` (planning, no
// build) transfers the same few bytes (go.mod, go.sum, the main packages) as for the bare example, and nothing
// else of the context. It reads them in two transfers: the main packages with the first files
// (lang.Language.Likely), not in a round of their own, then the package of the module the
// program imports (internal/greet), which the search for the programs it runs reads
// (golang/tools.go).
func TestPlanningIgnoresContextSize(t *testing.T) {
	need(t)
	small := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	large := copyDir(t, small)
	block := strings.Repeat("x", 1023) + "\n"
	for i := 0; i < 10000; i++ {
		dir := filepath.Join(large, "assets", fmt.Sprintf("%02d", i%100))
		if i < 100 {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%05d.txt", i)), []byte(block), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var sent [2]map[string]int64
	for i, dir := range []string{small, large} {
		var took time.Duration
		sent[i], took = planOnly(t, dir)
		t.Logf("%s: %s to plan, transferred %v", filepath.Base(dir), took.Round(time.Millisecond), sent[i])
	}
	var total int64
	var facts []string
	for name, n := range sent[1] {
		if strings.HasPrefix(name, "[internal] load ") && !strings.Contains(name, ".dockerignore") && !strings.Contains(name, "build definition") {
			facts = append(facts, name)
		}
		// the facts transfers are named after what they read (the build file, go.mod, go.sum,
		// cmd/*/main.go ...); what matters is that none is the build context itself and that
		// none grew with the context
		if strings.HasPrefix(name, "[internal] load build context") {
			t.Errorf("planning transferred the build context (%d bytes)", n)
		}
		if sent[0][name] != n {
			t.Errorf("%q transferred %d bytes with 10,000 more files in the context, %d without", name, n, sent[0][name])
		}
		total += n
	}
	if len(facts) != 2 {
		t.Errorf("planning read the context in %d transfers %q, want 2", len(facts), facts)
	}
	if total == 0 || total > 8<<10 {
		t.Errorf("planning transferred %d bytes in all, want a few kilobytes at most (go.mod, go.sum, the spec, the main packages)", total)
	}
}

// planOnly answers `--call targets` in process and returns the bytes each local transfer sent.
func planOnly(t *testing.T, dir string) (map[string]int64, time.Duration) {
	t.Helper()
	ch := make(chan *client.SolveStatus)
	names := map[string]string{}
	sent := map[string]int64{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for s := range ch {
			for _, v := range s.Vertexes {
				names[v.Digest.String()] = v.Name
			}
			for _, st := range s.Statuses {
				if strings.HasPrefix(st.ID, "transferring") && st.Current > sent[names[st.Vertex.String()]] {
					sent[names[st.Vertex.String()]] = st.Current
				}
			}
		}
	}()
	start := time.Now()
	err := inProcess(t, dir, map[string]string{"requestid": "frontend.targets"}, ch, nil)
	took := time.Since(start)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	return sent, took
}
