package static

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// Provider serves a directory of the build context as it is: `language: static`, detected by
// public/index.html when nothing else is (a Node.js project with a public/ directory is Node).
type Provider struct{}

// Name is the spec's language value.
func (Provider) Name() string { return "static" }

// Markers mark a plain static site.
func (Provider) Markers() []string { return []string{"public/index.html"} }

// Reads: nothing besides the marker; the files are copied, never read.
func (Provider) Reads() []string { return nil }

// Fallback: detected only when no other language is.
func (Provider) Fallback() bool { return true }

// ServesSites: a static site is all it makes.
func (Provider) ServesSites() bool { return true }

// plainDir is a directory named exactly: no glob that would copy several.
var plainDir = regexp.MustCompile(spec.PlainPathPattern)

// defaultDir is the directory served when the spec names none.
const defaultDir = "public"

// contextExcludes never reach the site when it is the build context's root (`entrypoint: .`).
var contextExcludes = []string{".git", ".gitignore", ".dockerignore", "Dockerfile", "*.Dockerfile", "Dockerfile.*"}

// Plan serves `entrypoint` (default public/) with nothing built: one runtime stage.
func (Provider) Plan(s *spec.Spec, _ lang.Facts) (*plan.Plan, error) {
	for _, field := range []string{"test", "build", "version"} {
		if s.Has(field) {
			return nil, lang.FieldError(s, field, "remove it, or set the language that builds the site (e.g. `language: node`)",
				"`language: static` serves files as they are: there is nothing to build, test or version")
		}
	}
	dir := cmp.Or(strings.TrimSpace(s.Entrypoint), defaultDir)
	rel, ok := lang.CleanRelPath(dir)
	if !ok || !plainDir.MatchString(dir) {
		return nil, lang.FieldError(s, "entrypoint", "write the directory to serve, relative to the build context, e.g. public",
			"%q is not a directory inside the build context", s.Entrypoint)
	}
	site := Site{Tool: "static files", Dir: rel, SPA: true}
	if rel == "." {
		site.Exclude = contextExcludes
		if s.File != "" && !slices.Contains(contextExcludes, s.File) {
			site.Exclude = slices.Concat(contextExcludes, []string{s.File})
		}
	}
	rt, err := site.Runtime(s)
	if err != nil {
		return nil, err
	}
	image, alias := rt.RuntimeImage(s)
	packages, err := lang.RuntimePackages(s, image, alias)
	if err != nil {
		return nil, err
	}
	rt.Setup = append(packages, rt.Setup...)
	rt.Title = "site"
	p := &plan.Plan{Language: "static", Default: "runtime"}
	lang.Args(p, s, nil)
	return rt.Finish(s, p)
}
