package node

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// runtimeExcludes are never copied into the image when the whole tree is: dependencies come from
// prod-deps, and package manager settings may hold registry tokens.
var runtimeExcludes = []string{"**/node_modules", ".git", ".npmrc", ".yarnrc", ".yarnrc.yml", ".yarn", ".pnp.cjs", ".pnp.loader.mjs", ".pnpmfile.cjs"}

// notRun are the parts of a source tree that a program does not run, left out when the image
// holds the tree itself (a project without a build, or one whose entry file is at the top):
// tests, version control and CI, editor and tool settings (dev containers, Renovate), other hosts'
// deployment settings (Netlify, Vercel, Fly.io, Render), lockfiles, documentation, Docker
// files, and .env files, which hold secrets that belong in the runtime's environment. `files:`
// in the spec copies anything back.
var notRun = []string{
	"test", "tests", "__tests__", "**/__tests__", "**/*.test.*", "**/*.spec.*", "coverage", ".nyc_output",
	".github", ".gitlab-ci.yml", ".travis.yml", ".circleci", ".gitignore", ".gitattributes", ".husky", ".vscode", ".idea", ".editorconfig",
	".devcontainer", ".gitpod.yml", "renovate.json", ".renovaterc*", "netlify.toml", "vercel.json", "fly.toml", "render.yaml",
	"playwright.config.*", "cypress.config.*",
	".eslintrc*", ".eslintignore", "eslint.config.*", ".prettierrc*", ".prettierignore", "prettier.config.*",
	".lintstagedrc*", "lint-staged.config.*", ".commitlintrc*", "commitlint.config.*", "jest.config.*", "vitest.config.*",
	".mocharc*", "tsconfig*.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml",
	"*.md", "Dockerfile*", "*.Dockerfile", ".dockerignore", "docker-compose*.y*ml", "compose*.y*ml",
	".env", ".env.*", ".nvmrc", ".node-version", ".tool-versions",
}

// sourceExcludes is what a copy of the whole tree leaves out.
var sourceExcludes = append(append([]string(nil), runtimeExcludes...), notRun...)

// artifacts are what the runtime image holds, in the order that changes least often first:
// production node_modules, package.json, then the program. A self-contained framework output
// (Next.js standalone, Nuxt's .output) is the program and its modules: nothing else. A
// framework's build output is its directories (ship.Paths). Otherwise, with a build, the
// program is the top directory of the entry's path (dist/server.js -> dist) when there is one,
// else the built tree; without a build, it is the source. A whole tree leaves out what does not
// run (sourceExcludes).
// In a workspace, the paths are the package's, below its directory, and the image also holds
// the workspace packages it depends on (see wsBuild.artifacts).
func (b *build) artifacts(e entry) []*plan.Copy {
	pkgDir, src := b.pkgPath(), b.pkgDir
	o := plan.Origin{Field: lang.FirstField(b.s, "entrypoint", "workspace", "language")}
	fromBuilder := func(rel string, exclude []string) *plan.Copy {
		c := &plan.Copy{Origin: o, FromStage: "builder", Paths: []string{path.Join(pkgDir, rel)}, Dest: pkgDir + "/", Exclude: exclude}
		if strings.HasSuffix(rel, "/") {
			c.Dest = path.Join(pkgDir, rel) + "/"
		}
		return c
	}
	var out []*plan.Copy
	sh := e.Ship
	if sh.SelfContained {
		if sh.Root != "" {
			// Next.js's standalone tree mirrors the repository from its root: in a workspace,
			// server.js is below the package's directory there too (entry.Image says where)
			out = append(out, &plan.Copy{Origin: o, FromStage: "builder", Paths: []string{path.Join(pkgDir, sh.Root)}, Dest: b.appDir + "/"})
		}
		for _, p := range sh.Paths {
			out = append(out, fromBuilder(p, sh.Exclude))
		}
		return append(out, b.beside(o, sh.Beside)...)
	}
	switch {
	case b.ws != nil && b.ws.sel != nil:
		out = append(out, b.ws.artifacts(b.appDir, b.m.HasProdDeps, o)...)
	case sh.DevDeps: // every dependency the install made, the dev ones included
		out = append(out, &plan.Copy{Origin: o, FromStage: "deps", Paths: []string{path.Join(b.appDir, "node_modules")},
			Dest: path.Join(b.appDir, "node_modules") + "/"})
	case b.m.HasProdDeps:
		out = append(out, lang.ProdModules(o, b.appDir))
	}
	if sh.Root != "" {
		// a build that writes the application with its own package.json (AdonisJS's build/):
		// its contents are the package's directory, beside the production node_modules
		out = append(out, &plan.Copy{Origin: o, FromStage: "builder", Paths: []string{path.Join(pkgDir, sh.Root)}, Dest: pkgDir + "/", Exclude: sh.Exclude})
		return append(out, b.beside(o, sh.Beside)...)
	}
	packageJSON := &plan.Copy{Origin: o, Paths: []string{path.Join(src, "package.json")}, Dest: pkgDir + "/"}
	if len(sh.Paths) > 0 {
		out = append(out, packageJSON)
		for _, p := range sh.Paths {
			out = append(out, fromBuilder(p, sh.Exclude))
		}
		return append(out, b.beside(o, sh.Beside)...)
	}
	switch dir := e.buildTop(); {
	case b.shipsBuildDir(e):
		out = append(out, packageJSON, fromBuilder(dir+"/", nil))
	case b.publishes(e):
		// what npm publishes of the package, from the builder, which checks the entry (published.go)
		tops, _ := publishedTops(b.m, e)
		out = append(out, packageJSON)
		published := b.beside(o, slices.Concat(tops, sh.Beside))
		published[0].Exclude = publishedExcludes()
		out = append(out, published...)
	default:
		// the built tree, or without a build the source: from the builder too, so that its check
		// of the entry file (lang.Expect) runs before the image is made
		out = append(out, &plan.Copy{Origin: o, FromStage: "builder", Paths: []string{pkgDir}, Dest: pkgDir + "/", Exclude: sourceExcludes})
		out = append(out, b.beside(o, sh.Beside)...) // what the program reads of what that leaves out
	}
	return out
}

// shipsBuildDir reports an image that holds, of the program, the top directory of the entry's
// path that the build writes (dist/) beside package.json and node_modules: nothing else of the
// project (files.go copies what its server reads beside it).
func (b *build) shipsBuildDir(e entry) bool {
	sh := e.Ship
	if sh.SelfContained || sh.Root != "" || len(sh.Paths) > 0 {
		return false
	}
	dir := e.buildTop()
	return b.hasBuild && dir != "" && dir != "node_modules" && !e.InSource
}

// publishes reports an image that holds what npm publishes of the package instead of its whole
// tree (published.go).
func (b *build) publishes(e entry) bool {
	sh := e.Ship
	if sh.SelfContained || sh.Root != "" || len(sh.Paths) > 0 || b.shipsBuildDir(e) {
		return false
	}
	_, ok := publishedTops(b.m, e)
	return ok
}

// shipsWholeTree reports an image that holds the package's tree (built, or its source) without
// what does not run (sourceExcludes): artifacts' default.
func (b *build) shipsWholeTree(e entry) bool {
	sh := e.Ship
	return !sh.SelfContained && sh.Root == "" && len(sh.Paths) == 0 && !b.shipsBuildDir(e) && !b.publishes(e)
}

// buildDir is the builder's directory whose contents the image's working directory (the
// package's) holds, where its writable directories are copied from: the package's, or the
// build's output that becomes it (AdonisJS's build/; Next.js's standalone tree, which mirrors the
// repository from its root).
func (b *build) buildDir(e entry) string {
	switch sh := e.Ship; {
	case sh.Root != "" && sh.SelfContained:
		return path.Join(b.pkgPath(), sh.Root, b.pkgDir)
	case sh.Root != "":
		return path.Join(b.pkgPath(), sh.Root)
	}
	return b.pkgPath()
}

// beside copies paths of the builder's app directory that may be absent (public/) to the same
// place, keeping their paths: one copy of the builder's root narrowed by include patterns
// (COPY --parents), which match nothing when a path is absent.
func (b *build) beside(o plan.Origin, paths []string) []*plan.Copy {
	if len(paths) == 0 {
		return nil
	}
	var include []string
	for _, p := range paths {
		include = append(include, strings.TrimPrefix(path.Join(b.pkgPath(), p), "/"))
	}
	return []*plan.Copy{{Origin: o, FromStage: "builder", Paths: []string{"/"}, Include: include, Dest: "/",
		Display: strings.Join(include, " ") + " (when present)"}}
}

// A server at the root of a repository may serve a web UI that another package of it builds:
// Unleash's build script runs `pnpm --dir ./frontend run build` before its own `tsc`, and its
// server serves frontend/build (`path.join(__dirname, '..', '..', '..', 'frontend', 'build')`
// from dist/lib/util). The image of a compiled server holds its build directory (dist/) only,
// so the UI was built and left behind, and the server answered without it. The root package's
// build script (followed through the scripts it runs, as the package manager would) is read
// for a package manager running the build of another directory's package, by a directory flag:
//
//	pnpm --dir X [run] build, pnpm -C X [run] build, npm --prefix X run build,
//	npm run build --prefix X, npm run build -w X (--workspace, a directory), yarn --cwd X [run] build
//
// When X's package builds with Vite (or esbuild with an outdir), what it writes (AssetsOutput:
// `--outDir`, `build.outDir`, else dist/ under X) ships from the builder at the same path, beside
// the build's directory.

// uiBuildDir matches a package manager command building the package in another directory.
var uiBuildDir = regexp.MustCompile(`^(?:pnpm\s+(?:--dir|-C)[=\s]+(\S+)\s+(?:run\s+)?build` +
	`|npm\s+(?:--prefix|-w|--workspace)[=\s]+(\S+)\s+run\s+build|npm\s+run\s+build\s+(?:--prefix|-w|--workspace)[=\s]+(\S+)` +
	`|yarn\s+--cwd[=\s]+(\S+)\s+(?:run\s+)?build)$`)

// rootUIDirs are the directories (clean, relative, not the root) whose package the root's build
// script builds by a uiBuildDir command.
func rootUIDirs(m manifest) []string {
	var out []string
	var walk func(script string, depth int)
	walk = func(script string, depth int) {
		for _, seg := range scriptCommands.Split(script, -1) {
			words := strings.Fields(seg)
			cmd := strings.Join(words, " ")
			if name := runsScript(words); name != "" && depth < maxScriptDepth {
				walk(m.Scripts[name], depth+1)
				continue
			}
			sm := uiBuildDir.FindStringSubmatch(cmd)
			if sm == nil {
				continue
			}
			dir, ok := entryPath(strings.Trim(sm[1]+sm[2]+sm[3]+sm[4], `"'`))
			if ok && dir != "." && !slices.Contains(out, dir) {
				out = append(out, dir)
			}
		}
	}
	walk(m.Scripts["build"], 0)
	return out
}

// rootUIReads are the files of each rootUIDirs package that say where its build writes.
func rootUIReads(m manifest) []string {
	var out []string
	for _, dir := range rootUIDirs(m) {
		out = append(out, path.Join(dir, "package.json"))
		for _, c := range viteConfigs {
			out = append(out, path.Join(dir, c))
		}
	}
	return out
}

// rootUIOutputs are the directories, relative to the root package, that the UIs its build
// script builds write (rootUIDirs with a Vite or esbuild build), but those under top (the
// build's directory, which the image holds anyway).
func rootUIOutputs(f lang.Facts, m manifest, top string) []string {
	var out []string
	for _, dir := range rootUIDirs(m) {
		ui, err := readManifest(f[path.Join(dir, "package.json")])
		if err != nil || !f.Has(path.Join(dir, "package.json")) || !ui.Deps["vite"] && esbuildOutDir(f.In(dir), ui, "build") == "" {
			continue
		}
		built := assetsOutput(f.In(dir), ui, "")
		if built == "" {
			built = "dist"
		}
		o, ok := entryPath(path.Join(dir, built))
		if !ok || o == "." || o == "node_modules" || strings.HasPrefix(o, "node_modules/") || top != "" && (o == top || strings.HasPrefix(o, top+"/")) {
			continue
		}
		out = append(out, o)
	}
	return out
}

// rootUICopies are the image's copies of rootUIOutputs from the builder, into the package's
// directory in the image (pkgDir).
func rootUICopies(f lang.Facts, m manifest, top, pkgDir string, o plan.Origin) []*plan.Copy {
	var out []*plan.Copy
	for _, dir := range rootUIOutputs(f, m, top) {
		out = append(out, &plan.Copy{Origin: o, FromStage: "builder", Paths: []string{path.Join(pkgDir, dir)}, Dest: path.Join(pkgDir, dir) + "/"})
	}
	return out
}
