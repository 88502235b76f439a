package bun

import (
	"path"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A build script `bun build main.ts --compile --outfile server` writes one executable holding
// bun, the program and its dependencies (Bun's docs: "Single-file executable"); the project's
// own Dockerfile then runs that file on a glibc base (xulioc/bun-hono: debian:bookworm-slim),
// Elysia's Docker recipe on distroless. The image runs it as they do, on distroless cc, with no
// node_modules and no source: bun and the program's dependencies are inside.

// compiledImage is the base of a compiled program: glibc, libstdc++ and a nonroot user.
const compiledImage = "gcr.io/distroless/cc-debian12:nonroot"

// compiledOut is the file a package's build script writes with `bun build --compile --outfile
// FILE`, relative to the package ("" when the build script is not that one command, or the spec
// says what to build, run or run on).
func compiledOut(s *spec.Spec, m manifest) string {
	if s.Build.Command != nil || s.Entrypoint != "" || s.Runtime != "" || shellMeta(m.Scripts["build"]) {
		return ""
	}
	w := strings.Fields(m.Scripts["build"])
	if len(w) < 3 || w[0] != "bun" || w[1] != "build" {
		return ""
	}
	var out string
	compile := false
	for i, a := range w[2:] {
		switch {
		case a == "--compile":
			compile = true
		case a == "--outfile" && i+3 < len(w):
			out = w[i+3]
		case strings.HasPrefix(a, "--outfile="):
			out = strings.TrimPrefix(a, "--outfile=")
		case strings.HasPrefix(a, "--target"): // a target the project chose: its platform, not the image's
			return ""
		}
	}
	rel, ok := lang.RelPath(out)
	if !compile || !ok || rel == "." || !patchChars.MatchString(rel) || strings.HasPrefix(rel, "node_modules/") {
		return ""
	}
	return path.Clean(rel)
}

// shellMeta reports a script that the shell runs as more than one command.
func shellMeta(script string) bool { return strings.ContainsAny(script, "&|;<>$`()") }

// compileScript runs the build script for the target platform: bun build --compile writes an
// executable of the bun running it, so a build for another architecture names its target
// (bun-linux-x64, bun-linux-arm64), whose bun it downloads from the npm registry.
const compileScript = `set -eu
build=$(uname -m)
case "$build" in x86_64) build=amd64 ;; aarch64) build=arm64 ;; esac
case "${TARGETARCH:-$build}" in
"$build") exec bun run build ;;
amd64) exec bun run build --target=bun-linux-x64 ;;
arm64) exec bun run build --target=bun-linux-arm64 ;;
*) echo "multistage-frontend: bun build --compile has no Linux target for the architecture '${TARGETARCH:-}' (amd64 and arm64 only)" >&2; exit 1 ;;
esac
`
