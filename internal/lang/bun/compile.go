package bun

import (
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
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

// A compiled program's modules run from bun's virtual file system (/$bunfs/root): there
// import.meta.dir, import.meta.dirname, import.meta.url and __dirname name no directory of the
// disk, and only what the program imports is embedded. A module that reads a file by its own
// directory (substreams-sink-clickhouse's `Bun.file(import.meta.dirname + "/missing.sql")`, in a
// module two imports below its entry) fails at run time in the executable, while `bun index.ts`,
// its start script and its own Dockerfile's command, reads it. Such a project is run with bun
// from its source, and its build script, which only compiles, is not run.

// dirRead is a file read whose path starts from the module's own directory, directly or through
// a call (`path.join(__dirname, ...)`, `new URL("./x", import.meta.url)`).
var dirRead = regexp.MustCompile(`\b(?:Bun\.file|readFileSync|readFile|createReadStream|readdirSync|readdir|opendirSync|existsSync)\s*\(\s*(?:[^()]*\()?[^()]*?(?:import\.meta\.(?:dirname|dir|url|path)\b|__dirname\b|__filename\b)`)

const (
	// compiledDepth is how many imports below the entry the compiled program's modules are read.
	compiledDepth = 4
	// compiledAsks bounds the names the walk asks the context for.
	compiledAsks = 600
)

// compiledSources walks the relative imports of the file a compiling build bundles, level by
// level, as far as planning has read them: read are the modules found, asks the names to read
// for the next level (each import's candidate files).
func compiledSources(f lang.Facts, entry string) (read, asks []string) {
	seen := map[string]bool{entry: true}
	level, asks := []string{entry}, []string{entry}
	for depth := 0; depth <= compiledDepth && len(level) > 0; depth++ {
		var next []string
		for _, file := range level {
			if !f.Has(file) {
				continue
			}
			read = append(read, file)
			if depth == compiledDepth {
				continue
			}
			for _, cands := range node.ImportedSources(file, f.Text(file)) {
				i := slices.IndexFunc(cands, f.Has)
				switch {
				case i >= 0 && !seen[cands[i]]:
					seen[cands[i]] = true
					next = append(next, cands[i])
				case i < 0 && len(asks) < compiledAsks:
					asks = append(asks, cands...)
				}
			}
		}
		level = next
	}
	return read, asks
}

// compiledEntry is the source a single package's compiling build bundles, "" when the build does
// not compile (compiledOut) or names none.
func compiledEntry(s *spec.Spec, m manifest) string {
	if compiledOut(s, m) == "" {
		return ""
	}
	return buildSource(m.Scripts["build"])
}

// readsByItsDirectory is the first place ("file:line") where a module of the compiled program
// reads a file by its own directory, "" for none.
func readsByItsDirectory(f lang.Facts, entry string) string {
	read, _ := compiledSources(f, entry)
	for _, file := range read {
		for line := range lang.CodeMatches(dirRead, f.Text(file)) {
			return file + ":" + strconv.Itoa(line)
		}
	}
	return ""
}

// runsSource is the manifest planned for a single package: its own, or, when its build compiles
// a program whose modules read files by their directory, one without the build script (the
// source, run with bun), and where the read is.
func runsSource(s *spec.Spec, f lang.Facts, m manifest) (manifest, string) {
	entry := compiledEntry(s, m)
	if entry == "" {
		return m, ""
	}
	at := readsByItsDirectory(f, entry)
	if at == "" {
		return m, ""
	}
	m.Scripts = maps.Clone(m.Scripts)
	delete(m.Scripts, "build")
	return m, at
}
