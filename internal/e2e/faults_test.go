package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestFaultsNameTheSpecLineAndLoseNothing: a missing base image, a registry that refuses, a
// failing dependency download and a .dockerignore that leaves out go.mod each fail with a message
// naming the image, step or file and showing the spec line that asked for it; the next good build
// still succeeds from the cache.
func TestFaultsNameTheSpecLineAndLoseNothing(t *testing.T) {
	need(t)
	example := filepath.Join(repoRoot(t), "examples", "go")
	for _, tc := range []struct {
		name, spec string
		edit       func(dir string)
		want       []string
	}{
		{
			name: "missing base image",
			spec: "# syntax=org/multistage-frontend\nlanguage: go\nentrypoint: ./cmd/server\nruntime: gcr.io/distroless/nosuch-debian12:nonroot\n",
			want: []string{"gcr.io/distroless/nosuch-debian12:nonroot", "not found", "4 | >>> runtime: gcr.io/distroless/nosuch-debian12:nonroot"},
		},
		{
			name: "registry refuses",
			spec: "# syntax=org/multistage-frontend\nlanguage: go\nentrypoint: ./cmd/server\nbuild:\n  image: 127.0.0.1:5999/golang:1.26\n",
			want: []string{"127.0.0.1:5999/golang:1.26", "connection refused", "5 | >>>   image: 127.0.0.1:5999/golang:1.26"},
		},
		{
			name: "dependency download fails",
			spec: "# syntax=org/multistage-frontend\nlanguage: go\nentrypoint: ./cmd/server\n",
			edit: func(dir string) {
				writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/hello\n\ngo 1.26\n\nrequire (\n\tgithub.com/google/uuid v1.6.0\n\texample.com/does-not-exist v1.0.0\n)\n")
			},
			want: []string{"[deps 3/3] RUN go mod download", "example.com/does-not-exist", "2 | >>> language: go"},
		},
		{
			// a .dockerignore written for a Dockerfile that copies a binary built elsewhere
			name: "dockerignore leaves out go.mod",
			spec: "# syntax=org/multistage-frontend\nlanguage: go\nentrypoint: ./cmd/server\n",
			edit: func(dir string) { writeFile(t, filepath.Join(dir, ".dockerignore"), "*\n!server-linux-*\n") },
			want: []string{"no go.mod in the build context's root", "the build context's .dockerignore leaves out go.mod, go.work", "3 | >>> entrypoint: ./cmd/server"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDir(t, example)
			writeFile(t, filepath.Join(dir, "Dockerfile"), tc.spec)
			if tc.edit != nil {
				tc.edit(dir)
			}
			r := buildctl(t, dir).mustFail(t, tc.name)
			for _, w := range tc.want {
				if !strings.Contains(r.out, w) {
					t.Errorf("the failure does not say %q:\n%s", w, tail(r.out, 25))
				}
			}
		})
	}
	r := buildctl(t, example).mustSucceed(t, "a good build after the failures")
	for name, v := range vertices(r.out) {
		if strings.HasPrefix(name, "[deps") && v.ran() {
			t.Errorf("%q ran again: the failures cost the cache", name)
		}
	}
}
