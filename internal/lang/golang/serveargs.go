package golang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// The server command the image runs by default (serve.go) may itself require an argument: dex's
// `serve [flags] [config file]` has `Args: cobra.ExactArgs(1)`, and its own image runs `dex
// serve /etc/dex/config.docker.yaml`; run as `dex serve` it exits at start. The command literal
// of that name (the last word of `server run`) in the files serveCommand read is looked at with
// the test idleroot.go applies to a run or start command (cobra's Args requiring one or more,
// urfave/cli's ArgsUsage), and an ArgumentRequired note names it. Its example is the literal's
// own (cobra's `Example: "dex serve config.yaml"`) when it runs that command, else a path.

// serveArgNotes are an ArgumentRequired note for the server command sub when its literal
// requires an argument and the spec gives no cmd.
func serveArgNotes(s *spec.Spec, ws *workspace, run binary, f lang.Facts, sub string) (notes []plan.Note) {
	if s.Cmd != nil || sub == "" {
		return nil
	}
	words := strings.Fields(sub)
	name := words[len(words)-1]
	libs := commandLibrariesOf(ws)
	dirs, _ := servePackages(ws, strings.TrimPrefix(run.Pkg, "./"), libs, f)
	dirs = append(dirs, strings.TrimPrefix(run.Pkg, "./"))
	seen := map[string]bool{}
	for _, dir := range dirs {
		for _, file := range goFiles(f, dir) {
			if seen[file] {
				continue
			}
			seen[file] = true
			fset := token.NewFileSet()
			parsed, err := parser.ParseFile(fset, file, f[file], parser.SkipObjectResolution)
			if err != nil {
				continue
			}
			for _, l := range libs {
				lib, ok := idleRootLibraries[l.module]
				if !ok {
					continue
				}
				var found *ast.CompositeLit
				ast.Inspect(parsed, func(n ast.Node) bool {
					lit, ok := n.(*ast.CompositeLit)
					if !ok || found != nil {
						return found == nil
					}
					for _, c := range lib.commands(lit) {
						if use := strings.Fields(stringField(c, lib.name)); len(use) > 0 && use[0] == name && lib.needsArg(c) {
							found = c
						}
					}
					return found == nil
				})
				if found == nil {
					continue
				}
				usage := strings.TrimSpace(stringField(found, lib.name) + " " + stringField(found, "ArgsUsage"))
				what := "its `" + sub + "` command requires an argument (its usage `" + usage + "`)"
				where := file + ":" + strconv.Itoa(fset.Position(found.Pos()).Line)
				return append(notes, rules.ArgumentRequired.Note(lang.FirstField(s, "entrypoint", "language"),
					rules.ArgumentRequired.Format(where, what, run.Name+" "+sub, commandExample(stringField(found, "Example"), run.Name, words))))
			}
		}
	}
	return nil
}

// commandExample is the cmd to write: the words after the program in the command's own example
// when its first line runs the command (`dex serve config.yaml` gives `[serve, config.yaml]`),
// else the command and a path.
func commandExample(example, program string, sub []string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(example), "\n")
	words := strings.Fields(line)
	if len(words) > len(sub)+1 && strings.HasSuffix(words[0], program) && strings.Join(words[1:len(sub)+1], " ") == strings.Join(sub, " ") {
		return "[" + strings.Join(words[1:], ", ") + "]"
	}
	return "[" + strings.Join(append(append([]string{}, sub...), "/data"), ", ") + "]"
}
