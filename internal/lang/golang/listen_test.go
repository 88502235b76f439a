package golang

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// literalAt reads a urfave/cli flag's fields from its Name on: through a nested literal (the
// EnvVars slice), up to the flag's own closing brace, so the next flag's EnvVars is not its;
// a file cut inside the literal gives the rest of the file.
func TestLiteralAt(t *testing.T) {
	text := "[]cli.Flag{&cli.StringFlag{Name: \"a\", EnvVars: []string{\"A\"}, Value: \"x\"}, &cli.StringFlag{Name: \"b\", EnvVars: []string{\"B\"}}}"
	for _, tc := range []struct {
		text, from, want string
	}{
		{text, `Name: "a"`, `Name: "a", EnvVars: []string{"A"}, Value: "x"`},
		{text, `Name: "b"`, `Name: "b", EnvVars: []string{"B"}`},
		{`&cli.StringFlag{Name: "c", Value: "y"`, `Name: "c"`, `Name: "c", Value: "y"`},
	} {
		if got := literalAt(tc.text, strings.Index(tc.text, tc.from)); got != tc.want {
			t.Errorf("literalAt(%q) = %q, want %q", tc.from, got, tc.want)
		}
	}
	// The flag literal whose EnvVars follows its Value's nested literal, and a next flag's
	// EnvVars that is not its.
	for _, tc := range []struct{ src, env string }{
		{"&cli.StringFlag{Name: \"listen\", Value: \"127.0.0.1:80\", Aliases: []string{\"l\"}, EnvVars: []string{\"LISTEN\"}}", "LISTEN"},
		{"&cli.StringFlag{Name: \"listen\", Value: \"127.0.0.1:80\"}, &cli.StringFlag{Name: \"db\", EnvVars: []string{\"DB\"}}", ""},
	} {
		ls := loopbackListens([]byte("package main\n"+tc.src), []*regexp.Regexp{cliFlag})
		if len(ls) != 1 || ls[0].env != tc.env {
			t.Errorf("%s: %+v, want the variable %q", tc.src, ls, tc.env)
		}
	}
}

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
		// viper's default of a listen setting, with the environment variable its literal prefix gives
		{"v.SetEnvPrefix(\"FLOW\")\nv.AutomaticEnv()\nv.SetDefault(\"host\", \"127.0.0.1\")\nv.SetDefault(\"port\", 8080)",
			"main.go:4 defaults its host setting to \"127.0.0.1\" (viper's SetDefault) when FLOW_HOST is unset: inside a container that is its own loopback interface, " +
				"so the published port answers nothing; set `env: {FLOW_HOST: \"0.0.0.0\"}` in the spec, or it in its configuration file"},
		{`viper.SetDefault("server.addr", "localhost:8080")`, `defaults its server.addr setting to "localhost:8080" (viper's SetDefault): ` +
			"inside a container that is its own loopback interface, so the published port answers nothing; set it to \"0.0.0.0:8080\" in its configuration file or in the environment variable viper reads it from (`env`)"},
		{`viper.SetDefault("db.host", "localhost")`, ""},
		{`viper.SetDefault("redis", "localhost:6379")`, ""},
		{`viper.SetDefault("host", "0.0.0.0")`, ""},
		{`// viper.SetDefault("host", "127.0.0.1")`, ""},
		// a FlagSet of the flag package, and pflag's (cobra's) with and without a shorthand
		{`fs.StringVar(&cfg.HTTPAddr, "http-addr", "localhost:4001", "HTTP bind address")`, `main.go:2 defaults the --http-addr flag to "localhost:4001": ` +
			"inside a container that is its own loopback interface, so the published port answers nothing; default it to \":4001\", or set `cmd: [--http-addr=:4001]` in the spec"},
		{`addr := set.String("listen", "127.0.0.1:9000", "")`, `defaults the --listen flag to "127.0.0.1:9000"`},
		{`cmd.Flags().StringVarP(&addr, "listen", "l", "127.0.0.1:8080", "address")`, "or set `cmd: [--listen=:8080]` in the spec"},
		{`root.PersistentFlags().StringP("bind", "", "localhost:7000", "")`, `defaults the --bind flag to "localhost:7000"`},
		{`cmd.Flags().StringVarP(&db, "redis", "r", "localhost:6379", "")`, ""},
		{`fs.StringVar(&raft, "raft-addr", "localhost:4002", "Raft bind")`, ""}, // not named for the listener
		// a flag with no default that the code defaults to a loopback address when not given
		{"cmd.PersistentFlags().StringVar(\n\t&httpAddr,\n\t\"http\",\n\t\"\",\n\t\"address\",\n)\nif httpAddr == \"\" {\n\thttpAddr = \"127.0.0.1:8090\"\n}",
			"main.go:9 defaults the --http flag to \"127.0.0.1:8090\" when it is not given (the code sets it): inside a container that is its own loopback interface, " +
				"so the published port answers nothing; default it to \":8090\", or set `cmd: [--http=:8090]` in the spec"},
		{"flag.StringVar(&cfg.Listen, \"listen\", \"\", \"\")\nif cfg.Listen == \"\" { cfg.Listen = \"localhost:7000\" }", `main.go:3 defaults the --listen flag to "localhost:7000" when it is not given`},
		{"flag.StringVar(&dsn, \"db\", \"\", \"\")\ndsn = \"localhost:5432\"", ""},         // not named for the listener
		{"flag.StringVar(&addr, \"addr\", \"\", \"\")\nother = \"localhost:1\"", ""},       // another variable
		{"flag.StringVar(&addr, \"addr\", \"\", \"\")\nif addr == \"localhost:1\" {}", ""}, // compared, not set
		{"flag.StringVar(&addr, \"addr\", \"\", \"\")\n// addr = \"localhost:1\"", ""},     // commented
		// urfave/cli's flag literals, v1 to v3
		{"app.Flags = []cli.Flag{\n\t&cli.StringFlag{\n\t\tName:    \"listen\",\n\t\tUsage:   \"address\",\n\t\tValue:   \"127.0.0.1:9090\",\n\t\tEnvVars: []string{\"SHARE_LISTEN\"},\n\t},\n}",
			"main.go:4 defaults the --listen flag to \"127.0.0.1:9090\" when SHARE_LISTEN is unset: inside a container that is its own loopback interface, " +
				"so the published port answers nothing; default it to \":9090\", or set `env: {SHARE_LISTEN: \"0.0.0.0:9090\"}` in the spec"},
		{"cli.StringFlag{Name: \"bind\", EnvVar: \"BIND\", Value: \"localhost:4000\"}", "defaults the --bind flag to \"localhost:4000\" when BIND is unset"},
		{"&cli.StringFlag{Name: \"addr\", Value: \"localhost:4000\", Sources: cli.EnvVars(\"ADDR\")}", "when ADDR is unset"},
		{"&cli.StringFlag{Name: \"http-addr\", Value: \"127.0.0.1:4000\"}", "or set `cmd: [--http-addr=:4000]` in the spec"},
		// go-flags' and kong's struct tags, a host alone or host:port
		{"type Options struct {\n\tHost string `long:\"bind\" description:\"host\" default:\"localhost\"`\n}",
			"main.go:3 defaults the --bind flag to \"localhost\": inside a container that is its own loopback interface, " +
				"so the published port answers nothing; default it to \"0.0.0.0\", or set `cmd: [--bind=0.0.0.0]` in the spec"},
		{"type CLI struct {\n\tAddr string `name:\"listen-addr\" default:\"127.0.0.1:7000\" env:\"SRV_ADDR\"`\n}", `defaults the --listen-addr flag to "127.0.0.1:7000" when SRV_ADDR is unset`},
		// a configuration struct's setting (configor, cleanenv) that its environment variable sets
		{"type Server struct {\n\tListenIpV4 string `yaml:\"listen_ipv4\" default:\"127.0.0.1\" env:\"APP_LISTEN_IPV4\"`\n\tListenIpV6 string `yaml:\"listen_ipv6\" default:\"::1\" env:\"APP_LISTEN_IPV6\"`\n}",
			"main.go:3 defaults its listen_ipv4 setting to \"127.0.0.1\" (a struct tag's default) when APP_LISTEN_IPV4 is unset: inside a container that is its own loopback interface, " +
				"so the published port answers nothing; set `env: {APP_LISTEN_IPV4: \"0.0.0.0\"}` in the spec, or in its configuration file"},
		{"type C struct {\n\tAddr string `env:\"ADDR\" json:\"http_addr\" env-default:\"x\" default:\"localhost:8080\"`\n}", "defaults its http_addr setting to \"localhost:8080\" (a struct tag's default) when ADDR is unset"},
		// not a listen address of the program, or not on loopback; a setting without a variable;
		// an IPv6 loopback setting, beside the IPv4 one to change
		{"type Server struct {\n\tListenIpV6 string `yaml:\"listen_ipv6\" default:\"::1\" env:\"APP_LISTEN_IPV6\"`\n}", ""},
		{"type C struct {\n\tAddr string `yaml:\"listen\" default:\"127.0.0.1:8080\"`\n\tDB string `yaml:\"db_host\" default:\"localhost\" env:\"DB_HOST\"`\n}", ""},
		{"&cli.StringFlag{Name: \"listen\", Value: \":8080\"}", ""},
		{"&cli.StringFlag{Name: \"redis\", Value: \"localhost:6379\"}", ""},
		{"&cli.StringFlag{Name: \"profile-listener\", Value: \"127.0.0.1:6060\"}", ""},
		{"[]cli.Flag{&cli.StringFlag{Name: \"listen\"}, &cli.StringFlag{Name: \"upstream\", Value: \"localhost:9000\"}}", ""},
		{"type O struct {\n\tHost string `long:\"bind\" default:\"0.0.0.0\"`\n\tDB string `long:\"db\" default:\"localhost:5432\"`\n\tPprof string `long:\"pprof-listen\" default:\"localhost:6060\"`\n}", ""},
		{"type C struct {\n\tAddr string `json:\"addr\" default:\"127.0.0.1:8384\"`\n}", ""},
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
		checkListen(t, tc.src, tc.want)
	}
}

// checkListen plans a main.go of src and wants a ListenLocalhost note holding want, none for "".
func checkListen(t *testing.T, src, want string) {
	t.Helper()
	f := lang.Facts{"go.mod": []byte("module example.com/srv\n\ngo 1.26\n"), "main.go": []byte("package main\n" + src + "\n")}
	p, err := provider.TryPlan(t, "language: go\n", f)
	if err != nil {
		t.Fatal(err)
	}
	n := langtest.NoteOf(p, "ListenLocalhost")
	switch {
	case want == "" && n != nil:
		t.Errorf("%s: %+v", src, n)
	case want != "" && (n == nil || !strings.Contains(n.Msg, want)):
		t.Errorf("%s: %+v, want %q", src, n, want)
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

// The flags of a program declared in a package its main package imports (transfer.sh's cmd/,
// pgweb's pkg/command/) are read, for the flag shapes alone: a listen call there may be a
// test or development helper's.
func TestLoopbackFlagsOfAnImportedPackage(t *testing.T) {
	f := lang.Facts{
		"go.mod":  []byte("module example.com/share\n\ngo 1.26\n\nrequire github.com/urfave/cli/v2 v2.27.0\n"),
		"main.go": []byte("package main\n\nimport \"example.com/share/internal/app\"\n\nfunc main() { app.New().Run() }\n"),
		"internal/app/flags.go": []byte("package app\n\nimport \"example.com/share/internal/opts\"\n\nvar flags = []cli.Flag{\n" +
			"\t&cli.StringFlag{Name: \"listener\", Value: \"127.0.0.1:8080\", EnvVars: []string{\"LISTENER\"}},\n}\n"),
		"internal/app/devserver.go": []byte("package app\n\nfunc dev() { http.ListenAndServe(\"localhost:3000\", nil) }\n"),
		"internal/opts/opts.go":     []byte("package opts\n\ntype Options struct {\n\tHost string `long:\"bind\" default:\"localhost\"`\n}\n"),
	}
	msgs := listenMessages(t, f)
	if len(msgs) != 2 || !strings.HasPrefix(msgs[0], `internal/app/flags.go:6 defaults the --listener flag to "127.0.0.1:8080" when LISTENER is unset`) ||
		!strings.HasPrefix(msgs[1], `internal/opts/opts.go:4 defaults the --bind flag to "localhost"`) {
		t.Errorf("notes %q", msgs)
	}
	if n := langtest.NoteOf(provider.MustPlan(t, "language: go\nenv: {LISTENER: \"0.0.0.0:8080\"}\n", f), "ListenLocalhost"); n == nil || strings.Contains(n.Msg, "LISTENER") {
		t.Errorf("with LISTENER set: %+v", n)
	}
	if n := langtest.NoteOf(provider.MustPlan(t, "language: go\nenv: {LISTENER: \"0.0.0.0:8080\"}\ncmd: [--bind=0.0.0.0]\n", f), "ListenLocalhost"); n != nil {
		t.Errorf("with LISTENER set and cmd giving --bind: %s", n.Msg)
	}
}

// TestListenReadsTheMainPackagesOnly: the files of the package built are read (Follow asks for
// them), test files and other packages are not.
func TestListenReadsTheMainPackagesOnly(t *testing.T) {
	f := langtest.With(program("example.com/srv", "cmd/srv"),
		"cmd/srv/server.go", "package main\n\nfunc serve() { http.ListenAndServe(\"localhost:8080\", nil) }\n",
		"cmd/srv/main_test.go", "package main\n\nfunc TestX() { http.ListenAndServe(\"localhost:1\", nil) }\n",
		"internal/dev/dev.go", "package dev\n\nfunc serve() { http.ListenAndServe(\"localhost:2\", nil) }\n")
	// asked for as the first read's likely files have it already, named by the spec or not
	for src, want := range map[string]string{"language: go\n": "cmd/*/*.go", "language: go\nentrypoint: ./cmd/srv\n": "cmd/srv/*.go"} {
		s := langtest.Spec(t, src)
		if got := (Provider{}).Follow(s, f); !slices.Contains(got, want) || !slices.Contains(likelyMains(s), want) {
			t.Errorf("%q: Follow = %v, Likely = %v, want %s", src, got, likelyMains(s), want)
		}
	}
	msgs := listenMessages(t, maps.Clone(f))
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], `cmd/srv/server.go:3 listens on "localhost:8080"`) {
		t.Errorf("notes %q", msgs)
	}
}

// listenMessages are the ListenLocalhost notes' messages of the plan of `language: go` on f.
func listenMessages(t *testing.T, f lang.Facts) []string {
	t.Helper()
	p, err := provider.TryPlan(t, "language: go\n", f)
	if err != nil {
		t.Fatal(err)
	}
	return langtest.Messages(p, "ListenLocalhost")
}

// A loopback flag of a program whose image runs a subcommand (pocketbase's `serve --http`, whose
// default the code sets when the flag is not given): the fix keeps the subcommand, and the
// spec's cmd giving the flag, in either form, silences the warning; a cmd without it does not.
func TestLoopbackFlagOfTheServeCommand(t *testing.T) {
	f := langtest.With(cobraApp(), "cli/serve.go", "package cli\n\nimport \"github.com/spf13/cobra\"\n\nvar httpAddr string\n\n"+
		"var serveCmd = &cobra.Command{\n\tUse: \"serve\",\n\tRun: func(*cobra.Command, []string) {\n\t\tif httpAddr == \"\" {\n\t\t\thttpAddr = \"127.0.0.1:8090\"\n\t\t}\n\t},\n}\n\n"+
		"func init() {\n\tserveCmd.Flags().StringVar(&httpAddr, \"http\", \"\", \"address\")\n\troot.AddCommand(serveCmd)\n}\n")
	msgs := listenMessages(t, maps.Clone(f))
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], `cli/serve.go:11 defaults the --http flag to "127.0.0.1:8090" when it is not given`) ||
		!strings.Contains(msgs[0], "or set `cmd: [serve, --http=:8090]` in the spec") {
		t.Errorf("notes %q", msgs)
	}
	for cmd, warns := range map[string]bool{"[serve, --http=0.0.0.0:8090]": false, "[serve, --http, \"0.0.0.0:8090\"]": false, "[serve, --dir=/data]": true, "[serve, --https=:443]": true} {
		n := langtest.NoteOf(provider.MustPlan(t, "language: go\ncmd: "+cmd+"\n", maps.Clone(f)), "ListenLocalhost")
		if (n != nil) != warns {
			t.Errorf("cmd: %s: warned %v, want %v", cmd, n != nil, warns)
		}
	}
}
