package golang

import (
	"go/parser"
	"go/token"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A program built with cobra whose server is a subcommand (`go-base serve`, `pocketbase serve`)
// prints its help and exits when the image runs it without arguments; its own Dockerfile runs
// `CMD ["./main", "serve"]`. When the module requires cobra directly, planning reads the Go files
// of the packages of the module that the image's main package imports, and again those that
// a package importing cobra imports (two levels below the main package at most: pocketbase's
// `examples/base` imports the root package, which adds the commands of `cmd/`), and looks for a
// command literal whose Use is `serve` or `server`. When exactly one such name is found, it is
// the image's default argument (`cmd`), which the spec's `cmd` replaces.

const cobraModule = "github.com/spf13/cobra"

// serveUse is a cobra command literal whose Use is serve or server, with or without an
// argument synopsis ("serve [flags]"); its submatch is the name.
var serveUse = regexp.MustCompile(`\bcobra\.Command\{[^}]*?\bUse:\s*"(serve|server)(?:\s[^"]*)?"`)

// maxServeDepth is how many imports below the main package the command is looked for.
const maxServeDepth = 2

// servePackages walks the module's packages from the main package dir: each package's
// directory, whether its files were read (else wanted, the *.go pattern to read), and whether
// they import cobra. Only the main package's imports and those of packages importing cobra are
// followed.
func servePackages(ws *workspace, mainDir string, f lang.Facts) (cobraDirs, wanted []string) {
	mod := moduleOf(ws, mainDir)
	if mod == nil || mod.Path == "" {
		return nil, nil
	}
	seen := map[string]bool{mainDir: true}
	level := []string{mainDir}
	for depth := 0; depth <= maxServeDepth && len(level) > 0; depth++ {
		var next []string
		for _, dir := range level {
			files := goFiles(f, dir)
			if len(files) == 0 {
				wanted = append(wanted, path.Join(dir, "*.go"))
				continue
			}
			imports := fileImports(f, files)
			usesCobra := slices.Contains(imports, cobraModule)
			if usesCobra {
				cobraDirs = append(cobraDirs, dir)
			}
			if dir != mainDir && !usesCobra || depth == maxServeDepth {
				continue
			}
			for _, imp := range imports {
				rel, ok := strings.CutPrefix(imp, mod.Path)
				if !ok || rel != "" && !strings.HasPrefix(rel, "/") {
					continue
				}
				d := path.Join(mod.Dir, strings.TrimPrefix(rel, "/"))
				if d == ".." || strings.HasPrefix(d, "../") || !pkgPath.MatchString(d) {
					continue // not a package directory of the context
				}
				if !seen[d] {
					seen[d] = true
					next = append(next, d)
				}
			}
		}
		level = next
	}
	return cobraDirs, wanted
}

// serveFollow asks for the Go files servePackages wants, when the module requires cobra.
func serveFollow(s *spec.Spec, ws *workspace, f lang.Facts) []string {
	if s.Cmd != nil || !ws.requiresDirectly(cobraModule) {
		return nil
	}
	bins, run, err := binaries(s, ws, f)
	if err != nil {
		return nil
	}
	_, wanted := servePackages(ws, strings.TrimPrefix(bins[run].Pkg, "./"), f)
	return wanted
}

// serveCommand is the subcommand the image runs by default: the only cobra command named serve
// or server in the packages servePackages found, "" for none (or both).
func serveCommand(s *spec.Spec, ws *workspace, bin binary, f lang.Facts) string {
	if s.Cmd != nil || !ws.requiresDirectly(cobraModule) {
		return ""
	}
	dirs, _ := servePackages(ws, strings.TrimPrefix(bin.Pkg, "./"), f)
	var names []string
	for _, dir := range dirs {
		for _, file := range goFiles(f, dir) {
			text := f.Text(file)
			for _, m := range serveUse.FindAllStringSubmatchIndex(text, -1) {
				if _, commented := lang.CodeLine(text, m[0]); !commented && !slices.Contains(names, text[m[2]:m[3]]) {
					names = append(names, text[m[2]:m[3]])
				}
			}
		}
	}
	if len(names) != 1 {
		return ""
	}
	return names[0]
}

// moduleOf is the main module holding the package in dir.
func moduleOf(ws *workspace, dir string) *module {
	var best *module
	for i, m := range ws.Main {
		if (m.Dir == "." || dir == m.Dir || strings.HasPrefix(dir, m.Dir+"/")) && (best == nil || len(m.Dir) > len(best.Dir)) {
			best = &ws.Main[i]
		}
	}
	return best
}

// goFiles are the non-test Go files read of the package in dir, sorted.
func goFiles(f lang.Facts, dir string) []string {
	files := slices.DeleteFunc(f.Glob(path.Join(dir, "*.go")), func(n string) bool { return strings.HasSuffix(n, "_test.go") })
	slices.Sort(files)
	return files
}

// fileImports are the import paths of the files, each once; a file that does not parse adds none.
func fileImports(f lang.Facts, files []string) []string {
	var out []string
	for _, file := range files {
		parsed, err := parser.ParseFile(token.NewFileSet(), file, f[file], parser.ImportsOnly)
		if err != nil {
			continue
		}
		for _, imp := range parsed.Imports {
			if p, err := strconv.Unquote(imp.Path.Value); err == nil && !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}
