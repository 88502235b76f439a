package golang

import (
	"encoding/json"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A Go server rendering its pages in Go (templ, gomponents, html/template) often has its CSS
// and JavaScript bundled by a Node.js tool that writes straight into the directory it embeds:
// pgbackweb's Taskfile runs `npm run tailwindcss -- ... --output
// ./internal/view/static/build/style.min.css` into what internal/view/static embeds with
// `//go:embed *`, and its pages link /build/style.min.css. The file is not committed, so the
// image compiles and serves its pages unstyled. Planning reads the command lines of the
// project's own build (scriptLines: the Makefile, shell scripts, a Taskfile; and the root
// package.json's scripts) for a Tailwind CSS or esbuild command writing a file or directory
// (`-o`, `--output`, `--outfile`, `--outdir`) below a directory that a Go file above that
// output embeds (read for it, not through the program's imports), and, when that output is not in the context and the spec has no `assets`, warns
// (EmbeddedAssetNotBuilt). It is not built on that guess: the command's other inputs (a
// Tailwind configuration scanning the Go templates, a Node script beside it) are the project's.

// bundleCommand is a Node.js tool's command writing a bundle into the context.
type bundleCommand struct {
	Tool, Output, Where string
	Script              string // the package.json script running it, "" for a Makefile's, script's or Taskfile's line
}

// bundleTools are the tools read, by the last element of the word running them
// (`./node_modules/.bin/tailwindcss`, `npx @tailwindcss/cli`).
var bundleTools = []string{"tailwindcss", "cli", "esbuild"}

// bundleOutputs are the options naming what a bundle tool writes.
var bundleOutputs = []string{"-o", "--output", "--outfile", "--outdir"}

// bundleCommands are the bundle commands of the project's build: the root package.json's
// scripts first (their fix is the script's name), then the lines scriptLines reads.
func bundleCommands(f lang.Facts) []bundleCommand {
	var out []bundleCommand
	var pkg struct {
		Scripts map[string]string `json:"scripts"`
	}
	if json.Unmarshal(f["package.json"], &pkg) == nil {
		for _, name := range slices.Sorted(maps.Keys(pkg.Scripts)) {
			for _, c := range bundlesIn(pkg.Scripts[name], ".") {
				c.Where, c.Script = "package.json scripts."+name, name
				out = append(out, c)
			}
		}
	}
	for _, l := range scriptLines(f) {
		for _, c := range bundlesIn(l.Text, l.Dir) {
			c.Where = l.Where
			out = append(out, c)
		}
	}
	return out
}

// bundlesIn are the bundle commands of one line run in dir: a tool of bundleTools (a `cli` only
// as @tailwindcss/cli) followed, in the same command, by an output option with a plain path.
func bundlesIn(line, dir string) []bundleCommand {
	var out []bundleCommand
	for _, cmd := range commandSeparators.Split(line, -1) {
		words := strings.Fields(cmd)
		tool := slices.IndexFunc(words, func(w string) bool {
			base := path.Base(strings.Trim(w, `"'`))
			return slices.Contains(bundleTools, base) && (base != "cli" || strings.Contains(w, "tailwindcss/cli"))
		})
		if tool < 0 {
			continue
		}
		for i := tool + 1; i < len(words); i++ {
			opt, val, eq := strings.Cut(words[i], "=")
			if !slices.Contains(bundleOutputs, opt) {
				continue
			}
			if !eq && i+1 < len(words) {
				val = words[i+1]
			}
			if p, ok := cleanScriptPath(dir, strings.Trim(val, `"'`)); ok {
				out = append(out, bundleCommand{Tool: path.Base(strings.Trim(words[tool], `"'`)), Output: p})
			}
			break
		}
	}
	return out
}

// outputAncestors are the directories above a bundle's output, nearest first, the root left out.
func outputAncestors(output string) []string {
	var out []string
	for d := path.Dir(output); d != "." && d != "/"; d = path.Dir(d) {
		out = append(out, d)
	}
	return out
}

// embedderOf is the Go file of a directory above output whose //go:embed directive takes a
// directory holding it (a pattern without its trailing /*, or a glob's directory), and that
// directory; "" for none.
func embedderOf(f lang.Facts, output string) (file, dir string) {
	for _, d := range outputAncestors(output) {
		for _, file := range goFiles(f, d) {
			for _, e := range embedPatterns(f[file], d) {
				e = strings.TrimSuffix(lang.GlobDir(strings.TrimSuffix(e, "/*")), "/")
				if e != "" && (output == e || strings.HasPrefix(output, e+"/")) {
					return file, e
				}
			}
		}
	}
	return "", ""
}

// bundleFollow asks whether each bundle command's output is in the context, when the spec has
// no assets.
func bundleFollow(s *spec.Spec, f lang.Facts) []string {
	if s.Assets != nil {
		return nil
	}
	var out []string
	for _, c := range bundleCommands(f) {
		out = append(out, lang.Probe(c.Output))
		for _, d := range outputAncestors(c.Output) {
			out = append(out, path.Join(d, "*.go"))
		}
	}
	return out
}

// bundleNote is EmbeddedAssetNotBuilt for the first bundle command writing below an embedded
// directory an output the context lacks.
func bundleNote(s *spec.Spec, f lang.Facts) (notes []plan.Note) {
	if s.Assets != nil {
		return nil
	}
	for _, c := range bundleCommands(f) {
		if f.Has(c.Output) || f.HasDir(c.Output) {
			continue
		}
		file, dir := embedderOf(f, c.Output)
		if file == "" {
			continue
		}
		fix := "a package.json script running it, then `assets: {dir: ., script: <that script>, output: " + outputDir(c) + "}`"
		if c.Script != "" {
			fix = "`assets: {dir: ., script: " + c.Script + ", output: " + outputDir(c) + "}`"
		}
		return append(notes, rules.EmbeddedAssetNotBuilt.Note(lang.FirstField(s, "entrypoint", "language"),
			rules.EmbeddedAssetNotBuilt.Format(c.Where, c.Tool, c.Output, file, dir, fix)))
	}
	return nil
}

// outputDir is the directory a bundle command writes: its --outdir, else its file's directory.
func outputDir(c bundleCommand) string {
	if path.Ext(c.Output) == "" {
		return c.Output
	}
	return path.Dir(c.Output)
}
