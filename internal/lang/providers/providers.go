// Package providers lists the language providers, in detection order, and picks one for a spec.
package providers

import (
	"fmt"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/assets"
	"github.com/org/multistage-frontend/internal/lang/bun"
	"github.com/org/multistage-frontend/internal/lang/deno"
	"github.com/org/multistage-frontend/internal/lang/dotnet"
	"github.com/org/multistage-frontend/internal/lang/golang"
	"github.com/org/multistage-frontend/internal/lang/java"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/internal/lang/php"
	"github.com/org/multistage-frontend/internal/lang/procs"
	"github.com/org/multistage-frontend/internal/lang/python"
	"github.com/org/multistage-frontend/internal/lang/ruby"
	"github.com/org/multistage-frontend/internal/lang/rust"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// All is every provider, in the order detection tries them. Adding a language means adding it here.
func All() []lang.Provider {
	return []lang.Provider{
		lang.Skeleton(golang.Provider{}),
		lang.Skeleton(node.Provider{}),
		lang.Skeleton(bun.Provider{}),
		lang.Skeleton(deno.Provider{}),
		lang.Skeleton(python.Provider{}),
		lang.Skeleton(java.Provider{}),
		lang.Skeleton(rust.Provider{}),
		lang.Skeleton(php.Provider{}),
		lang.Skeleton(ruby.Provider{}),
		lang.Skeleton(dotnet.Provider{}),
		static.Provider{},
	}
}

// Languages is what the registry knows of every provider, in detection order: it feeds
// detection, spec validation and the schema (spec/vocabulary.go is generated from it), and lint.
func Languages() []lang.Language {
	var out []lang.Language
	for _, p := range All() {
		out = append(out, lang.Describe(p))
	}
	return out
}

// RuntimeAliases are the runtime aliases of every language, in the order they first appear.
func RuntimeAliases() []string {
	var out []string
	for _, l := range Languages() {
		out = lang.AppendNew(out, l.Runtimes...)
	}
	return out
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
	out = append(out, assets.Reads(s)...)
	out = append(out, procs.Reads...)
	slices.Sort(out)
	return slices.Compact(out)
}

// Read reads what planning the spec needs from the build context: the files of Reads and what the
// spec's language will likely follow (lang.Language.Likely), then what the provider they point at
// follows (lang.Follower). It returns the facts and every path read or asked for, which the
// dependency steps may copy from the context restricted to them.
func Read(s *spec.Spec, read lang.ReadFunc) (lang.Facts, []string, error) {
	return readFrom(s, slices.Compact(slices.Sorted(slices.Values(slices.Concat(Reads(s), likely(s))))), read)
}

// likely are the files the spec's language will likely follow; none when it is detected.
func likely(s *spec.Spec) []string {
	for _, p := range All() {
		if l := lang.Describe(p); l.Name == s.Language && l.Likely != nil {
			return l.Likely(s)
		}
	}
	return nil
}

// readFrom reads first, then what the provider follows.
func readFrom(s *spec.Spec, first []string, read lang.ReadFunc) (lang.Facts, []string, error) {
	var prov lang.Provider // detected from the first files read, and kept
	return lang.Gather(s, first, followerFunc(func(s *spec.Spec, f lang.Facts) []string {
		if prov == nil {
			p, err := For(s, f)
			if err != nil {
				return nil // planning reports it
			}
			prov = p
		}
		var out []string
		if follower, ok := prov.(lang.Follower); ok {
			out = follower.Follow(s, f)
		}
		sa := withDefaultAssets(s, prov, f)
		if sa != s {
			out = append(out, assets.Reads(sa)...) // the default assets' lockfile and settings
		}
		out = append(out, procs.Follow(s, f)...)    // the Makefile a Procfile's `make` command runs
		return append(out, assets.Follow(sa, f)...) // the manifests of a workspace the assets are a package of
	}), read)
}

// withDefaultAssets is the spec with the assets the provider's framework builds by convention
// (lang.Language.Assets) when the spec names none; else the spec itself.
func withDefaultAssets(s *spec.Spec, p lang.Provider, f lang.Facts) *spec.Spec {
	l := lang.Describe(p)
	if s.Assets != nil || l.Assets == nil {
		return s
	}
	a := l.Assets(s, f)
	if a == nil {
		return s
	}
	sa := *s
	sa.Assets = a
	return &sa
}

type followerFunc func(s *spec.Spec, f lang.Facts) []string

func (fn followerFunc) Follow(s *spec.Spec, f lang.Facts) []string { return fn(s, f) }

// PlanDir reads the files planning asks for from the directory dir (Read), as the frontend reads
// them from the build context (without what its .dockerignore leaves out), and plans s: the
// CLI's planning.
func PlanDir(s *spec.Spec, dir string) (*plan.Plan, error) {
	read, err := lang.ContextReader(dir)
	if err != nil {
		return nil, err
	}
	f, _, err := Read(s, read)
	if err != nil {
		return nil, err
	}
	return Plan(s, f)
}

// Plan picks the provider for the spec (detecting the language if needed) and plans.
func Plan(s *spec.Spec, f lang.Facts) (*plan.Plan, error) {
	p, err := For(s, f)
	if err != nil {
		return nil, err
	}
	if s.Runtime == static.Alias && !lang.Describe(p).ServesSites {
		return nil, lang.FieldError(s, "runtime", "remove `runtime: static`, or choose distroless, slim, alpine or an image",
			"`runtime: static` serves a static site, and a %s build makes a program", p.Name())
	}
	if field, owner := s.ForeignField(p.Name()); field != "" { // a detected language; spec validation checks a written one
		first, _, _ := strings.Cut(owner, " and ")
		first, _, _ = strings.Cut(first, ", ") // "node, bun, deno and python": node
		fix := "remove it, or set `language: " + first + "`"
		return nil, lang.FieldError(s, field, fix,
			"`%s` is a %s field, and the build context is %s", field, owner, p.Name())
	}
	pl, err := p.Plan(s, f)
	if err != nil {
		return nil, err
	}
	if err := runtimeOf(s, p); err != nil {
		return nil, err
	}
	if err := assets.Add(withDefaultAssets(s, p, f), f, pl); err != nil {
		return nil, err
	}
	if err := procs.Add(s, f, pl); err != nil {
		return nil, err
	}
	return pl, nil
}

// runtimeOf refuses a runtime alias that only other languages have (`runtime: frankenphp` in a
// Go spec), which the provider, planning without an error, took for an image of that name. A
// provider that refuses the alias itself says why in its own words first; scratch and static
// are each provider's to accept or refuse.
func runtimeOf(s *spec.Spec, p lang.Provider) error {
	l := lang.Describe(p)
	r := s.Runtime
	if r == "" || r == "scratch" || r == static.Alias || slices.Contains(l.Runtimes, r) || !slices.Contains(RuntimeAliases(), r) {
		return nil
	}
	var owners []string
	for _, o := range Languages() {
		if slices.Contains(o.Runtimes, r) {
			owners = append(owners, o.Name)
		}
	}
	return lang.FieldError(s, "runtime", "choose one of "+strings.Join(l.Runtimes, ", ")+", or an image reference",
		"`runtime: %s` is a runtime of %s, not of %s", r, strings.Join(owners, ", "), l.Name)
}

// For returns the provider for the spec's language, detecting it from the context's files when
// the spec does not name one: a language matches by one of its markers or its Detect; one that
// another match supersedes (Node.js when Bun's lockfile is there), and fallbacks and tooling
// (a documentation site's pyproject.toml beside a package.json) when anything else matches, drop
// out.
func For(s *spec.Spec, f lang.Facts) (lang.Provider, error) {
	all := All()
	if s.Language != "" {
		for _, p := range all {
			if p.Name() == s.Language {
				return p, nil
			}
		}
		return nil, lang.FieldError(s, "language", "", "language %q is not implemented yet", s.Language)
	}
	type match struct {
		p   lang.Provider
		l   lang.Language
		why string
		// tooling: the files serve another language's project (Language.Tooling)
		tooling bool
	}
	var found []match
	for _, p := range all {
		l := lang.Describe(p)
		why := ""
		for _, m := range l.Markers {
			if f.Has(m) {
				why = m
				break
			}
		}
		if why == "" && l.Detect != nil {
			why = l.Detect(f)
		}
		if why != "" {
			found = append(found, match{p, l, why, l.Tooling != nil && l.Tooling(f) != ""})
		}
	}
	drop := func(out func(m match) bool) {
		if kept := slices.DeleteFunc(slices.Clone(found), out); len(kept) > 0 {
			found = kept
		}
	}
	drop(func(m match) bool {
		return slices.ContainsFunc(found, func(o match) bool { return !o.tooling && slices.Contains(o.l.Supersedes, m.l.Name) })
	})
	drop(func(m match) bool { return m.l.Fallback || m.tooling })
	switch len(found) {
	case 1:
		return found[0].p, nil
	case 0:
		return nil, lang.FieldError(s, "", "add e.g. `language: go`",
			"no `language` in the spec and none detected in the build context")
	}
	var why []string
	for _, m := range found {
		why = append(why, fmt.Sprintf("%s (%s)", m.l.Name, m.why))
	}
	return nil, lang.FieldError(s, "", "add `language: "+found[0].l.Name+"` (or another) to the spec",
		"no `language` in the spec and the build context looks like several: %s", strings.Join(why, ", "))
}
