package spec

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// seeds are the example specs and the specs of the tests, so fuzzing starts from real inputs.
func seeds(f *testing.F) {
	f.Helper()
	for _, s := range []string{
		"language: go\n",
		"# syntax=org/multistage-frontend\nlanguage: go\nentrypoint: ./cmd/server\nruntime: distroless\n",
		"language: go\ntest: [go, test, ./...]\nports: [8080, \"53/udp\"]\nenv: {A: \"1\"}\nargs: {V: dev}\ncmd: -v --x \"a b\"\n",
		"build:\n  secrets: [a, {id: b, env: B}]\n  ssh: [default]\n  command: make\nfiles: [a, {src: b, dest: /c}]\n",
		"healthcheck: {test: [x, y], interval: 1s, retries: 2}\nlabels: {a.b: c}\nuser: \"1:2\"\nworkdir: /w\n",
		"a: &a [x, x]\nb: *a\n",
		"test: false\nversion: 1.20\n",
	} {
		f.Add([]byte(s))
	}
	matches, _ := filepath.Glob("../examples/*/Dockerfile")
	for _, m := range matches {
		if dt, err := os.ReadFile(m); err == nil {
			f.Add(dt)
		}
	}
}

// FuzzParse: any input is either a spec or located errors, quickly, without a panic.
func FuzzParse(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		s, err := Parse("Dockerfile", data)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("parsing %d bytes took %s", len(data), d)
		}
		if err == nil && s == nil {
			t.Fatal("no spec and no error")
		}
		if err != nil {
			es, ok := err.(Errors)
			if !ok || len(es) == 0 {
				t.Fatalf("error %T %v is not Errors", err, err)
			}
			for _, e := range es {
				if e.Line < 0 || e.Msg == "" {
					t.Fatalf("bad error %+v", e)
				}
			}
		}
	})
}
