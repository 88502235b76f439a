package providers

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// TestDockerfileListenAddressIsSet: a variable the project's own Dockerfile sets, in its last
// stage or a stage it starts from, to an address of every interface (rustypaste's `ENV
// SERVER__ADDRESS=0.0.0.0:8000`, dagu's `DAGU_HOST=0.0.0.0`, gonic's port with no host
// `GONIC_LISTEN_ADDR=:80`, which Go reads as every interface) is set in the image too, whatever
// the language, with the spec's first port in place of the Dockerfile's; the spec's env wins,
// and a loopback value, or a stage the last does not start from, says nothing. A Go program
// whose loopback default gives way to that variable is not warned of (ListenLocalhost).
func TestDockerfileListenAddressIsSet(t *testing.T) {
	rust := map[string]string{
		"Cargo.toml": "[package]\nname = \"paste\"\nversion = \"0.1.0\"\n", "Cargo.lock": "version = 4\n",
		"src/main.rs": "fn main() {}\n",
		"Dockerfile": "FROM rust:1 AS builder\nENV BUILD_HOST=0.0.0.0\nRUN cargo build --release\n\n" +
			"FROM scratch AS base\nENV SERVER__ADDRESS=0.0.0.0:8000 LOG_HOST=127.0.0.1 BIND6=[::]:8000\n" +
			"FROM base\nWORKDIR /app\nENV PUBLIC=:: NAME=paste LISTEN_ADDR=:8000 TIMEOUT=:30s\nCMD [\"./paste\"]\n",
	}
	env := func(p *plan.Plan) []string {
		var out []string
		for _, e := range p.Image.Env {
			out = append(out, e.Key+"="+e.Value)
		}
		return out
	}
	for _, tc := range []struct {
		name, spec string
		want       []string
	}{
		{"the spec's port", "language: rust\nports: [8080]\n", []string{"SERVER__ADDRESS=0.0.0.0:8080", "BIND6=[::]:8080", "PUBLIC=::", "LISTEN_ADDR=:8080"}},
		{"no port", "language: rust\n", []string{"SERVER__ADDRESS=0.0.0.0:8000", "BIND6=[::]:8000", "PUBLIC=::", "LISTEN_ADDR=:8000"}},
		{"the spec's env", "language: rust\nports: [8080]\nenv: {SERVER__ADDRESS: \"0.0.0.0:9000\"}\n", []string{"BIND6=[::]:8080", "PUBLIC=::", "LISTEN_ADDR=:8080", "SERVER__ADDRESS=0.0.0.0:9000"}},
	} {
		dir := t.TempDir()
		tree.WriteIn(t, dir, rust)
		if got := env(planDir(t, tc.spec, dir)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: image env %q, want %q", tc.name, got, tc.want)
		}
	}

	// a Go program's viper default that DAGU_HOST overrides, with a prefix the file does not write
	// as a literal, and a flag whose variable the Dockerfile sets
	goFiles := map[string]string{
		"go.mod": "module example.com/flow\n\ngo 1.26\n",
		"main.go": "package main\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/spf13/viper\"\n)\n\nconst prefix = \"FLOW\"\n\n" +
			"func main() {\n\tv := viper.New()\n\tv.SetEnvPrefix(prefix)\n\tv.SetDefault(\"host\", \"127.0.0.1\")\n\thttp.ListenAndServe(v.GetString(\"host\")+\":8080\", nil)\n}\n",
	}
	for _, tc := range []struct {
		name, dockerfile string
		warned           bool
		env              string
	}{
		{"no Dockerfile", "", true, ""},
		{"its Dockerfile sets FLOW_HOST", "FROM alpine\nENV FLOW_HOST=0.0.0.0\nENTRYPOINT [\"flow\"]\n", false, "FLOW_HOST=0.0.0.0"},
		{"its Dockerfile sets another variable", "FROM alpine\nENV FLOW_BIND=0.0.0.0\n", true, "FLOW_BIND=0.0.0.0"},
	} {
		dir := t.TempDir()
		files := map[string]string{}
		for k, v := range goFiles {
			files[k] = v
		}
		if tc.dockerfile != "" {
			files["Dockerfile"] = tc.dockerfile
		}
		tree.WriteIn(t, dir, files)
		p := planDir(t, "language: go\nports: [8080]\n", dir)
		if msgs := langtest.Messages(p, rules.ListenLocalhost.Name); (len(msgs) > 0) != tc.warned {
			t.Errorf("%s: ListenLocalhost %q, want warned %v", tc.name, msgs, tc.warned)
		}
		if got := env(p); (tc.env == "" && len(got) > 0) || (tc.env != "" && !slices.Contains(got, tc.env)) {
			t.Errorf("%s: image env %q, want %q", tc.name, got, tc.env)
		}
	}
}
