package node

import (
	"cmp"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// A T3 app (create-t3-app, or t3-env on its own) validates its environment when next.config
// imports its env module (`import "./src/env.js"`): at `next build` as at `next start`, so the
// build stops on the server's secrets (DATABASE_URL, NEXTAUTH_SECRET), which an image's build has
// not got, and should not. t3-env's createEnv skips the validation when its skipValidation
// option is true, which the app ties to a variable (SKIP_ENV_VALIDATION in create-t3-app's
// template), and the Dockerfile of create-t3-app's docs sets it for the build
// (`SKIP_ENV_VALIDATION=1`), as useSend's (`"true"`) and rallly's do. The builder sets it for the
// build commands, unless build.env does; `next start` still validates, with the image's
// environment.

// skipValidation is createEnv's option tied to a variable: `!!process.env.SKIP_ENV_VALIDATION`,
// `process.env.SKIP_ENV_VALIDATION === "true"`; the variable and the value compared, if any.
var skipValidation = regexp.MustCompile(`\bskipValidation\s*:\s*(?:!!\s*)?process\.env\.([A-Za-z_][A-Za-z0-9_]*)(?:\s*===?\s*['"]([^'"\n]+)['"])?`)

// envModuleSuffixes are the files an import of next.config may name.
var envModuleSuffixes = []string{".js", ".mjs", ".ts", ".mts", ".cjs", "/index.js", "/index.ts"}

// nextConfig is the package's Next.js config and its text, "" without one.
func nextConfig(p pkg) (string, string) {
	for _, name := range nextConfigs {
		if p.has(name) {
			return name, p.text(name)
		}
	}
	return "", ""
}

// nextConfigImports are the candidates of each module next.config imports by a relative path.
func nextConfigImports(p pkg) [][]string {
	if !p.m.Deps["next"] {
		return nil
	}
	config, text := nextConfig(p)
	if config == "" {
		return nil
	}
	return importedFiles(config, text, envModuleSuffixes)
}

// envValidationReads are the modules next.config imports, to read (entryReads).
func envValidationReads(p pkg) []string {
	return importedReads(p, nextConfigImports(p))
}

// envValidationSkip is the build's variable that skips a T3 app's env validation, when next.config
// or a module it imports calls t3-env's createEnv with skipValidation tied to one that build.env
// does not set.
func envValidationSkip(s *spec.Spec, p pkg) []plan.Env {
	if !p.hasBuild || !p.m.Deps["next"] {
		return nil
	}
	config, _ := nextConfig(p)
	if config == "" {
		return nil
	}
	for _, file := range withImported(p, config, nextConfigImports(p)) {
		text := p.text(file)
		if !strings.Contains(text, "@t3-oss/env") || !strings.Contains(text, "createEnv") {
			continue
		}
		m := skipValidation.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		if _, set := s.Build.Env.Get(m[1]); set {
			return nil
		}
		return []plan.Env{{Key: m[1], Value: cmp.Or(m[2], "1")}}
	}
	return nil
}
