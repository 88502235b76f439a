package node

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// What a Prisma project's stages add (prisma.go finds the schema and the generators):
//   - deps generates the client from the schema and the config, copied with their paths and
//     nothing else of the source: before the install when an install script runs `prisma
//     generate` itself (a postinstall, as Prisma's docs advise), else after it, followed by
//     `prisma generate`, so that a schema change does not reinstall the dependencies;
//   - the builder's source copy leaves out the generators' outputs in the source tree (a
//     developer's copy, maybe stale), so the build compiles the client deps generated;
//   - prod-deps copies the outputs in node_modules (node_modules/.prisma/client) from deps
//     after the prune: yarn reinstalls packages, and @prisma/client's own postinstall would
//     write a placeholder client there without the CLI, a dev dependency;
//   - with npm, prod-deps also removes that CLI, which `npm prune --omit=dev` keeps: it is an
//     optional peer dependency of @prisma/client, so npm's lockfile marks it devOptional, and
//     only --omit=optional would drop it (and every optional dependency with it). With its
//     dependencies it is most of the tree (Prisma 7.10: 230 of 310 MB).

// prismaCache is where the Prisma CLI keeps the engines it downloads (binaries.prisma.sh).
const prismaCache = "/root/.cache/prisma"

// generates: deps can generate the client (a schema, and the CLI or a script that runs it).
func (p *prismaSetup) generates() bool {
	return p != nil && len(p.schema) > 0 && (p.cli || p.onInstall != "")
}

// files are what `prisma generate` reads of the context: the config, then the schema.
func (p *prismaSetup) files() []string {
	var out []string
	if p.config != "" {
		out = append(out, p.config)
	}
	return append(out, p.schema...)
}

// cmdEnv is what the command that generates needs: the variables the config reads with env(),
// which Prisma's env() refuses when unset although generating connects to no database, set to
// a placeholder (build.env, set after, replaces it).
func (p *prismaSetup) cmdEnv() []plan.Env {
	var out []plan.Env
	for _, name := range p.env {
		out = append(out, plan.Env{Key: name, Value: "unused-by-prisma-generate"})
	}
	return out
}

func (p *prismaSetup) caches() []lang.Cache {
	return []lang.Cache{{ID: "prisma", Target: prismaCache, Sharing: lang.Shared}}
}

// generateSteps copy the schema and the config after the install, and run `prisma generate`.
func (p *prismaSetup) generateSteps(field string, m manager) []plan.Step {
	files := p.files()
	cp := &plan.Copy{Origin: plan.Origin{Field: field}, Paths: files, Dest: "./"}
	if slices.ContainsFunc(files, func(f string) bool { return strings.Contains(f, "/") }) {
		cp = &plan.Copy{Origin: plan.Origin{Field: field}, Paths: []string{"."}, Include: files, Dest: "./",
			Display: strings.Join(files, " ")}
	}
	gen := &lang.Cmd{Args: []string{"node_modules/.bin/prisma", "generate"}, Display: "prisma generate",
		Env: p.cmdEnv(), Caches: p.caches()}
	if p.pkg != nil && p.pkg.dir != "" { // in the workspace package's directory
		gen.Args, gen.Display = p.wsGenerate(m), ""
	}
	if p.schemaArg != "" { // where the project's own generate finds it (ranScriptSchema)
		gen.Args = append(gen.Args, "--schema", p.schemaArg)
		if gen.Display != "" {
			gen.Display += " --schema " + p.schemaArg
		}
	}
	return []plan.Step{cp, gen}
}

// dropCLI removes the Prisma CLI npm's prune keeps when package.json has it as a dev dependency
// only: `npm uninstall --no-save` leaves package.json and the lockfile as they are, and with
// --omit=dev installs no dev dependency back.
// In a workspace, the package that lists it is named (--workspace packages/db).
func (p *prismaSetup) dropCLI(k kind, caches []lang.Cache) []plan.Step {
	if p == nil || !p.devCLI || k != npm {
		return nil
	}
	args := []string{"npm", "uninstall", "--no-save", "--omit=dev", "--ignore-scripts", "prisma"}
	if p.pkg != nil && p.pkg.dir != "" {
		args = append(args, "--workspace", p.pkg.dir)
	}
	return []plan.Step{&lang.Cmd{Args: args, Caches: caches}}
}

// pnpmUnpeer is the command that keeps pnpm's production install from installing the CLI
// when it is a dev dependency only: pnpm's lockfile records it, the optional peer of
// @prisma/client that the dev dependency resolved, among the optionalDependencies of
// @prisma/client's snapshot, which `pnpm prune --prod` and `pnpm install --prod` both install
// (Prisma 7.10: node_modules 292 MB with it, 79 MB without). prod-deps' copy of the lockfile
// loses that line; the snapshot's name, so the store directory the client was generated in,
// stays. Only --no-optional would drop it otherwise, with every optional dependency (esbuild's
// or sharp's platform binaries).
const pnpmUnpeer = `sed -i "/^snapshots:/,\${/^  '@prisma\/client@.*':\$/,/^\$/{/^      prisma: /d}}" pnpm-lock.yaml`

// beforeProdInstall are the commands prod-deps runs before its install, in the same shell:
// pnpmUnpeer when the CLI is a dev dependency of a pnpm project with a lockfile; then prismaStub
// first on the PATH when a package's install script runs `prisma generate` and the install runs
// it again (pnpm's filtered install in a workspace, yarn's focus and install; not npm's prune
// or pnpm's prune of a single package). ws: the build is a workspace package's.
func (p *prismaSetup) beforeProdInstall(m manager, ws bool) []string {
	if p == nil {
		return nil
	}
	var out []string
	if p.devCLI && m.kind == pnpm && m.lockfile != "" {
		out = append(out, pnpmUnpeer)
	}
	if p.generates() && p.onInstall != "" && m.kind != npm && (m.kind != pnpm || ws) {
		out = append(out, "mkdir -p "+prismaStub+" && ln -sf /bin/true "+prismaStub+"/prisma && export PATH="+prismaStub+":$PATH")
	}
	return out
}

// sourceOutputs are the client's outputs in the source tree, which the builder's copy leaves out.
func (p *prismaSetup) sourceOutputs() []string {
	if !p.generates() {
		return nil
	}
	var out []string
	for _, o := range p.outputs {
		if !o.inNodeModules() {
			out = append(out, o.dir)
		}
	}
	return lang.Unique(out)
}

// keepOutputs copy the client's outputs in node_modules from deps into prod-deps. pnpm writes
// the default one beside @prisma/client in its store (node_modules/.pnpm/...), which its prune
// keeps: none is copied then.
func (p *prismaSetup) keepOutputs(appDir string, w *wsBuild, k kind, field string) []plan.Step {
	if !p.generates() {
		return nil
	}
	if p.pkg != nil { // a workspace: where the client lands depends on the package manager (prisma_workspace.go)
		keep := p.wsKeep(w, k)
		if len(keep) == 0 {
			return nil
		}
		var include []string
		for _, k := range keep {
			include = append(include, strings.TrimPrefix(path.Join(appDir, k), "/"))
		}
		return []plan.Step{&plan.Copy{Origin: plan.Origin{Field: field}, FromStage: "deps", Paths: []string{"/"},
			Include: include, Dest: "/", Display: "/" + strings.Join(include, " /")}}
	}
	var dirs []string
	for _, o := range p.outputs {
		if o.inNodeModules() && !(k == pnpm && o.dir == defaultPrismaOutput) {
			dirs = append(dirs, o.dir)
		}
	}
	var out []plan.Step
	for _, d := range lang.Unique(dirs) {
		out = append(out, &plan.Copy{Origin: plan.Origin{Field: field}, FromStage: "deps",
			Paths: []string{path.Join(appDir, d)}, Dest: path.Join(appDir, d) + "/"})
	}
	return out
}
