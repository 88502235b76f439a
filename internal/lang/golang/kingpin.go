package golang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
)

// kingpin declares a subcommand by a call, `app.Command("server", "starts the server")`, on
// the application (kingpin.New's, or the package's own: kingpin.Command), and an application
// with commands refuses to run without one ("expected command but got none"): gitness's image,
// run without arguments, exits, while its own Dockerfile runs `gitness server`. A server
// command is read from the parsed file: a Command call whose first argument is one of
// serverCommands, on the package's name, on a variable assigned kingpin.New(...), or on a
// parameter of type *kingpin.Application. A command of another clause (kopia's
// `parent.Command("server", ...)` below `repository connect`, its parent an interface) is
// not the application's; a server command made the default (`.Default()`), which runs
// without arguments, or given subcommands of its own (`cmd.Command("start", ...)`), which
// then needs one, is none.

// kingpinPaths are the import paths of kingpin's package.
var kingpinPaths = []string{"github.com/alecthomas/kingpin/v2", "github.com/alecthomas/kingpin", "gopkg.in/alecthomas/kingpin.v2"}

// kingpinServers are the server commands of a Go file's kingpin application.
func kingpinServers(text string) []string {
	file, err := parser.ParseFile(token.NewFileSet(), "", text, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	pkg := ""
	for _, imp := range file.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil && slices.Contains(kingpinPaths, p) {
			pkg = "kingpin" // the package's name at every path (gopkg.in's kingpin.v2 too)
			if imp.Name != nil {
				pkg = imp.Name.Name
			}
		}
	}
	if pkg == "" || pkg == "_" || pkg == "." {
		return nil
	}
	apps := map[string]bool{pkg: true} // the names standing for an application
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			if st, ok := n.Type.(*ast.StarExpr); ok && isSelector(st.X, pkg, "Application") {
				for _, name := range n.Names {
					apps[name.Name] = true
				}
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && i < len(n.Rhs) && isCallOf(n.Rhs[i], pkg, "New") {
					apps[id.Name] = true
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if i < len(n.Values) && isCallOf(n.Values[i], pkg, "New") {
					apps[name.Name] = true
				}
			}
		}
		return true
	})
	// serverOf is the server command a chain of calls starts with (`app.Command("server",
	// ...).Action(run)`), "" for another chain; def reports a .Default() in the chain.
	serverOf := func(e ast.Expr) (name string, def bool) {
		for {
			call, ok := e.(*ast.CallExpr)
			if !ok {
				return "", false
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return "", false
			}
			if sel.Sel.Name == "Default" && len(call.Args) == 0 {
				def = true
			}
			if x, ok := sel.X.(*ast.Ident); ok && apps[x.Name] && sel.Sel.Name == "Command" && len(call.Args) > 0 {
				lit, ok := call.Args[0].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return "", false
				}
				v, _ := strconv.Unquote(lit.Value)
				if !slices.Contains(serverCommands, v) {
					return "", false
				}
				return v, def
			}
			e = sel.X
		}
	}
	var names, dropped []string
	vars := map[string]string{} // a variable holding a server command, and its name
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && i < len(n.Rhs) {
					if name, _ := serverOf(n.Rhs[i]); name != "" {
						vars[id.Name] = name
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if i < len(n.Values) {
					if name, _ := serverOf(n.Values[i]); name != "" {
						vars[id.Name] = name
					}
				}
			}
		case *ast.CallExpr:
			if name, def := serverOf(n); name != "" {
				if def {
					dropped = append(dropped, name)
				}
				names = append(names, name)
				return false // the chain's inner calls are this one's
			}
		}
		return true
	})
	// a variable's later .Default() or .Command(...): a default command, or a group
	ast.Inspect(file, func(n ast.Node) bool {
		e, _ := n.(ast.Expr)
		if x, f, ok := identCall(e); ok && vars[x] != "" && (f == "Default" || f == "Command") {
			dropped = append(dropped, vars[x])
		}
		return true
	})
	return slices.DeleteFunc(names, func(name string) bool { return slices.Contains(dropped, name) })
}

// isCallOf reports a call of pkg.name.
func isCallOf(e ast.Expr, pkg, name string) bool {
	call, ok := e.(*ast.CallExpr)
	return ok && isSelector(call.Fun, pkg, name)
}
