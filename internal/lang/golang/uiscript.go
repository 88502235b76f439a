package golang

import (
	"cmp"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
	"gopkg.in/yaml.v3"
)

// Some projects keep the UI beside the Go module rather than in it, and a script of theirs
// builds it and copies its output into the directory the Go build embeds, where only a
// placeholder is committed (fusion: frontend/'s Vite build, copied by scripts.sh's `cp -R
// frontend/dist/. backend/internal/web/dist/` into what backend/internal/web/assets.go embeds
// with `//go:embed all:dist`). Without the copy the program compiles and serves its fallback.
// Planning reads the shell scripts at the root and in scripts/, and the Makefile's recipe
// lines, for a cp, rsync or mv of a UI's output (uiProjects) to a directory of the context,
// and the project's Dockerfile for a COPY --from of a stage's UI output into the stage building
// the Go program (homebox: frontend/'s Nuxt build, .output/public, into
// backend/app/api/static/public, which backend/app/api/routes.go embeds with `//go:embed
// all:static/public/*`); when a Go file beside that directory, or in a directory above it,
// embeds it, the UI is built as default assets and its output copied there (spec.Assets.Into),
// as the script does.

// uiScriptReads are the scripts read for such a copy, with the Makefile (makefile.Names), and
// taskFiles.
var uiScriptReads = slices.Concat([]string{"*.sh", "scripts/*.sh"}, taskFiles)

// taskFiles are the names of a Taskfile (go-task), whose tasks' commands run in their `dir`
// (homebox's `cp -r ./.output/public ../backend/app/api/static/` in frontend/).
var taskFiles = []string{"Taskfile.yml", "Taskfile.yaml", "taskfile.yml", "taskfile.yaml"}

// scriptCopy is a copy of a directory a script makes: Src, a clean path of the context, to each
// of Dests, the directories it may land in (`cp -R a/dist web/` writes web/dist when web exists,
// web otherwise; a source written `a/dist/.` or `a/dist/*` copies what it holds into web).
type scriptCopy struct {
	Src   string
	Dests []string
	Where string // the script and line, "scripts.sh:41"
}

// copyCommands are the commands that copy a directory, as a script runs them.
var copyCommands = []string{"cp", "rsync", "mv"}

// scriptLine is a command line of the project's own build: a Makefile recipe's line (its
// variables expanded), a shell script's, or a Taskfile command, run in Dir, a clean path of
// the context.
type scriptLine struct {
	Text, Dir string
	Where     string // the file and line, "scripts.sh:41"
}

// scriptLines are the command lines of the root's Makefile, scripts and Taskfile, in that order.
func scriptLines(f lang.Facts) []scriptLine {
	var out []scriptLine
	if mk := readMakefile(f); mk != nil {
		for i := range mk.Lines {
			out = append(out, scriptLine{Text: mk.expandedLine(i), Dir: ".", Where: mk.Name})
		}
	}
	var files []string
	for _, pattern := range uiScriptReads {
		files = append(files, f.Glob(pattern)...)
	}
	for _, file := range files {
		if slices.Contains(taskFiles, file) {
			out = append(out, taskLines(f, file)...)
			continue
		}
		text := strings.ReplaceAll(f.Text(file), "\\\n", " ")
		for i, line := range strings.Split(text, "\n") {
			out = append(out, scriptLine{Text: line, Dir: ".", Where: file + ":" + strconv.Itoa(i+1)})
		}
	}
	return out
}

// scriptCopies are the copies the root's scripts and Makefile make, in the order read.
func scriptCopies(f lang.Facts) []scriptCopy {
	var out []scriptCopy
	for _, l := range scriptLines(f) {
		out = append(out, copiesIn(l.Text, l.Dir, l.Where)...)
	}
	name, copies := lang.DockerfileCopies(f) // homebox's COPY --from=frontend-builder /app/.output/public ./app/api/static/public
	for _, c := range copies {
		out = append(out, scriptCopy{Src: c.Src, Dests: []string{c.Dest}, Where: name + ":" + strconv.Itoa(c.Line)})
	}
	return out
}

// commandSeparators split a line into the commands a shell runs.
var commandSeparators = regexp.MustCompile(`&&|\|\||[;|()]`)

// taskLines are the command lines of a Taskfile's tasks, each run in its task's dir.
func taskLines(f lang.Facts, file string) []scriptLine {
	var tf struct {
		Tasks map[string]struct {
			Dir  string      `yaml:"dir"`
			Cmds []yaml.Node `yaml:"cmds"`
		} `yaml:"tasks"`
	}
	if yaml.Unmarshal(f[file], &tf) != nil {
		return nil
	}
	var out []scriptLine
	for _, name := range slices.Sorted(maps.Keys(tf.Tasks)) {
		task := tf.Tasks[name]
		dir, ok := lang.CleanRelPath(cmp.Or(task.Dir, "."))
		if !ok {
			continue
		}
		for _, c := range task.Cmds {
			line := c.Value
			if c.Kind == yaml.MappingNode {
				var m struct{ Cmd string }
				if c.Decode(&m) != nil {
					continue
				}
				line = m.Cmd
			}
			out = append(out, scriptLine{Text: line, Dir: dir, Where: file + ":" + strconv.Itoa(c.Line)})
		}
	}
	return out
}

// copiesIn are the copies of one line of a script run in dir, a clean path of the context:
// each command of it that is a cp, rsync or mv of plain paths (no variable, no glob but a
// trailing /*).
func copiesIn(line, dir, where string) []scriptCopy {
	if i := strings.Index(line, "#"); i >= 0 && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
		line = line[:i]
	}
	var out []scriptCopy
	for _, cmd := range commandSeparators.Split(line, -1) {
		words := strings.Fields(cmd)
		if len(words) > 0 {
			words[0] = strings.TrimLeft(words[0], "@-") // a Makefile's prefixes
		}
		if len(words) > 0 && words[0] == "sudo" {
			words = words[1:]
		}
		if len(words) < 3 || !slices.Contains(copyCommands, words[0]) {
			continue
		}
		var args []string
		for _, w := range words[1:] {
			if strings.HasPrefix(w, "-") {
				continue
			}
			args = append(args, strings.Trim(w, `"'`))
		}
		if len(args) < 2 {
			continue
		}
		dest, ok := cleanScriptPath(dir, args[len(args)-1])
		if !ok {
			continue
		}
		for _, a := range args[:len(args)-1] {
			contents := strings.HasSuffix(a, "/.") || strings.HasSuffix(a, "/*") ||
				words[0] == "rsync" && strings.HasSuffix(a, "/")
			src, ok := cleanScriptPath(dir, strings.TrimSuffix(strings.TrimSuffix(a, "/."), "/*"))
			if !ok || src == dest || inside(dest, src) {
				continue
			}
			c := scriptCopy{Src: src, Dests: []string{dest}, Where: where}
			if !contents {
				c.Dests = append(c.Dests, path.Join(dest, path.Base(src)))
			}
			out = append(out, c)
		}
	}
	return out
}

// cleanScriptPath is a relative path of a script run in dir as a clean path of the context,
// false when it is not one (a variable, a glob, an absolute path, a path above the context, the
// context itself). A hidden element is one (Nuxt's .output/public): the path is compared with
// a UI's output and copied into, never read.
func cleanScriptPath(dir, p string) (string, bool) {
	if !scriptPathChars.MatchString(p) || path.IsAbs(p) {
		return "", false
	}
	c := path.Join(dir, p)
	if c == "." || c == ".." || strings.HasPrefix(c, "../") {
		return "", false
	}
	return c, true
}

// scriptPathChars are those of a plain relative path.
var scriptPathChars = regexp.MustCompile(`^[A-Za-z0-9._/@+-]+$`)

// copiesOf are the copies of the output out, a clean path of the context.
func copiesOf(copies []scriptCopy, out string) []scriptCopy {
	var found []scriptCopy
	for _, c := range copies {
		if c.Src == out {
			found = append(found, c)
		}
	}
	return found
}

// copiedUI is the UI of project p whose output out a script copies into a directory that a Go
// file in it or above it embeds, as the script copies it. Of the directories a copy may land
// in, the one a Go file embeds, or embeds a path in, is taken, the deeper first (`cp -r
// frontend/dist web/` writes web/dist, which web/assets.go's `all:dist` embeds; web holds Go
// code, so it is there); else one below a directory a Go file embeds (a `//go:embed web` above
// it).
func copiedUI(f lang.Facts, p uiProject, out string, copies []scriptCopy, tags []string) (embeddedUI, bool) {
	for _, match := range []func(src []byte, dir, out string) bool{embedsIn, embeds} {
		for _, c := range copiesOf(copies, out) {
			for _, dest := range slices.Backward(c.Dests) {
				ui := embeddedUI{Dir: p.Dir, Out: out, Into: dest, CopiedBy: c.Where}
				var files []string
				for _, d := range embeddingDirs(dest) {
					files = append(files, f.Glob(path.Join(d, "*.go"))...)
				}
				if ui.embeddedByMatching(f, tags, files, match) {
					ui.Built = builtPage(f[path.Join(dest, "index.html")])
					return ui, true
				}
			}
		}
	}
	return embeddedUI{}, false
}

// embedsIn reports a //go:embed directive of src, a Go file in dir, naming the directory out
// (a path of the context) or a pattern inside it: embeds without a directory above it.
func embedsIn(src []byte, dir, out string) bool {
	for _, p := range embedPatterns(src, dir) {
		if p == out || strings.HasPrefix(p, out+"/") {
			return true
		}
	}
	return false
}

// copiedFollow are the Go files beside each directory a script copies the project's output
// into, and the directory's index.html: what copiedUI reads.
func copiedFollow(copies []scriptCopy, out string) []string {
	var more []string
	for _, c := range copiesOf(copies, out) {
		for _, dest := range c.Dests {
			for _, d := range embeddingDirs(dest) {
				more = append(more, path.Join(d, "*.go"))
			}
			more = append(more, path.Join(dest, "index.html"))
		}
	}
	return more
}

// embeddingDirs are the directories whose Go files may embed dest, a clean path of the
// context: dest and those above it, nearest first (a //go:embed pattern names no parent).
func embeddingDirs(dest string) []string {
	dirs := []string{dest}
	for d := dest; d != "."; {
		d = path.Dir(d)
		dirs = append(dirs, d)
	}
	return dirs
}

// When nothing ties a UI to the Go build, and a package the program imports embeds a directory
// named like a build output that holds no index.html (fusion's backend/internal/web/dist, with
// only its .keep, had the script not been read), the image serves no UI and says nothing:
// EmbeddedUINotBuilt names the directory and the UI, and `assets.into`. Planning walks the
// program's packages (walkPackages) for the embeds only when a UI of the context builds an
// output that no Go file embeds and the spec has no `assets`.

// placeholderNames are the names of the directories a UI's build writes, besides the output's
// own name, that an embed of a directory holding no page is taken for.
var placeholderNames = []string{"dist", "build"}

// unbuiltUIs are the UI projects with a build whose output, a path of the context, no Go file
// embeds and no script copies where one does (uiIn).
func unbuiltUIs(s *spec.Spec, f lang.Facts, uis contextUIs) []uiProject {
	if s.Assets != nil {
		return nil
	}
	var out []uiProject
	for _, p := range uis.projects {
		if _, ok := p.output(); !ok || !p.Build {
			continue
		}
		if _, ok := uiIn(f, p, uis.copies, nil); !ok {
			out = append(out, p)
		}
	}
	return out
}

// outputEmbed is a //go:embed of a directory named like a UI's build output.
type outputEmbed struct{ File, Dir string }

// outputEmbeds are the embeds of such directories in the non-test Go files of the packages.
func outputEmbeds(f lang.Facts, pkgs []walkedPackage, uis []uiProject) []outputEmbed {
	names := slices.Clone(placeholderNames)
	for _, p := range uis {
		out, _ := p.output()
		names = append(names, path.Base(out))
	}
	var found []outputEmbed
	for _, p := range pkgs {
		for _, file := range goFiles(f, p.Dir) {
			for _, e := range embedPatterns(f[file], p.Dir) {
				e = strings.TrimSuffix(e, "/*") // what the directory holds: homebox's all:static/public/*
				if !strings.ContainsAny(e, "*?[") && slices.Contains(names, path.Base(e)) {
					found = append(found, outputEmbed{File: file, Dir: e})
				}
			}
		}
	}
	return found
}

// placeholderFollow asks for the packages the programs import, and whether each directory
// they embed that is named like a build output exists and holds an index.html, when a UI is
// not built (unbuiltUIs).
func placeholderFollow(s *spec.Spec, ws *workspace, bins []binary, f lang.Facts, all contextUIs) []string {
	uis := unbuiltUIs(s, f, all)
	if len(uis) == 0 {
		return nil
	}
	pkgs, out := walkPackages(ws, mainDirs(bins), f, func(walkedPackage) bool { return true })
	for _, e := range outputEmbeds(f, pkgs, uis) {
		out = append(out, lang.Probe(e.Dir), path.Join(e.Dir, "index.html"))
	}
	return out
}

// placeholderNote is EmbeddedUINotBuilt for the first embedded directory that exists in the
// context without an index.html, naming the first UI not built; none otherwise.
func placeholderNote(s *spec.Spec, ws *workspace, bins []binary, f lang.Facts, all contextUIs) (notes []plan.Note) {
	uis := unbuiltUIs(s, f, all)
	if len(uis) == 0 {
		return nil
	}
	pkgs, _ := walkPackages(ws, mainDirs(bins), f, func(walkedPackage) bool { return true })
	for _, e := range outputEmbeds(f, pkgs, uis) {
		if f.HasDir(e.Dir) && !f.Has(path.Join(e.Dir, "index.html")) {
			out, _ := uis[0].output()
			return append(notes, rules.EmbeddedUINotBuilt.Note(lang.FirstField(s, "entrypoint", "language"),
				rules.EmbeddedUINotBuilt.Format(e.File, e.Dir, uis[0].Dir, out)))
		}
	}
	return nil
}
