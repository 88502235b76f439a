package deno

import (
	"context"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/graph/graphtest"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// FuzzDenoContextFiles: deno.json and .dvmrc come from the build context, so anyone who can send
// a context writes them. Whatever they hold, planning and converting to LLB ends in a plan or an
// error, never a panic; copies stay inside the context, the images are denoland/deno's of a
// whole release, and every word of the image's command line is a flag, a path or an argument
// the provider checked (no shell ever reads them).
func FuzzDenoContextFiles(f *testing.F) {
	f.Add(`{"tasks": {"start": "deno run --allow-net=0.0.0.0:8000 -E main.ts --port 1"}, "imports": {"x": "npm:x@1"}}`, "2.1.4\n")
	f.Add(`// c
{"tasks": {"start": {"command": "deno serve --port 3000 -A ./srv/app.ts"}}, "importMap": "../map.json", "exports": {".": "./mod.ts"},}`, "v2.9")
	f.Add(`{"tasks": {"start": "deno run main.ts; rm -rf /"}, "permissions": {"default": {}}}`, "")
	s, err := spec.Parse("Dockerfile", []byte("language: deno\n"))
	if err != nil {
		f.Fatal(err)
	}
	tag := regexp.MustCompile(`^denoland/deno:(distroless-)?[0-9]+\.[0-9]+\.[0-9]+$`)
	word := regexp.MustCompile(`^[A-Za-z0-9@._:/,=*+\[\]-]+$`)
	f.Fuzz(func(t *testing.T, config, dvmrc string) {
		facts := lang.Facts{"deno.json": []byte(config), ".dvmrc": []byte(dvmrc), "main.ts": nil}
		if m := (Provider{}).Follow(s, facts); len(m) > 0 {
			if err := lang.CheckContextName(m[0]); err != nil {
				t.Fatalf("follows %q: %v", m, err)
			}
		}
		p, err := provider.Plan(s, facts)
		if err != nil {
			return
		}
		for _, st := range p.Stages {
			for _, step := range st.Steps {
				if c, ok := step.(*plan.Copy); ok && c.FromStage == "" {
					for _, src := range slices.Concat(c.Paths, c.Include, []string{c.Dest}) {
						if clean := path.Clean(src); path.IsAbs(src) || clean == ".." || strings.HasPrefix(clean, "../") ||
							strings.ContainsAny(src, "\n\r\"' ") {
							t.Fatalf("%s copies %q -> %q: outside the context, or not a plain path", st.Name, c.Paths, c.Dest)
						}
					}
				}
			}
		}
		for _, img := range []string{p.Stage("deps").Base.Image, p.Stage("runtime").Base.Image} {
			if !tag.MatchString(img) {
				t.Fatalf("image %q", img)
			}
		}
		for _, w := range slices.Concat(p.Image.Entrypoint, p.Image.Cmd) {
			if !word.MatchString(w) {
				t.Fatalf("the image runs %q: %q is not a checked word", p.Image.Entrypoint, w)
			}
		}
		if _, err := graph.Build(context.Background(), p, graph.Options{TargetPlatform: graphtest.Amd64, BuildPlatform: graphtest.Amd64,
			Context: llb.Local("context"), Resolver: graphtest.Images{}}); err != nil {
			t.Fatalf("a plan that does not convert: %v", err)
		}
	})
}
