package node

// Prisma in a workspace: the schema sits in a package of its own (packages/db, "@acme/db", with
// prisma/schema.prisma, maybe prisma.config.ts, and a postinstall or db:generate script running
// `prisma generate`) that the selected app depends on ("@acme/db": "workspace:*"). The package
// is found in the selected package's closure; its schema and config are copied into deps with
// their paths, and `prisma generate` runs in its directory. Where the client lands depends on
// the package manager: `prisma-client-js` writes beside the @prisma/client the package resolves,
// which npm and yarn hoist to the root's node_modules and pnpm keeps in its virtual store
// (node_modules/.pnpm/@prisma+client@<version>_<peers>/node_modules/.prisma/client).

import (
	"path"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// prismaStub is a directory on the PATH of prod-deps' install holding a `prisma` that does
// nothing: pnpm's filtered install and yarn's run the workspace packages' install scripts
// again, and a `postinstall: prisma generate` fails there (exit 127) once the CLI, a dev
// dependency, is gone. deps generated the client; prod-deps copies it back after.
const prismaStub = "/tmp/prisma-stub"

// prismaFollow are the Prisma files to read in the packages of the selected package's closure
// that use Prisma.
func prismaFollow(s *spec.Spec, f lang.Facts) []string {
	return closureFollow(s, f, func(p *wsPackage) []string { return prismaReads(f.In(p.dir), p.m) })
}

// closureFollow are the files reads names (relative to each package) in every package of the
// selected package's build closure (followed as npm links them, a superset of pnpm's
// workspace: ranges).
func closureFollow(s *spec.Spec, f lang.Facts, reads func(p *wsPackage) []string) []string {
	ws, err := readWorkspace(f)
	if err != nil || ws == nil || s.Workspace == "" {
		return nil
	}
	sel := ws.find(s.Workspace)
	if sel == nil {
		return nil
	}
	var out []string
	for _, p := range ws.closure(sel, npm, false) {
		for _, r := range reads(p) {
			out = append(out, path.Join(p.dir, r))
		}
	}
	return out
}

// readPrisma finds the packages of the closure whose clients deps generates: every one, in
// build order, that can generate one (a schema, and the CLI or an install script that runs
// it), else the root when it can (plunk's prisma/schema.prisma beside the root's `generate:
// prisma generate`, its packages/api importing @prisma/client with no schema of its own: the
// filtered install installs the root too), else the first that uses Prisma (for its
// warnings); none when none does. Their paths are made relative to the root. The CLI is
// dropped from the image only when no package the image holds lists it among its dependencies.
func (w *wsBuild) readPrisma(f lang.Facts, root manifest) (prismas, []plan.Note) {
	var found, first prismas
	var notes, firstNotes []plan.Note
	for _, p := range w.build {
		ps, n := readPrisma(f.In(p.dir), p.m, p.dir)
		switch {
		case ps == nil:
		case ps.generates():
			found, notes = append(found, ps.in(p)), append(notes, n...)
		case first == nil:
			first, firstNotes = prismas{ps.in(p)}, n
		}
	}
	if found == nil {
		if ps, n := readPrisma(f, root, ""); ps.generates() {
			found, notes = prismas{ps.in(&wsPackage{m: root})}, n
		}
	}
	if found == nil {
		found, notes = first, firstNotes
	}
	for _, ps := range found {
		for _, p := range w.prod {
			ps.devCLI = ps.devCLI && !p.m.Prod["prisma"]
		}
	}
	return found, notes
}

// in makes the setup's paths relative to the root, for the package p.
func (ps *prismaSetup) in(p *wsPackage) *prismaSetup {
	ps.pkg = p
	if ps.config != "" {
		ps.config = path.Join(p.dir, ps.config)
	}
	for i := range ps.schema {
		ps.schema[i] = path.Join(p.dir, ps.schema[i])
	}
	for i := range ps.outputs {
		ps.outputs[i].dir = path.Join(p.dir, ps.outputs[i].dir)
	}
	return ps
}

// wsGenerate is `prisma generate` in the package's directory, as its package manager runs a
// dependency's binary there (the CLI is in the package's node_modules/.bin, or hoisted).
func (ps *prismaSetup) wsGenerate(m manager) []string {
	p := ps.pkg
	switch m.kind {
	case pnpm:
		return []string{"pnpm", "--filter", p.m.Name, "exec", "prisma", "generate"}
	case yarnBerry:
		return []string{"yarn", "workspace", p.m.Name, "exec", "prisma", "generate"}
	case yarnClassic:
		return []string{"yarn", "workspace", p.m.Name, "prisma", "generate"}
	}
	return []string{"npm", "exec", "--workspace", p.dir, "--", "prisma", "generate"}
}

// wsKeep are the patterns, relative to the app directory, of the clients prod-deps copies from
// deps: prisma-client-js's beside every @prisma/client pnpm's store holds, else in the root's
// node_modules and those of the packages the image holds (where npm and yarn may nest
// @prisma/client); an output a generator names under a node_modules, as it is.
func (ps *prismaSetup) wsKeep(w *wsBuild, k kind) []string {
	var out []string
	for _, o := range ps.outputs {
		switch {
		case !o.inNodeModules():
		case o.dir != path.Join(ps.pkg.dir, defaultPrismaOutput):
			out = append(out, o.dir)
		case k == pnpm:
			out = append(out, "node_modules/.pnpm/@prisma+client@*/node_modules/.prisma/client")
		default:
			out = append(out, defaultPrismaOutput)
			for _, p := range w.prod {
				out = append(out, path.Join(p.dir, defaultPrismaOutput))
			}
		}
	}
	return lang.Unique(out)
}
