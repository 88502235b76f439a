package lang

import (
	"testing"

	"github.com/org/multistage-frontend/spec"
)

// TestGivesEveryInterface: an address of every interface in the spec's env (with a port or
// without, IPv4 or IPv6), in a word of its cmd (alone or as a flag's value), or in the project's
// Dockerfile's environment; not a network that merely contains 0.0.0.0 (10.0.0.0/8), a URL, a
// loopback address, a flag whose value is the next word's business, or nothing at all.
func TestGivesEveryInterface(t *testing.T) {
	words := func(w ...string) *spec.Words { x := spec.Words(w); return &x }
	for _, c := range []struct {
		name       string
		env        spec.KeyValues
		cmd        *spec.Words
		dockerfile string
		want       bool
	}{
		{"env, IPv4 with a port", spec.KeyValues{{Key: "ADDR", Value: "0.0.0.0:8080"}}, nil, "", true},
		{"env, IPv6 without a port", spec.KeyValues{{Key: "HOST", Value: "::"}}, nil, "", true},
		{"cmd, a word of its own", nil, words("--addr", "[::]:8080"), "", true},
		{"cmd, a flag's value", nil, words("--http-addr=0.0.0.0:7700"), "", true},
		{"the project's Dockerfile", nil, nil, "FROM scratch\nENV APP_ADDR=0.0.0.0:8080\n", true},
		{"a network", spec.KeyValues{{Key: "TRUSTED", Value: "10.0.0.0/8"}}, words("--allow", "10.0.0.0/8"), "", false},
		{"a URL", spec.KeyValues{{Key: "PUBLIC_URL", Value: "http://0.0.0.0:8080/"}}, nil, "", false},
		{"loopback", spec.KeyValues{{Key: "ADDR", Value: "127.0.0.1:8080"}}, words("--addr=localhost:8080"), "", false},
		{"nothing", nil, nil, "", false},
	} {
		f := Facts{}
		if c.dockerfile != "" {
			f["Dockerfile"] = []byte(c.dockerfile)
		}
		if got := GivesEveryInterface(&spec.Spec{Env: c.env, Cmd: c.cmd}, f); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
