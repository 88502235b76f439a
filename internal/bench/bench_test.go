package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func repoRoot(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Every example has its hand-written Dockerfile, a source file to change and a dependency
// change that really changes the example's files.
func TestExamplesAreComplete(t *testing.T) {
	root := repoRoot(t)
	seen := map[string]bool{}
	for _, ex := range Examples {
		if seen[ex.Name] {
			t.Errorf("example %s listed twice", ex.Name)
		}
		seen[ex.Name] = true
		df, err := os.ReadFile(filepath.Join(ex.handwritten(root), "Dockerfile"))
		if err != nil {
			t.Errorf("%s: %v", ex.Name, err)
		} else if !strings.HasPrefix(string(df), "# syntax=docker/dockerfile:1\n") {
			t.Errorf("%s: the hand-written Dockerfile must go through `# syntax=docker/dockerfile:1`, like the spec through its image", ex.Name)
		}
		spec, err := os.ReadFile(filepath.Join(ex.spec(root, ex.dir(root)), "Dockerfile"))
		if err != nil || !strings.HasPrefix(string(spec), "# syntax=org/multistage-frontend\n") {
			t.Errorf("%s: the spec is not one (%v)", ex.Name, err)
		}
		if _, err := os.Stat(filepath.Join(ex.dir(root), ex.Source)); err != nil || ex.Comment == "" {
			t.Errorf("%s: source change: %v (comment %q)", ex.Name, err, ex.Comment)
		}
		if !slices.Contains([]string{"go", "python", "node", "java", "rust"}, ex.Lang) {
			t.Errorf("%s: language %q", ex.Name, ex.Lang)
		}
		if !ex.measures(Deps) {
			if _, err := os.Stat(ex.deps(root)); err == nil {
				t.Errorf("%s: bench/%s/deps is there but the dependency change is skipped", ex.Name, ex.Name)
			}
			continue
		}
		changed := 0
		err = filepath.Walk(ex.deps(root), func(p string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(ex.deps(root), p)
			orig, err := os.ReadFile(filepath.Join(ex.dir(root), rel))
			if err != nil {
				t.Errorf("%s: bench/%s/deps/%s replaces no file of the example: %v", ex.Name, ex.Name, rel, err)
				return nil
			}
			now, _ := os.ReadFile(p)
			if !bytes.Equal(orig, now) {
				changed++
			}
			return nil
		})
		if err != nil || changed == 0 {
			t.Errorf("%s: bench/%s/deps changes nothing (%v)", ex.Name, ex.Name, err)
		}
	}
}

func TestMedian(t *testing.T) {
	s := time.Second
	for _, c := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{3 * s}, 3 * s},
		{[]time.Duration{5 * s, 1 * s, 3 * s}, 3 * s},
		{[]time.Duration{4 * s, 1 * s, 2 * s, 100 * s}, 3 * s},
	} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// rawProgress is `buildctl --progress=rawjson` output: the deps COPY ran, the build step came
// from the cache, and the download was run earlier by another build (started before this one).
const rawProgress = `{"vertexes":[{"digest":"sha256:01","name":"[internal] load build definition from Dockerfile","started":"2026-01-01T00:00:10Z","completed":"2026-01-01T00:00:10.1Z"}]}
{"vertexes":[{"digest":"sha256:02","name":"[deps 1/3] FROM golang:1.26","started":"2026-01-01T00:00:10.2Z","completed":"2026-01-01T00:00:10.3Z"}]}
{"vertexes":[{"digest":"sha256:03","inputs":["sha256:02"],"name":"[deps 2/3] COPY go.mod go.sum ./","started":"2026-01-01T00:00:10.4Z"}]}
{"vertexes":[{"digest":"sha256:03","name":"[deps 2/3] COPY go.mod go.sum ./","started":"2026-01-01T00:00:10.4Z","completed":"2026-01-01T00:00:10.5Z"}]}
{"vertexes":[{"digest":"sha256:04","inputs":["sha256:03"],"name":"[deps 3/3] RUN go mod download","started":"2026-01-01T00:00:05Z","completed":"2026-01-01T00:00:06Z"}]}
{"vertexes":[{"digest":"sha256:05","name":"[builder 3/3] RUN go build ./cmd/server","started":"2026-01-01T00:00:10.6Z","completed":"2026-01-01T00:00:10.6Z","cached":true}]}
{"vertexes":[{"digest":"sha256:06","inputs":["sha256:05"],"name":"[tester 2/2] RUN go test ./...","started":"2026-01-01T00:00:10.7Z","completed":"2026-01-01T00:00:11Z","error":"exit code: 1"}]}
{"vertexes":[{"digest":"sha256:07","name":"[scripts 2/2] WRITE build scripts","started":"2026-01-01T00:00:10.8Z","completed":"2026-01-01T00:00:10.9Z"}]}
{"logs":[{"vertex":"sha256:06","data":"RkFJTCBleGFtcGxlCg==","timestamp":"2026-01-01T00:00:10.9Z"}]}
`

func TestProgress(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 10, 0, time.UTC)
	tl, rest := parseProgress(rawProgress+"error: not json\n", start)
	if rest != "error: not json\n" {
		t.Errorf("rest = %q", rest)
	}
	got := strings.Join(tl.ran(), "\n")
	want := "[deps 2/3] COPY go.mod go.sum ./\n[tester 2/2] RUN go test ./..."
	if got != want {
		t.Errorf("ran = %q, want %q (FROM and [internal] are no steps, CACHED did not run, the download is another build's, the WRITE has no inputs)", got, want)
	}
	if f := tl.failure(); !strings.Contains(f, "[tester 2/2] RUN go test ./...: exit code: 1\nFAIL example") {
		t.Errorf("failure = %q", f)
	}
	text := tl.String()
	if !strings.Contains(text, "   0.400    0.500       [deps 2/3] COPY go.mod go.sum ./\n") ||
		!strings.Contains(text, "   0.600    0.600 CACHE [builder 3/3]") || !strings.HasPrefix(text, "  -5.000   -4.000") {
		t.Errorf("timeline:\n%s", text)
	}
}

func TestTable(t *testing.T) {
	s := time.Second
	e := &ExampleResult{Name: "go", Image: [2]Size{{3 << 20, 9 << 20}, {4 << 20, 10 << 20}}, Notes: []string{"something seen"}}
	e.add(Cold, ours, 30*s)
	e.add(Cold, hand, 40*s)
	e.add(NoChange, ours, 500*time.Millisecond)
	e.add(NoChange, hand, 400*time.Millisecond)
	e.add(ColdMulti, ours, 45*s)
	e.add(ColdMulti, hand, 60*s)
	e.add(Source, ours, 2*s)
	e.add(Source, hand, 2*s)
	e.add(SourceMulti, ours, 2600*time.Millisecond)
	e.add(SourceMulti, hand, 3*s)
	e.add(Fresh, ours, 4*s)
	e.add(Fresh, hand, 20*s)
	e.count(FreshDownloads, ours, 0)
	e.count(FreshDownloads, hand, 51)
	e.Cache = [2]int64{300 << 20, 250 << 20}
	res := &Result{Rounds: 1, Examples: []*ExampleResult{e}, Frontends: [2]Size{{7 << 20, 18 << 20}, {14 << 20, 28 << 20}},
		FrontendRefs: [2]string{"org/multistage-frontend:latest", "docker/dockerfile:1"}}
	got := Table(res)
	for _, want := range []string{
		"| go | cold build | 30.00 s | 40.00 s | -10.00 s | 0.75 |",
		"| go | rebuild, no change | 0.50 s | 0.40 s | +0.10 s | 1.25 |",
		"| go | runtime image, compressed | 3.00 MiB | 4.00 MiB | -1.00 MiB | 0.75 |",
		"| frontend | image, uncompressed | 18.00 MiB | 28.00 MiB | -10.00 MiB | 0.64 |",
		"\ncold build for linux/amd64+linux/arm64 against linux/amd64 alone: go: frontend 1.50, hand-written 1.50.\n",
		"\nrebuild, one-line source change for linux/amd64+linux/arm64 against linux/amd64 alone: go: frontend 1.30, hand-written 1.50.\n",
		"- go, cold build: 30.00 | 40.00",
		"| go | fresh runner, one-line source change | 4.00 s | 20.00 s | -16.00 s | 0.20 |",
		"| go | fresh runner: dependencies downloaded | 0 | 51 | -51 | 0.00 |",
		"| go | registry cache (mode=max) | 300.00 MiB | 250.00 MiB | +50.00 MiB | 1.20 |",
		"\nfresh runner against the warm builder, the same one-line source change: go: frontend 2.00, hand-written 10.00.\n",
		"- go, fresh runner: dependencies downloaded: 0 | 51",
		"- go: something seen",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
	if strings.Index(got, "cold build |") > strings.Index(got, "no change") {
		t.Errorf("rows out of order:\n%s", got)
	}
}

func TestWriteDoc(t *testing.T) {
	f := filepath.Join(t.TempDir(), "b.md")
	os.WriteFile(f, []byte("# Benchmarks\nprose\n"+beginMarker+"\nold table\n"+endMarker+"\nmore prose\n"), 0o644)
	if err := WriteDoc(f, "new table\n"); err != nil {
		t.Fatal(err)
	}
	dt, _ := os.ReadFile(f)
	want := "# Benchmarks\nprose\n" + beginMarker + "\nnew table\n" + endMarker + "\nmore prose\n"
	if string(dt) != want {
		t.Errorf("got %q, want %q", dt, want)
	}
	os.WriteFile(f, []byte("no markers"), 0o644)
	if err := WriteDoc(f, "x"); err == nil {
		t.Error("a document without markers was accepted")
	}
}

func TestChanges(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(src, "a"), 0o755)
	os.WriteFile(filepath.Join(src, "a", "f.go"), []byte("package a\n"), 0o644)
	if err := copyTree(src, dst); err != nil {
		t.Fatal(err)
	}
	if err := appendLine(filepath.Join(dst, "a", "f.go"), "// change 1"); err != nil {
		t.Fatal(err)
	}
	dt, _ := os.ReadFile(filepath.Join(dst, "a", "f.go"))
	if string(dt) != "package a\n// change 1\n" {
		t.Errorf("got %q", dt)
	}
	if dt, _ := os.ReadFile(filepath.Join(src, "a", "f.go")); string(dt) != "package a\n" {
		t.Errorf("the source changed: %q", dt)
	}
}

// The dependency work of a build is read from the output of the steps that ran: Go's downloads
// and -v package lines outside the main module, cargo's Downloaded and Compiling lines of
// crates that are not the workspace's, pip's downloads, npm's sum.
func TestWork(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/hello\n\ngo 1.26\n"), 0o644)
	start := time.Date(2026, 1, 1, 0, 0, 10, 0, time.UTC)
	tl := func(steps ...*step) *timeline { return &timeline{start: start, steps: steps} }
	ran := func(name, log string) *step {
		return &step{name: name, started: start.Add(time.Second), finished: start.Add(2 * time.Second), log: []byte(log)}
	}
	cached := ran("[builder 3/3] RUN go build ./cmd/server", "go: downloading example.org/x v1.0.0\n")
	cached.cached = true
	for _, c := range []struct {
		lang string
		tl   *timeline
		want Work
	}{
		{"go", tl(ran("[builder 3/3] RUN go build -v .", "go: downloading github.com/google/uuid v1.6.0\r\ninternal/abi\nruntime\ngithub.com/google/uuid\n"+
			"example.com/hello/internal/greet\nexample.com/hello\n"), cached), Work{Downloads: 1, Compiles: 3}},
		{"rust", tl(ran("[builder 3/3] RUN cargo build", "  Downloaded regex v1.7.1\n   Compiling memchr v2.5.0\n   Compiling hello v0.1.0 (/src)\n")), Work{1, 1}},
		{"python", tl(ran("[deps 3/4] RUN pip install", "Collecting a\n  Downloading a-1.0-py3-none-any.whl (3 kB)\n  Using cached b-1.whl\n")), Work{Downloads: 1}},
		{"node", tl(ran("[deps 3/3] RUN npm ci", "\nadded 12 packages in 2s\n")), Work{Downloads: 12}},
	} {
		if got := (Example{Lang: c.lang}).work(dir, c.tl); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.lang, got, c.want)
		}
	}
}
