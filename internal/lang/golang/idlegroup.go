package golang

import (
	"cmp"
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

// A server command may be a group whose own literal runs nothing, its subcommand running the
// server (ezbookkeeping's urfave/cli `server`, whose Commands hold `run`, as its image's
// script runs `ezbookkeeping server run`; gotosocial's cobra `server`, given `start` by
// AddCommand, as its image runs `gotosocial server start`): run without it, the program prints
// the group's help and exits.

// groupRun is the run or start subcommand of the command literal named name when that literal
// runs nothing itself and its subcommands (cobra's and urfave/cli's `Commands`, urfave/cli v2's
// `Subcommands`, cobra's commands given to its AddCommand: addedCommands) hold exactly one of
// those names, taking no argument; "" otherwise.
func (l idleRootLibrary) groupRun(texts []string, name string) string {
	var runs []string
	groups, needing, runsItself := 0, false, false
	files := parseAll(texts)
	added := l.addedCommands(files)
	for _, file := range files {
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || lit.Type == nil || !l.isType(lit.Type) || !runOrServe(l, lit, name) {
				return true
			}
			groups++
			if slices.ContainsFunc(l.runs, func(f string) bool { return field(lit, f) != nil }) {
				runsItself = true // its name alone is the command
				return true
			}
			subs := added[lit]
			for _, key := range []string{"Commands", "Subcommands"} {
				if c, ok := field(lit, key).(*ast.CompositeLit); ok {
					subs = append(subs, l.commands(c)...)
				}
			}
			for _, sub := range subs {
				if m := runOrStart.FindStringSubmatch(stringField(sub, l.name)); m != nil {
					runs = append(runs, m[1])
					needing = needing || l.needsArg(sub)
				}
			}
			return true
		})
	}
	if groups != 1 || needing || runsItself || len(runs) != 1 {
		return ""
	}
	return runs[0]
}

// addedCommands are, with cobra, the command literals each command literal is given by
// AddCommand (gotosocial's `serverCmd.AddCommand(serverStartCmd)`, both variables holding a
// literal): the command and its arguments are variables, resolved in the function calling
// AddCommand and else among the files' package-level variables, or literals written in the call.
// A command a function returns (`AddCommand(newStartCmd())`) is not followed.
func (l idleRootLibrary) addedCommands(files []*ast.File) map[*ast.CompositeLit][]*ast.CompositeLit {
	out := map[*ast.CompositeLit][]*ast.CompositeLit{}
	if l.add == "" {
		return out
	}
	global := map[string]*ast.CompositeLit{}
	assign := func(vars map[string]*ast.CompositeLit, names []ast.Expr, values []ast.Expr) {
		for i, n := range names {
			if id, ok := n.(*ast.Ident); ok && i < len(values) {
				if lit, ok := l.literalOf(values[i]); ok {
					vars[id.Name] = lit
				}
			}
		}
	}
	specs := func(vars map[string]*ast.CompositeLit, d *ast.GenDecl) {
		for _, sp := range d.Specs {
			if vs, ok := sp.(*ast.ValueSpec); ok {
				names := make([]ast.Expr, len(vs.Names))
				for i, id := range vs.Names {
					names[i] = id
				}
				assign(vars, names, vs.Values)
			}
		}
	}
	for _, file := range files {
		for _, d := range file.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
				specs(global, g)
			}
		}
	}
	for _, file := range files {
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			local := map[string]*ast.CompositeLit{}
			resolve := func(e ast.Expr) *ast.CompositeLit {
				if lit, ok := l.literalOf(e); ok {
					return lit
				}
				if id, ok := e.(*ast.Ident); ok {
					return cmp.Or(local[id.Name], global[id.Name])
				}
				return nil
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					assign(local, n.Lhs, n.Rhs)
				case *ast.DeclStmt:
					if g, ok := n.Decl.(*ast.GenDecl); ok && g.Tok == token.VAR {
						specs(local, g)
					}
				case *ast.CallExpr:
					sel, ok := n.Fun.(*ast.SelectorExpr)
					if !ok || sel.Sel.Name != l.add {
						return true
					}
					if group := resolve(sel.X); group != nil {
						for _, a := range n.Args {
							if sub := resolve(a); sub != nil {
								out[group] = append(out[group], sub)
							}
						}
					}
				}
				return true
			})
		}
	}
	return out
}

// runOrServe reports a command literal whose name is name (a server command's Use may add an
// argument synopsis: "serve [flags]").
func runOrServe(l idleRootLibrary, lit *ast.CompositeLit, name string) bool {
	n, _, _ := strings.Cut(stringField(lit, l.name), " ")
	return n == name
}
