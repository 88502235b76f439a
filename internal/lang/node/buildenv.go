package node

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A bundler bakes some variables into what it writes: Vite replaces `import.meta.env.VITE_*`
// with their values at build time, Create React App `process.env.REACT_APP_*`, Next.js
// `process.env.NEXT_PUBLIC_*` (on the server's code too). A project lists
// them in a sample (.env.example) that a developer copies to a .env the repository leaves out,
// so the image's build runs without them and succeeds, and the site fails in the browser
// (bulletproof-react's Vite app throws "Invalid env provided" at load: a blank page). Planning
// warns (BuildEnvMissing) when a package whose build runs such a bundler has a sample listing
// variables of its prefix, the context holds none of the .env files the build loads (probed:
// their contents, which may be secrets, are not read), and build.env does not set them. The
// sample's values are not taken by default: they are often placeholders.

// envSamples are the samples of a .env, in the order they are looked at: .env.local.example is
// Next.js's examples' (`cp .env.local.example .env.local`, chatbot-ui's NEXT_PUBLIC_SUPABASE_URL).
var envSamples = []string{".env.example", ".env.sample", ".env.template", ".env.dist", ".env.production.example", ".env.local.example"}

// buildEnvFiles are the .env files Vite and Create React App load in a production build.
var buildEnvFiles = []string{".env", ".env.local", ".env.production", ".env.production.local"}

// envProbes are the probes of the .env files the build loads, in the package at dir: whether
// they are there, not what they hold (lang.Probe). The samples are among siteReads.
func envProbes(dir string) []string {
	var out []string
	for _, f := range buildEnvFiles {
		out = append(out, lang.Probe(path.Join(dir, f)))
	}
	return out
}

// bakedEnv are the bundlers that bake variables of a prefix in, by the dependency marking them.
var bakedEnv = []struct{ dep, prefix, how string }{
	{"vite", "VITE_", "Vite builds into the code as import.meta.env"},
	{"react-scripts", "REACT_APP_", "Create React App builds into the code as process.env"},
	{"next", "NEXT_PUBLIC_", "Next.js inlines into the code as process.env when it builds"},
}

// envKey is a variable a .env line sets (`KEY=value`, `export KEY=value`).
var envKey = regexp.MustCompile(`(?m)^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*)$`)

// buildEnvNotes warn (BuildEnvMissing) of the variables a sample lists that the build bakes in
// and nothing sets.
func buildEnvNotes(s *spec.Spec, p pkg) []plan.Note {
	if !p.hasBuild {
		return nil
	}
	for _, f := range buildEnvFiles {
		if p.has(f) || p.f.HasDir(p.path(f)) {
			return nil // the build loads it: what it sets is the project's
		}
	}
	for _, b := range bakedEnv {
		if !p.m.Deps[b.dep] {
			continue
		}
		for _, sample := range envSamples {
			var vars, sets []string
			for _, m := range envKey.FindAllStringSubmatch(p.text(sample), -1) {
				if _, set := s.Build.Env.Get(m[1]); !strings.HasPrefix(m[1], b.prefix) || set || slices.Contains(vars, m[1]) {
					continue
				}
				vars = append(vars, m[1])
				if v := strings.Trim(strings.TrimSpace(m[2]), `"'`); v != "" && len(sets) < 3 {
					sets = append(sets, m[1]+": "+yamlScalar(v))
				} else if len(sets) < 3 {
					sets = append(sets, m[1]+": ...")
				}
			}
			if len(vars) == 0 {
				continue
			}
			fix := "`build: {env: {" + strings.Join(sets, ", ")
			if len(vars) > len(sets) {
				fix += ", ..."
			}
			fix += "}}`"
			return append([]plan.Note(nil), rules.BuildEnvMissing.Note(lang.FirstField(s, "build", "language"),
				rules.BuildEnvMissing.Format(p.path(sample), strings.Join(vars, ", "), b.how, fix)))
		}
	}
	return nil
}
