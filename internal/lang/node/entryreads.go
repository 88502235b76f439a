package node

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/spec"
)

// entryReads are the context files that tell whether the scripts the spec and package.json name
// exist: for a package without a build, whether it runs a file it has; with one, whether the
// file is the source's or the build's (entry.InSource); and the source a tsc build compiles the
// entry from, whose listen listen.go reads (tsSources), and what files.go reads beside. lang.Follower.
func entryReads(s *spec.Spec, p pkg) []string {
	var files []string
	if ep, ok := entryPath(strings.TrimSpace(s.Entrypoint)); ok && ep != "." {
		files = append(files, ep)
	}
	for _, name := range slices.Concat(startScripts, otherStarts) {
		cmd, _, _ := p.start(name)
		_, cmd = startBuild(p.m.Scripts, cmd)
		if sf, ok := parseServer(cmd); ok {
			if f, ok := entryPath(sf.File); ok && f != "." {
				files = append(files, f)
			}
		}
		if _, plugin, ok := fastifyStart(cmd); ok {
			files = append(files, plugin)
		}
	}
	if main, ok := entryPath(p.m.Main); ok && main != "." {
		files = append(files, main)
	}
	out := qwikReads(p) // the adapter's configuration (qwik.go)
	if p.hasBuild {
		out = append(out, bundleReads(p)...) // the build files that may call esbuild (bundle.go)
	}
	out = append(out, svelteKitServerReads(p)...) // a server of its own around SvelteKit's handler (sveltekit.go)
	if p.hasBuild {
		out = append(out, envValidationReads(p)...) // the modules next.config imports, a T3 app's env (envskip.go)
	}
	for _, f := range files {
		out = append(out, loadAsks(p.f, p.dir, f)...)
	}
	if e, _, err := chooseEntry(s, p); err == nil && !e.Guess {
		if p.hasBuild { // the source listen.go reads
			for _, src := range tsSources(p, e.File) {
				out = append(out, p.path(src))
			}
			if src := bundleSource(p, e.File); src != "" { // bundle.go
				out = append(out, p.path(src))
			}
			out = append(out, filesReads(s, p, e)...) // its imports, and the paths they read (files.go)
		}
		out = append(out, aroundReads(p, e)...)    // what a server of the source around the build reaches (aroundbuild.go)
		out = append(out, pnpmRunReads(p, e)...)   // the modules read for a run of pnpm (listen.go)
		out = append(out, configReads(s, p, e)...) // the samples, and the modules naming their files (configfile.go)
	}
	return out
}

// likelyEntries are the entry files start scripts name most often, each with its extension
// (a bare name such as NestJS's `node dist/main` is also a directory's name in some projects,
// and planning fails on a directory it asked for as a file): a compiled dist/ or build/, Nuxt's
// and Nitro's .output/server/index.mjs, a plain script at the top or in src/.
// With the TypeScript sources a dist/ entry is compiled from (tsSources, for listen.go).
var likelyEntries = []string{"dist/server.js", "dist/index.js", "dist/main.js", "dist/app.js",
	"build/index.js", ".output/server/index.mjs", "app.js", "main.js", "src/index.js", "src/server.js",
	"src/server.ts", "src/server.tsx", "src/index.ts", "src/index.tsx", "src/main.ts", "src/main.tsx", "src/app.ts", "src/app.tsx"}

// likelyReads are the files entryReads most likely asks for once package.json is read: the
// spec's entrypoint, else likelyEntries (lang.Language.Likely). Read with the first files,
// they make planning a project that runs one of them a single round trip to the context
// instead of two; so do the server modules read for the directories it makes (startDirReads)
// and the samples of configuration files (configSampleReads). None for a workspace package, whose directory only its manifest tells.
func likelyReads(s *spec.Spec) []string {
	ep := strings.TrimSpace(s.Entrypoint)
	switch file, ok := entryPath(ep); {
	case s.Workspace != "":
		return nil
	case ep == "":
		return slices.Concat(likelyEntries, startDirReads("."), configSampleReads, envProbes(".")) // and the server's modules (startdirs.go), the samples (configfile.go), the .env files (buildenv.go)
	case ok && file != ".":
		return slices.Concat(loadAsks(nil, ".", file), startDirReads("."), configSampleReads, envProbes("."))
	}
	return slices.Concat(startDirReads("."), configSampleReads, envProbes("."))
}
