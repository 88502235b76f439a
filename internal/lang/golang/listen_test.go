package golang

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

func TestLoopbackListenShapes(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`http.ListenAndServe("localhost:8080", mux)`, `main.go:2 listens on "localhost:8080"`},
		{`log.Fatal(http.ListenAndServeTLS("127.0.0.1:8443", "c", "k", nil))`, `main.go:2 listens on "127.0.0.1:8443"`},
		{`ln, err := net.Listen("tcp", "[::1]:9000")`, `main.go:2 listens on "[::1]:9000": ` +
			`inside a container that is its own loopback interface, so the published port answers nothing; listen on ":9000"`},
		{`r.Run("localhost:8080")`, `listens on "localhost:8080"`},
		{`e.Start("127.0.0.1:1323")`, `listens on "127.0.0.1:1323"`},
		{"srv := &http.Server{\n\tHandler: h,\n\tAddr: \"localhost:3000\",\n}", `main.go:2 listens on "localhost:3000"`},
		{`addr := flag.String("listen-addr", "127.0.0.1:8080", "address")`, `main.go:2 defaults the -listen-addr flag to "127.0.0.1:8080": ` +
			"inside a container that is its own loopback interface, so the published port answers nothing; default it to \":8080\", or set `cmd: [-listen-addr=:8080]` in the spec"},
		{`flag.StringVar(&cfg.Addr, "addr", "localhost:8080", "")`, `defaults the -addr flag`},
		{`flag.StringVar(&addr, "addr", opt("RELAY_ADDR", "127.0.0.1:7070"), "address")`, `main.go:2 defaults the -addr flag to "127.0.0.1:7070" when RELAY_ADDR is unset: ` +
			"inside a container that is its own loopback interface, so the published port answers nothing; default it to \":7070\", or set `env: {RELAY_ADDR: \"0.0.0.0:7070\"}` in the spec"},
		{`flag.StringVar(&addr, "addr", envOr("127.0.0.1:7070"), "address")`, `defaults the -addr flag to "127.0.0.1:7070": `},
		{`flag.StringVar(&db, "redis", opt("REDIS", "localhost:6379"), "")`, ""},
		// not a listen address of the program, or not on loopback
		{`http.ListenAndServe(":8080", mux)`, ""},
		{`http.ListenAndServe("0.0.0.0:8080", mux)`, ""},
		{`// http.ListenAndServe("localhost:8080", mux)`, ""},
		{`rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})`, ""},
		{`db := flag.String("redis", "localhost:6379", "")`, ""},
		{`resp, _ := http.Get("http://localhost:8080/health")`, ""},
		{`http.ListenAndServe(addr, mux)`, ""},
		{"import _ \"net/http/pprof\"\n\nfunc init() { go http.ListenAndServe(\"localhost:6060\", nil) }", ""},
		{"import (\n\t\"net/http\"\n\t_ \"net/http/pprof\"\n)\n\nfunc init() { go http.ListenAndServe(\"localhost:6060\", nil) }", ""},
	} {
		f := lang.Facts{"go.mod": []byte("module example.com/srv\n\ngo 1.26\n"), "main.go": []byte("package main\n" + tc.src + "\n")}
		p, err := provider.TryPlan(t, "language: go\n", f)
		if err != nil {
			t.Fatal(err)
		}
		n := langtest.NoteOf(p, "ListenLocalhost")
		switch {
		case tc.want == "" && n != nil:
			t.Errorf("%s: %+v", tc.src, n)
		case tc.want != "" && (n == nil || !strings.Contains(n.Msg, tc.want)):
			t.Errorf("%s: %+v, want %q", tc.src, n, tc.want)
		}
	}
}

// The spec's env setting the variable a flag's default gives way to silences the warning.
func TestLoopbackFlagDefaultBehindTheEnvironment(t *testing.T) {
	f := lang.Facts{"go.mod": []byte("module example.com/srv\n\ngo 1.26\n"),
		"main.go": []byte("package main\n" + `flag.StringVar(&addr, "addr", opt("RELAY_ADDR", "127.0.0.1:7070"), "address")` + "\n")}
	if n := langtest.NoteOf(provider.MustPlan(t, "language: go\nenv: {RELAY_ADDR: \"0.0.0.0:7070\"}\n", f), "ListenLocalhost"); n != nil {
		t.Errorf("warned with RELAY_ADDR set: %s", n.Msg)
	}
	if n := langtest.NoteOf(provider.MustPlan(t, "language: go\nenv: {OTHER: x}\n", f), "ListenLocalhost"); n == nil {
		t.Errorf("no warning with RELAY_ADDR unset")
	}
}

// TestListenReadsTheMainPackagesOnly: the files of the package built are read (Follow asks for
// them), test files and other packages are not.
func TestListenReadsTheMainPackagesOnly(t *testing.T) {
	f := lang.Facts{
		"go.mod":               []byte("module example.com/srv\n\ngo 1.26\n"),
		"cmd/srv/main.go":      []byte("package main\n"),
		"cmd/srv/server.go":    []byte("package main\n\nfunc serve() { http.ListenAndServe(\"localhost:8080\", nil) }\n"),
		"cmd/srv/main_test.go": []byte("package main\n\nfunc TestX() { http.ListenAndServe(\"localhost:1\", nil) }\n"),
		"internal/dev/dev.go":  []byte("package dev\n\nfunc serve() { http.ListenAndServe(\"localhost:2\", nil) }\n"),
	}
	// asked for as the first read's likely files have it already, named by the spec or not
	for src, want := range map[string]string{"language: go\n": "cmd/*/*.go", "language: go\nentrypoint: ./cmd/srv\n": "cmd/srv/*.go"} {
		s := langtest.Spec(t, src)
		if got := (Provider{}).Follow(s, f); !slices.Contains(got, want) || !slices.Contains(likelyMains(s), want) {
			t.Errorf("%q: Follow = %v, Likely = %v, want %s", src, got, likelyMains(s), want)
		}
	}
	p, err := provider.TryPlan(t, "language: go\n", maps.Clone(f))
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, n := range p.Notes {
		if n.Rule == "ListenLocalhost" {
			msgs = append(msgs, n.Msg)
		}
	}
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], `cmd/srv/server.go:3 listens on "localhost:8080"`) {
		t.Errorf("notes %q", msgs)
	}
}
