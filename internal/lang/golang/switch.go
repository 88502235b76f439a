package golang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A program without a command library may pick its command by hand: `switch os.Args[1] {
// case "serve": ... }`, or a variable set from the arguments first (goatcounter's `cmd, err :=
// f.ShiftCommand(...)` over os.Args, then `switch cmd`). Run without arguments, such a program
// prints its usage or exits. Planning reads the main package's Go files, which it reads anyway
// (listen.go), and looks for a switch whose tag is the first argument: os.Args[1], flag.Arg(0),
// flag.Args()[0], or an identifier (or that identifier's [0]: args[0]) the same function assigns
// from an expression naming os.Args, flag.Arg(s), a call whose name ends in Command, or an
// identifier assigned so before it (chisel's `subcmd = args[0]` after `args := flag.Args()`). A case of
// that switch listing one of serverCommands ("serve", "server", "web") names the server
// command, unless the same case lists "" (no argument runs it already). A table of commands
// does the same (mox's `var commands = []struct{cmd string; fn func(c *cmd)}{{"serve",
// cmdServe}, ...}`): a package-level slice of two or more unkeyed literals, each a command's
// name and the function running it. As for the command libraries (serve.go), exactly one such
// name must be found; the spec's cmd replaces it.

// argsSource is an expression that yields the command-line arguments or the command among them.
var argsSource = regexp.MustCompile(`\bos\.Args\b|\bflag\.Args?\(|Command\(`)

// switchCommand is the server command of a hand-written switch in the main package in dir, ""
// for none or several.
func switchCommand(s *spec.Spec, bin binary, f lang.Facts) string {
	if s.Cmd != nil {
		return ""
	}
	var names []string
	for _, file := range goFiles(f, strings.TrimPrefix(bin.Pkg, "./")) {
		names = lang.AppendNew(names, switchServerCases(f[file])...)
	}
	if len(names) != 1 {
		return ""
	}
	return names[0]
}

// switchServerCases are the server names in the cases of the command switches of a Go file.
func switchServerCases(src []byte) []string {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "", src, 0)
	if err != nil {
		return nil
	}
	text := func(e ast.Node) string {
		return string(src[fset.Position(e.Pos()).Offset:fset.Position(e.End()).Offset])
	}
	names := tableServerCommands(file)
	for _, decl := range file.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		fromArgs := argsAssigned(fn.Body, text)
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			sw, ok := n.(*ast.SwitchStmt)
			if !ok || sw.Tag == nil || !isCommandTag(sw.Tag, text, fromArgs) {
				return true
			}
			for _, stmt := range sw.Body.List {
				var values []string
				for _, e := range stmt.(*ast.CaseClause).List {
					if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if v, err := strconv.Unquote(lit.Value); err == nil {
							values = append(values, v)
						}
					}
				}
				for _, v := range values {
					if slices.Contains(serverCommands, v) && !slices.Contains(values, "") && !slices.Contains(names, v) {
						names = append(names, v)
					}
				}
			}
			return true
		})
	}
	return names
}

// namesOneOf reports whether the expression names one of the identifiers.
func namesOneOf(e ast.Expr, ids []string) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && slices.Contains(ids, id.Name) {
			found = true
		}
		return !found
	})
	return found
}

// argsAssigned are the identifiers a function body assigns from the arguments (argsSource), or
// from an identifier assigned so before (chisel's `args := flag.Args()`, then `subcmd =
// args[0]` and `switch subcmd`).
func argsAssigned(body *ast.BlockStmt, text func(ast.Node) string) []string {
	var out []string
	ast.Inspect(body, func(n ast.Node) bool {
		a, ok := n.(*ast.AssignStmt)
		if !ok || len(a.Rhs) == 0 {
			return true
		}
		from := false
		for _, r := range a.Rhs {
			from = from || argsSource.MatchString(text(r)) || namesOneOf(r, out)
		}
		for _, l := range a.Lhs {
			if id, ok := l.(*ast.Ident); ok && from && id.Name != "_" {
				out = append(out, id.Name)
			}
		}
		return true
	})
	return out
}

// isCommandTag reports a switch tag that is the program's first argument.
func isCommandTag(tag ast.Expr, text func(ast.Node) string, fromArgs []string) bool {
	switch t := strings.Join(strings.Fields(text(tag)), ""); {
	case t == "os.Args[1]" || t == "flag.Arg(0)" || t == "flag.Args()[0]":
		return true
	case strings.HasSuffix(t, "[0]"): // args[0] of args := os.Args[1:]
		id, ok := tag.(*ast.IndexExpr).X.(*ast.Ident)
		return ok && slices.Contains(fromArgs, id.Name)
	default:
		id, ok := tag.(*ast.Ident)
		return ok && slices.Contains(fromArgs, id.Name)
	}
}

// tableServerCommands are the server names of a file's command tables: package-level slices
// whose elements (two at least) are each a string literal and a function (`{"serve", cmdServe}`).
func tableServerCommands(file *ast.File) []string {
	var names []string
	for _, entry := range commandTables(file) {
		if slices.Contains(serverCommands, entry.name) && !slices.Contains(names, entry.name) {
			names = append(names, entry.name)
		}
	}
	return names
}

// tableEntry is a command of a command table: its name, and its function's when an identifier
// names it ("" for a function literal).
type tableEntry struct{ name, fn string }

// commandTables are the entries of a file's command tables (tableServerCommands).
func commandTables(file *ast.File) []tableEntry {
	var entries []tableEntry
	for _, decl := range file.Decls {
		g, ok := decl.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, spec := range g.Specs {
			for _, v := range spec.(*ast.ValueSpec).Values {
				lit, ok := v.(*ast.CompositeLit)
				if !ok || len(lit.Elts) < 2 {
					continue
				}
				if _, slice := lit.Type.(*ast.ArrayType); !slice {
					continue
				}
				var table []tableEntry
				for _, e := range lit.Elts {
					entry, ok := e.(*ast.CompositeLit)
					if !ok || entry.Type != nil || len(entry.Elts) != 2 {
						break
					}
					name, isString := entry.Elts[0].(*ast.BasicLit)
					fn, isFunc := entry.Elts[1].(*ast.Ident)
					_, isLit := entry.Elts[1].(*ast.FuncLit)
					if !isString || name.Kind != token.STRING || !isFunc && !isLit {
						break
					}
					n, _ := strconv.Unquote(name.Value)
					te := tableEntry{name: n}
					if isFunc {
						te.fn = fn.Name
					}
					table = append(table, te)
				}
				if len(table) == len(lit.Elts) { // every element is a command
					entries = append(entries, table...)
				}
			}
		}
	}
	return entries
}

// otherCommandLines are, by file of the main package in dir, the line ranges of the functions
// its command tables run for a command other than sub (mox's cmdUpdatesServe beside its
// `serve`): a listen flag declared there is not the server's.
func otherCommandLines(f lang.Facts, dir, sub string) map[string][][2]int {
	name, _, _ := strings.Cut(sub, " ")
	files := goFiles(f, dir)
	var others []string
	parsed := map[string]*ast.File{}
	fsets := map[string]*token.FileSet{}
	for _, file := range files {
		fset := token.NewFileSet()
		pf, err := parser.ParseFile(fset, file, f[file], parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		parsed[file], fsets[file] = pf, fset
		for _, e := range commandTables(pf) {
			if e.fn != "" && e.name != name {
				others = append(others, e.fn)
			}
		}
	}
	out := map[string][][2]int{}
	for file, pf := range parsed {
		for _, d := range pf.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && slices.Contains(others, fn.Name.Name) {
				out[file] = append(out[file], [2]int{fsets[file].Position(fn.Pos()).Line, fsets[file].Position(fn.End()).Line})
			}
		}
	}
	return out
}
