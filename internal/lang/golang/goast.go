package golang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"strconv"
	"strings"
)

// field is the value of a keyed field of a literal, nil when unset.
func field(lit *ast.CompositeLit, key string) ast.Expr {
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == key {
				return kv.Value
			}
		}
	}
	return nil
}

func stringField(lit *ast.CompositeLit, key string) string {
	if b, ok := field(lit, key).(*ast.BasicLit); ok && b.Kind == token.STRING {
		v, _ := strconv.Unquote(b.Value)
		return v
	}
	return ""
}

// callName is "F()" for a call of F or of pkg.F, "" otherwise.
func callName(e ast.Expr) string {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return ""
	}
	switch f := call.Fun.(type) {
	case *ast.Ident:
		return f.Name + "()"
	case *ast.SelectorExpr:
		return f.Sel.Name + "()"
	}
	return ""
}

// stdImportNames are the names by which a file refers to the standard library's packages it
// imports (an import path without a dot in its first element): exec for os/exec.
func stdImportNames(file *ast.File) map[string]bool {
	out := map[string]bool{}
	for _, imp := range file.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || strings.Contains(strings.Split(p, "/")[0], ".") {
			continue
		}
		name := path.Base(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		out[name] = true
	}
	return out
}

// stdCall reports a call of a standard library package's function (exec.Command(...)), whose
// result is no root of a command library: cloudflared's `exec.Command(...).Run()` runs a
// program, and is not the execution of a root returned by a function of the project's named
// Command.
func stdCall(e ast.Expr, std map[string]bool) bool {
	x, _, ok := identCall(e)
	return ok && std[x]
}

// identCall is x and f of a call x.f(...) whose x is an identifier; ok is false for another
// expression.
func identCall(e ast.Expr) (x, f string, ok bool) {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return "", "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return "", "", false
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return "", "", false
	}
	return id.Name, sel.Sel.Name, true
}

// inspectAll inspects each of the Go sources that parses, as ast.Inspect does.
func inspectAll(texts []string, visit func(ast.Node) bool) {
	for _, file := range parseAll(texts) {
		ast.Inspect(file, visit)
	}
}

// parseAll are the Go sources that parse.
func parseAll(texts []string) []*ast.File {
	var out []*ast.File
	for _, text := range texts {
		if file, err := parser.ParseFile(token.NewFileSet(), "", text, parser.SkipObjectResolution); err == nil {
			out = append(out, file)
		}
	}
	return out
}

// statementValue is what a statement evaluates: an expression statement's expression, the one
// result a return gives, the one value an assignment takes; nil for another statement.
func statementValue(st ast.Stmt) ast.Expr {
	switch st := st.(type) {
	case *ast.ExprStmt:
		return st.X
	case *ast.ReturnStmt:
		if len(st.Results) == 1 {
			return st.Results[0]
		}
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 {
			return st.Rhs[0]
		}
	}
	return nil
}

// isNil reports the identifier nil.
func isNil(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "nil"
}
