package node

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A server that esbuild bundles runs a file whose source is the bundle's entry point, not a
// tsc output below tsconfig's outDir (tssource.go): kener's `build` runs `node
// scripts/build-sveltekit.js && node scripts/build-server.js`, the second calling
// `esbuild.build({ entryPoints: ["scripts/main.ts"], bundle: true, outfile: "build/main.js" })`;
// others write the command, `esbuild src/server.ts --bundle --platform=node --outfile=dist/server.js`.
// That entry point is the source listen.go and files.go read for the file the image runs. Every
// module the bundle inlines runs from the bundle's directory (its `__dirname`), wherever its
// source lies (kener's scripts/main.ts imports ../knexfile.ts, whose knex migrations directory
// is read from the working directory at start).
//
// Read as text, never run: a build file with one entry point and one outfile, as string
// literals; the CLI's first argument ending in a script's extension and its --outfile. An
// outdir, several entry points, or paths computed in code are not read.

var (
	esbuildEntryPoints = regexp.MustCompile(`\bentryPoints\s*:\s*\[\s*(?:'([^'\n\\]+)'|"([^"\n\\]+)")\s*,?\s*\]`)
	esbuildOutfileOpt  = regexp.MustCompile(`\boutfile\s*:\s*(?:'([^'\n\\]+)'|"([^"\n\\]+)")`)
	esbuildOutfileFlag = regexp.MustCompile(`(?:^|\s)--outfile[= ]([^\s;&|]+)`)
	esbuildEntryArg    = regexp.MustCompile(`(?:^|[\s;&|/])esbuild\s+(?:--?[\w-]+(?:=[^\s;&|]+)?\s+)*((?:\./)?[A-Za-z0-9_./-]+\.(?:ts|tsx|mts|cts|js|mjs|cjs|jsx))(?:\s|$)`)
)

// bundleBuildFiles are the files package.json's build script runs with node when the project
// depends on esbuild (`node scripts/build-server.js`), which may call esbuild's build.
func bundleBuildFiles(m manifest) []string {
	if !m.Deps["esbuild"] {
		return nil
	}
	var out []string
	for _, sm := range nodeScriptFile.FindAllStringSubmatch(m.Scripts["build"], -1) {
		if p, ok := lang.RelPath(sm[1]); ok && p != "." {
			out = lang.AppendNew(out, p)
		}
	}
	return out
}

// bundleSource is the source file (relative to the package) that esbuild bundles into file, as
// the build script's command or one of its build files (bundleBuildFiles) says; "" for none.
func bundleSource(p pkg, file string) string {
	if !p.m.Deps["esbuild"] {
		return ""
	}
	file = path.Clean(file)
	same := func(out string) bool {
		c, ok := lang.RelPath(strings.Trim(out, `"'`))
		return ok && c == file
	}
	source := func(entry string) string {
		if c, ok := lang.RelPath(strings.Trim(entry, `"'`)); ok && c != "." && c != file {
			return c
		}
		return ""
	}
	for _, cmd := range strings.FieldsFunc(p.m.Scripts["build"], func(r rune) bool { return r == '&' || r == ';' || r == '|' }) {
		out, entry := esbuildOutfileFlag.FindStringSubmatch(cmd), esbuildEntryArg.FindStringSubmatch(cmd)
		if out != nil && entry != nil && same(out[1]) {
			return source(entry[1])
		}
	}
	for _, bf := range bundleBuildFiles(p.m) {
		text := p.text(bf)
		if !strings.Contains(text, "esbuild") {
			continue
		}
		entries, outs := codeMatchList(esbuildEntryPoints, text), codeMatchList(esbuildOutfileOpt, text)
		if len(entries) == 1 && len(outs) == 1 && same(matchGroups(text, outs[0])) {
			return source(matchGroups(text, entries[0]))
		}
	}
	return ""
}

// codeMatchList are re's matches in text outside comments.
func codeMatchList(re *regexp.Regexp, text string) [][]int {
	var out [][]int
	for _, m := range lang.CodeMatches(re, text) {
		out = append(out, m)
	}
	return out
}

// matchGroups is the first of a match's groups that matched (a literal's body in one quote or
// the other).
func matchGroups(text string, m []int) string {
	for i := 2; i+1 < len(m); i += 2 {
		if m[i] >= 0 {
			return text[m[i]:m[i+1]]
		}
	}
	return ""
}

// bundleReads are the build files bundleSource reads, for a package with a build.
func bundleReads(p pkg) []string {
	var out []string
	for _, bf := range bundleBuildFiles(p.m) {
		out = append(out, p.path(bf))
	}
	return slices.Clip(out)
}

// esbuildNodePlatform is esbuild's option bundling for node.
var esbuildNodePlatform = regexp.MustCompile(`(?:^|\s)--platform[= ]node(?:\s|$)`)

// nodeBundleEntry is the server a package with neither a start script nor a main runs: the one
// file its build bundles for node with esbuild (`esbuild src/index.ts --bundle --platform=node
// --outfile=dist/index.cjs`), in the build script or a script the build script runs (`pnpm run
// build:api && pnpm run build:types`), as quanphm/hoalu's api.Dockerfile runs `node index.cjs`.
// None when several scripts bundle different files, or the build is not the package's own.
func nodeBundleEntry(p pkg) (entry, bool) {
	build := p.m.Scripts["build"]
	if build == "" || !p.m.Deps["esbuild"] {
		return entry{}, false
	}
	names := []string{"build"}
	for _, c := range scriptCommands.Split(build, -1) {
		if name := runsScript(strings.Fields(c)); name != "" && name != "build" && p.m.Scripts[name] != "" {
			names = lang.AppendNew(names, name)
		}
	}
	var file, from string
	for _, name := range names {
		cmd := p.m.Scripts[name]
		if !esbuildCommandWord.MatchString(cmd+" ") || !strings.Contains(cmd, "--bundle") || !esbuildNodePlatform.MatchString(cmd) {
			continue
		}
		for _, sm := range esbuildOutfileFlag.FindAllStringSubmatch(cmd, -1) {
			out, ok := entryPath(strings.Trim(sm[1], `"'`))
			if !ok || out == "." || file != "" && file != out {
				return entry{}, false
			}
			file, from = out, name
		}
	}
	if file == "" || !slices.Contains([]string{".js", ".cjs", ".mjs"}, path.Ext(file)) {
		return entry{}, false
	}
	return entry{File: file, From: "the bundle package.json's " + from + " script writes for node (esbuild --outfile)"}, true
}
