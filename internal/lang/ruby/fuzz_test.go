package ruby

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

// FuzzRubyContextFiles: the Gemfile, Gemfile.lock and .ruby-version come from the build
// context, so anyone who can send a context writes them. Whatever they hold, planning and
// converting to LLB ends in a plan or an error, never a panic; copies stay inside the context,
// and the images are ruby:<version> and ruby:<version>-slim.
func FuzzRubyContextFiles(f *testing.F) {
	f.Add("source \"https://rubygems.org\"\nruby \"~> 3.2\"\ngem \"rails\"\ngemspec\n",
		"PATH\n  remote: engines/x\n  specs:\n    x (1.0)\n\nGEM\n  specs:\n    railties (7.1.5)\n    pg (1.5.9)\n\nRUBY VERSION\n   ruby 3.3.6p108\n", "3.3.6\n")
	f.Add("ruby file: \".ruby-version\"\n", "GIT\n  remote: https://x/y.git\n  specs:\n    y (0.1-x86_64-linux)\n", "ruby-3.1")
	f.Add("gem 'puma'\n", "PATH\n  remote: ../outside\n", "")
	s, err := spec.Parse("Dockerfile", []byte("language: ruby\n"))
	if err != nil {
		f.Fatal(err)
	}
	tag := regexp.MustCompile(`^ruby:[0-9]+\.[0-9]+(\.[0-9]+)?(-slim)?$`)
	f.Fuzz(func(t *testing.T, gemfile, lock, rubyVersion string) {
		facts := lang.Facts{"Gemfile": []byte(gemfile), "Gemfile.lock": []byte(lock), ".ruby-version": []byte(rubyVersion), "config.ru": nil}
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
							t.Fatalf("%s copies %q (include %q) -> %q: outside the context, or not a plain path", st.Name, c.Paths, c.Include, c.Dest)
						}
					}
				}
			}
		}
		for _, img := range []string{p.Stage("deps").Base.Image, p.Stage("runtime-base").Base.Image} {
			if !tag.MatchString(img) {
				t.Fatalf("image %q", img)
			}
		}
		if _, err := graph.Build(context.Background(), p, graph.Options{TargetPlatform: graphtest.Amd64, BuildPlatform: graphtest.Amd64,
			Context: llb.Local("context"), Resolver: graphtest.Images{}}); err != nil {
			t.Fatalf("a plan that does not convert: %v", err)
		}
	})
}
