package golang

import (
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// A listen host alone in a flag beside its port (gossa's -h): warned when the flag's name or
// its usage says it is where the program listens, not a host it connects to.
func TestLoopbackHostFlag(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`var host = flag.String("h", "127.0.0.1", "host to listen to")`, `main.go:2 defaults the -h flag to "127.0.0.1": ` +
			"inside a container that is its own loopback interface, so the published port answers nothing; default it to \"0.0.0.0\", or set `cmd: [-h=0.0.0.0]` in the spec"},
		{`flag.StringVar(&cfg.Bind, "bind", "localhost", "")`, `defaults the -bind flag to "localhost"`},
		{`cmd.Flags().StringVarP(&host, "host", "H", "127.0.0.1", "address to bind the server to")`, "or set `cmd: [--host=0.0.0.0]` in the spec"},
		{`fs.String("listen-host", "::1", "")`, `defaults the --listen-host flag to "::1"`},
		{`flag.StringVar(&host, "host", opt("APP_HOST", "127.0.0.1"), "interface to listen on")`,
			"defaults the -host flag to \"127.0.0.1\" when APP_HOST is unset: inside a container that is its own loopback interface, " +
				"so the published port answers nothing; default it to \"0.0.0.0\", or set `env: {APP_HOST: \"0.0.0.0\"}` in the spec"},
		// go-flags' and kong's struct tags named host whose usage says it (go-swagger's server.go)
		{"type Server struct {\n\tHost string `long:\"host\" description:\"the IP to listen on\" default:\"localhost\" env:\"HOST\"`\n}",
			"main.go:3 defaults the --host flag to \"localhost\" when HOST is unset: inside a container that is its own loopback interface, " +
				"so the published port answers nothing; default it to \"0.0.0.0\", or set `env: {HOST: \"0.0.0.0\"}` in the spec"},
		{"type CLI struct {\n\tHost string `name:\"host\" help:\"Address to bind to.\" default:\"127.0.0.1\"`\n}", "defaults the --host flag to \"127.0.0.1\""},
		{"type O struct {\n\tHost string `long:\"host\" description:\"database host\" default:\"localhost\" env:\"DB_HOST\"`\n}", ""},
		{"type O struct {\n\tHost string `long:\"host\" default:\"localhost\"`\n}", ""},
		{"type O struct {\n\tHost string `long:\"debug-host\" description:\"listen on, for profiling\" default:\"localhost\"`\n}", ""},
		{"type C struct {\n\tHost string `yaml:\"host\" description:\"the IP to listen on\" default:\"localhost\" env:\"APP_HOST\"`\n}", ""},
		// a host the program connects to, a profiling listener, a host:port (listen.go's), commented
		{`flag.String("host", "localhost", "database host")`, ""},
		{`flag.String("h", "127.0.0.1", "redis server")`, ""},
		{`flag.String("db-host", "127.0.0.1", "host to connect to")`, ""},
		{`flag.String("pprof-host", "localhost", "host to listen to")`, ""},
		{`flag.String("host", "localhost", "host the debug server listens on")`, ""},
		{`flag.String("h", "0.0.0.0", "host to listen to")`, ""},
		{`// flag.String("h", "127.0.0.1", "host to listen to")`, ""},
	} {
		checkListen(t, tc.src, tc.want)
	}
	// the spec's cmd giving the flag silences it
	f := lang.Facts{"go.mod": []byte("module example.com/srv\n\ngo 1.26\n"),
		"main.go": []byte("package main\nvar host = flag.String(\"h\", \"127.0.0.1\", \"host to listen to\")\n")}
	if n := langtest.NoteOf(provider.MustPlan(t, "language: go\ncmd: [-h=0.0.0.0, /srv]\n", f), "ListenLocalhost"); n != nil {
		t.Errorf("warned with -h given: %s", n.Msg)
	}
}
