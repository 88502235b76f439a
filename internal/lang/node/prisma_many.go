package node

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// prismas are the Prisma clients a build generates: a single package's, or in a workspace
// every package's of the selected package's closure that can generate one (packages/db and
// packages/analytics, each with its schema and its generator's own output), in build order.
// Each is generated as it would be alone (prisma_stages.go); what the stages run once (the
// install, the prune, the CLI's removal) is their union.
type prismas []*prismaSetup

// generates: deps generates at least one client.
func (ps prismas) generates() bool { return slices.ContainsFunc(ps, (*prismaSetup).generates) }

// onInstall are the clients whose package's install script generates them: their files must be
// in deps before the install. afterInstall are the others deps generates, each by a step of its own.
func (ps prismas) onInstall() prismas {
	return slices.DeleteFunc(slices.Clone(ps), func(p *prismaSetup) bool { return !p.generates() || p.onInstall == "" })
}

func (ps prismas) afterInstall() prismas {
	return slices.DeleteFunc(slices.Clone(ps), func(p *prismaSetup) bool { return !p.generates() || p.onInstall != "" })
}

// files are what generating reads of the context, cmdEnv the variables it needs, and caches
// Prisma's engine cache, once.
func (ps prismas) files() []string { return collect(ps, (*prismaSetup).files) }

func (ps prismas) cmdEnv() []plan.Env {
	var out []plan.Env
	for _, p := range ps {
		for _, e := range p.cmdEnv() {
			if !slices.ContainsFunc(out, func(o plan.Env) bool { return o.Key == e.Key }) {
				out = append(out, e)
			}
		}
	}
	return out
}

func (ps prismas) caches() []lang.Cache {
	if len(ps) == 0 {
		return nil
	}
	return ps[0].caches()
}

func (ps prismas) generateSteps(field string, m manager) []plan.Step {
	var out []plan.Step
	for _, p := range ps {
		out = append(out, p.generateSteps(field, m)...)
	}
	return out
}

func (ps prismas) sourceOutputs() []string { return collect(ps, (*prismaSetup).sourceOutputs) }

func (ps prismas) beforeProdInstall(m manager, ws bool) []string {
	return collect(ps, func(p *prismaSetup) []string { return p.beforeProdInstall(m, ws) })
}

// dropCLI is one `npm uninstall` of the CLI, naming every workspace package that lists it.
func (ps prismas) dropCLI(k kind, caches []lang.Cache) []plan.Step {
	var out *lang.Cmd
	for _, p := range ps {
		for _, s := range p.dropCLI(k, caches) {
			c := s.(*lang.Cmd)
			if out == nil {
				out = c
			} else if p.pkg != nil && p.pkg.dir != "" {
				out.Args = append(out.Args, "--workspace", p.pkg.dir)
			}
		}
	}
	if out == nil {
		return nil
	}
	return []plan.Step{out}
}

// keepOutputs are the copies of every client from deps, each once.
func (ps prismas) keepOutputs(appDir string, w *wsBuild, k kind, field string) []plan.Step {
	var out []plan.Step
	var seen []string
	for _, p := range ps {
		for _, s := range p.keepOutputs(appDir, w, k, field) {
			c := s.(*plan.Copy)
			key := strings.Join(c.Paths, " ") + " " + strings.Join(c.Include, " ")
			if !slices.Contains(seen, key) {
				seen = append(seen, key)
				out = append(out, s)
			}
		}
	}
	return out
}

// collect is the union of what f gives for each setup, in order, each once.
func collect(ps prismas, f func(*prismaSetup) []string) []string {
	var all []string
	for _, p := range ps {
		all = append(all, f(p)...)
	}
	return lang.Unique(all)
}
