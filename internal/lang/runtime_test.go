package lang

import (
	"testing"

	"github.com/org/multistage-frontend/spec"
)

// TestRuntimeHome: the runtime user's home is distroless :nonroot's, the one the runtime stage
// makes for NonRoot (scratch, a base it adds the user to), an alias's own user's as its image
// has it (node's), root's; none known for a user the spec names where the base has no home for
// it, nor for an image of the spec's own but a :nonroot one.
func TestRuntimeHome(t *testing.T) {
	rt := Runtime{
		Aliases: map[string]string{"distroless": "gcr.io/distroless/java21-debian12:nonroot", "slim": "eclipse-temurin:21-jre",
			"node": "node:24-bookworm-slim", "deno": "denoland/deno:2", "scratch": ""},
		Default: "distroless", AddUser: []string{"slim"},
		Users: map[string]string{"node": "1000:1000", "deno": "1993:1993"}, Homes: map[string]string{"node": "/home/node"},
	}
	for _, tc := range []struct{ runtime, user, home string }{
		{"", "", "/home/nonroot"},
		{"distroless", "1000", ""},
		{"slim", "", "/home/nonroot"},
		{"slim", "65532", "/home/nonroot"},
		{"slim", "1000:1000", ""},
		{"scratch", "", "/home/nonroot"},
		{"node", "", "/home/node"},
		{"node", "1001", ""},
		{"node", "65532:65532", ""},
		{"deno", "", ""}, // its user's home is in /etc/passwd, not made
		{"gcr.io/distroless/static-debian12:nonroot", "", "/home/nonroot"},
		{"eclipse-temurin:21-jre", "", ""},
		{"slim", "root", "/root"},
		{"distroless", "0:0", "/root"},
	} {
		if got := rt.Home(&spec.Spec{Runtime: tc.runtime, User: tc.user}); got != tc.home {
			t.Errorf("runtime %q, user %q: home %q, want %q", tc.runtime, tc.user, got, tc.home)
		}
	}
}

// TestOwnedDir: a directory outside the working directory is the user's to be given unless
// the user writes it already: /tmp, or its home when one is known.
func TestOwnedDir(t *testing.T) {
	for _, tc := range []struct {
		dir, home, want string
		owned           bool
	}{
		{"logs", "/home/nonroot", "logs", true},
		{"/app", "/home/nonroot", ".", true},
		{"/var/log/app", "/home/nonroot", "/var/log/app", true},
		{"/home/nonroot/logs", "/home/nonroot", "", false},
		{"/home/nonroot", "/home/nonroot", "", false},
		{"/home/nonroot/logs", "", "/home/nonroot/logs", true}, // another user's home, or none known
		{"/home/nonroot/logs", "/home/node", "/home/nonroot/logs", true},
		{"/home/node/logs", "/home/node", "", false},
		{"/home/nodes/logs", "/home/node", "/home/nodes/logs", true},
		{"/tmp/logs", "", "", false},
		{"/", "", "", false},
		{"D:/logs", "", "", false},
	} {
		if got, owned := OwnedDir(tc.dir, tc.home); got != tc.want || owned != tc.owned {
			t.Errorf("OwnedDir(%q, %q) = %q, %v, want %q, %v", tc.dir, tc.home, got, owned, tc.want, tc.owned)
		}
	}
}
