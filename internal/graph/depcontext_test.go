package graph_test

import (
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/spec"
)

// sourceOf is the local source a copy reads: its identifier and followed paths.
func sourceOf(t *testing.T, d decoded, o op) (name, follow string) {
	t.Helper()
	if len(o.Inputs) == 0 {
		t.Fatalf("%s has no inputs", o.Name)
	}
	// a copy's source is its last input (the first is the stage it copies onto)
	in := o.Inputs[len(o.Inputs)-1].Digest
	for _, x := range d.ops {
		if x.Digest == in && x.GetSource() != nil {
			return x.GetSource().Identifier, x.GetSource().Attrs["local.followpaths"]
		}
	}
	t.Fatalf("%s does not copy from a source op", o.Name)
	return "", ""
}

// Dependency files come from the restricted context the frontend read them from, so the
// dependency steps do not wait for the whole context; everything else from the whole context.
func TestDependencyFilesComeFromTheRestrictedContext(t *testing.T) {
	for _, c := range []struct {
		spec  string
		facts lang.Facts
		deps  string // the copy of dependency files
		src   string // the copy of the source
	}{
		{goSpec, goFacts, "[deps 2/3] COPY go.mod go.sum ./", "[builder 2/3] COPY . ./"},
		{"language: python\nentrypoint: greeter\n", lang.Facts{"requirements.txt": []byte("msf-greeting==1.0.0\n")},
			"[deps 3/5] COPY requirements.txt ./", "[app 2/4] COPY . ./"}, // the source compiled on the runtime image
		// a workspace's manifests, copied with their paths
		{"language: node\nworkspace: apps/web\n", lang.Facts{"package.json": []byte(`{"workspaces": ["apps/*"]}`),
			"package-lock.json": []byte("{}"), "apps/web/package.json": []byte(`{"name": "web", "main": "server.js", "dependencies": {"ms": "2"}}`),
			"apps/web/server.js": []byte("")},
			"[deps 2/3] COPY package.json package-lock.json apps/*/package.json ./", "[builder 2/2] COPY . ./"}, // no build, server.js in the source: no check
	} {
		s, err := spec.Parse("Dockerfile", []byte(c.spec))
		if err != nil {
			t.Fatal(err)
		}
		p, err := providers.Plan(s, c.facts)
		if err != nil {
			t.Fatal(err)
		}
		files := providers.Reads(s)
		for name := range c.facts {
			files = append(files, name) // followed files are read too
		}
		deps := llb.Local("context", llb.FollowPaths(files), llb.SharedKeyHint("facts"))
		d, _ := buildWith(t, s, p, "", amd64, func(o *graph.Options) { o.DepContext, o.DepFiles = &deps, files })
		if name, follow := sourceOf(t, d, d.named(t, c.deps)); name != "local://context" || follow == "" {
			t.Errorf("%s reads %s following %q, want the restricted context", c.deps, name, follow)
		}
		if name, follow := sourceOf(t, d, d.named(t, c.src)); name != "local://context" || follow != "" {
			t.Errorf("%s reads %s following %q, want the whole context", c.src, name, follow)
		}
	}
}
