package node

import (
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A UI built with esbuild (no Vite) says where it writes in its build script, `esbuild
// src/app.js --bundle --outdir=public/dist`, or in the build file the script runs with node,
// `node esbuild.config.mjs` whose options name `outdir: "server/ui/dist/"` (mailpit's). Both
// are read as text, never run: an outdir computed in code is not seen.

var (
	esbuildOutdirFlag  = regexp.MustCompile(`(?:^|\s)--outdir[= ]([^\s;&|]+)`)
	esbuildOutdirOpt   = regexp.MustCompile("\\boutdir\\s*:\\s*[\"'`]([^\"'`$]+)[\"'`]")
	nodeScriptFile     = regexp.MustCompile(`(?:^|[\s;&|])node\s+((?:\./)?[A-Za-z0-9_./-]+\.(?:js|mjs|cjs))\b`)
	esbuildCommandWord = regexp.MustCompile(`(?:^|[\s;&|/])esbuild\s`)
)

// EsbuildScriptFile is the file a build script runs with node when the project depends on
// esbuild (`node esbuild.config.mjs`), for planning to read; "" for none.
func EsbuildScriptFile(f lang.Facts, script string) string {
	if m, ok := rootManifest(f); ok {
		return esbuildScriptFile(m, script)
	}
	return ""
}

// esbuildScriptFile is EsbuildScriptFile of a manifest already read.
func esbuildScriptFile(m manifest, script string) string {
	if !m.Deps["esbuild"] {
		return ""
	}
	if sm := nodeScriptFile.FindStringSubmatch(m.Scripts[script]); sm != nil {
		if p, ok := lang.CleanRelPath(sm[1]); ok {
			return path.Clean(p)
		}
	}
	return ""
}

// esbuildOutDir is the directory esbuild writes, as the script or its build file names it
// (relative to the project, as written); "" when neither names one.
func esbuildOutDir(f lang.Facts, m manifest, script string) string {
	cmd := m.Scripts[script]
	if !m.Deps["esbuild"] {
		return ""
	}
	if esbuildCommandWord.MatchString(cmd + " ") {
		if sm := esbuildOutdirFlag.FindStringSubmatch(cmd); sm != nil {
			return strings.Trim(sm[1], `"'`)
		}
	}
	file := esbuildScriptFile(m, script)
	text := f.Text(file)
	if file == "" || !strings.Contains(text, "esbuild") {
		return ""
	}
	if all := esbuildOutdirOpt.FindAllStringSubmatch(text, -1); len(all) == 1 {
		return path.Clean(all[0][1])
	}
	return "" // none, or several builds: not one output
}
