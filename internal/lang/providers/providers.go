// Package providers lists the language providers, in detection order, and picks one for a spec.
package providers

import (
	"fmt"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/golang"
	"github.com/org/multistage-frontend/internal/lang/java"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/internal/lang/python"
	"github.com/org/multistage-frontend/internal/lang/rust"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// All is every provider, in the order detection tries them. Adding a language means adding it here.
func All() []lang.Provider {
	return []lang.Provider{
		golang.Provider{},
		node.Provider{},
		python.Provider{},
		java.Provider{},
		rust.Provider{},
		static.Provider{},
	}
}

// fallback is implemented by providers that detection picks only when no other matches (a plain
// public/ directory is a static site, unless a package.json says a Node.js build makes it).
type fallback interface{ Fallback() bool }

func isFallback(p lang.Provider) bool {
	f, ok := p.(fallback)
	return ok && f.Fallback()
}

// Reads is every context file any provider may read: the frontend fetches exactly these.
func Reads(s *spec.Spec) []string {
	var out []string
	for _, p := range All() {
		if s.Language != "" && s.Language != p.Name() {
			continue
		}
		out = append(out, p.Reads()...)
		out = append(out, p.Markers()...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Read reads what planning the spec needs from the build context: the files of Reads, then what
// the provider they point at follows (lang.Follower). It returns the facts and every path read
// or asked for, which the dependency steps may copy from the context restricted to them.
func Read(s *spec.Spec, read lang.ReadFunc) (lang.Facts, []string, error) {
	first := Reads(s)
	var follower lang.Follower
	return lang.Gather(s, first, followerFunc(func(s *spec.Spec, f lang.Facts) []string {
		if follower == nil {
			p, err := For(s, f)
			if err != nil {
				return nil // planning reports it
			}
			if follower, _ = p.(lang.Follower); follower == nil {
				return nil
			}
		}
		return follower.Follow(s, f)
	}), read)
}

type followerFunc func(s *spec.Spec, f lang.Facts) []string

func (fn followerFunc) Follow(s *spec.Spec, f lang.Facts) []string { return fn(s, f) }

// Plan picks the provider for the spec (detecting the language if needed) and plans.
func Plan(s *spec.Spec, f lang.Facts) (*plan.Plan, error) {
	p, err := For(s, f)
	if err != nil {
		return nil, err
	}
	if s.Runtime == static.Alias && !servesSites(p) {
		return nil, lang.FieldError(s, "runtime", "remove `runtime: static`, or choose distroless, slim, alpine or an image",
			"`runtime: static` serves a static site, and a %s build makes a program", p.Name())
	}
	return p.Plan(s, f)
}

// siteServer is implemented by providers whose builds may make a static site (`runtime: static`).
type siteServer interface{ ServesSites() bool }

func servesSites(p lang.Provider) bool {
	s, ok := p.(siteServer)
	return ok && s.ServesSites()
}

// For returns the provider for the spec's language, detecting it from the context's files when
// the spec does not name one.
func For(s *spec.Spec, f lang.Facts) (lang.Provider, error) {
	if s.Language != "" {
		for _, p := range All() {
			if p.Name() == s.Language {
				return p, nil
			}
		}
		return nil, lang.FieldError(s, "language", "", "language %q is not implemented yet", s.Language)
	}
	var found []lang.Provider
	var why []string
	for _, p := range All() {
		for _, m := range p.Markers() {
			if f.Has(m) {
				found = append(found, p)
				why = append(why, fmt.Sprintf("%s (%s)", p.Name(), m))
				break
			}
		}
	}
	if len(found) > 1 {
		var firm []lang.Provider
		var firmWhy []string
		for i, p := range found {
			if !isFallback(p) {
				firm, firmWhy = append(firm, p), append(firmWhy, why[i])
			}
		}
		found, why = firm, firmWhy
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, lang.FieldError(s, "", "add e.g. `language: go`",
			"no `language` in the spec and none detected in the build context")
	}
	return nil, lang.FieldError(s, "", "add `language: "+found[0].Name()+"` (or another) to the spec",
		"no `language` in the spec and the build context looks like several: %s", strings.Join(why, ", "))
}
