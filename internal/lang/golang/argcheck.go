package golang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A program may require a positional argument without a usage line saying so in the shape
// usage.go reads: gossa prints `usage: ./gossa [OPTIONS] ~/directory-to-share` from
//
//	if flag.Parse(); len(flag.Args()) == 1 { rootPath = flag.Args()[0] } else { ...; os.Exit(1) }
//
// and the image running it alone exits at start. Planning reads the image's main package (its
// .go files, read anyway) with go/parser for an if statement of one comparison of the count
// of the arguments (flag.NArg(), len(flag.Args()), or len(os.Args), which counts the program
// too) with a constant, whose branch taken with no argument ends the program: its last
// statement is a call of os.Exit or log.Fatal(f|ln), or, in main, a return. A condition of
// several terms (`flag.NArg() == 0 && *dir == ""`: another flag gives the argument) or a
// FlagSet's count (a subcommand's) is not read. The spec's cmd, or a server subcommand found,
// gives the program arguments, so nothing is reported then (argumentNotes' caller).

// argCheckNotes are an ArgumentRequired note for the first such check of the image's main
// package: an if statement at the top level of main, or of a function of the package that main
// calls at its top level (a parseFlags), never one inside a switch's case or a loop, which may
// be a subcommand's.
func argCheckNotes(s *spec.Spec, run binary, f lang.Facts) (notes []plan.Note) {
	type parsedFile struct {
		name string
		src  []byte
		fset *token.FileSet
		file *ast.File
	}
	var files []parsedFile
	funcs := map[string]*ast.FuncDecl{}
	at := map[string]int{} // the file of each function
	for _, name := range goFiles(f, strings.TrimPrefix(run.Pkg, "./")) {
		fset := token.NewFileSet()
		parsed, err := parser.ParseFile(fset, name, f[name], parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range parsed.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Body != nil {
				funcs[fn.Name.Name], at[fn.Name.Name] = fn, len(files)
			}
		}
		files = append(files, parsedFile{name, f[name], fset, parsed})
	}
	main, ok := funcs["main"]
	if !ok {
		return nil
	}
	for _, name := range append([]string{"main"}, topCalls(main.Body)...) {
		fn, ok := funcs[name]
		if !ok {
			continue
		}
		pf := files[at[name]]
		for _, st := range fn.Body.List {
			n, ok := st.(*ast.IfStmt)
			if !ok || !exitsWithoutArguments(n, fn == main) {
				continue
			}
			cond := string(pf.src[pf.fset.Position(n.Cond.Pos()).Offset:pf.fset.Position(n.Cond.End()).Offset])
			what := "its main package exits when it is given no argument (`" + cond + "`)"
			where := pf.name + ":" + strconv.Itoa(pf.fset.Position(n.Pos()).Line)
			return append(notes, rules.ArgumentRequired.Note(lang.FirstField(s, "entrypoint", "language"),
				rules.ArgumentRequired.Format(where, what, run.Name, "[/data]")))
		}
	}
	return nil
}

// topCalls are the functions of the package a body calls by name in its top-level statements
// (`cfg := parseFlags()`), not inside their blocks or closures.
func topCalls(body *ast.BlockStmt) []string {
	var out []string
	for _, st := range body.List {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BlockStmt, *ast.FuncLit, *ast.CaseClause:
				return false
			case *ast.CallExpr:
				if id, ok := n.Fun.(*ast.Ident); ok && id.Name != "main" && !slices.Contains(out, id.Name) {
					out = append(out, id.Name)
				}
			}
			return true
		})
	}
	return out
}

// exitsWithoutArguments reports an if statement comparing the count of the arguments with a
// constant whose branch taken with none ends the program (inMain: a return does too).
func exitsWithoutArguments(n *ast.IfStmt, inMain bool) bool {
	b, ok := n.Cond.(*ast.BinaryExpr)
	if !ok {
		return false
	}
	count, lit, op := b.X, b.Y, b.Op
	if _, isLit := count.(*ast.BasicLit); isLit { // `0 == flag.NArg()`
		count, lit, op = b.Y, b.X, mirrored[b.Op]
	}
	none, ok := argCount(count)
	if !ok {
		return false
	}
	bl, ok := lit.(*ast.BasicLit)
	if !ok || bl.Kind != token.INT {
		return false
	}
	k, err := strconv.Atoi(bl.Value)
	if err != nil {
		return false
	}
	holds, ok := compare(none, op, k)
	if !ok {
		return false
	}
	branch := n.Body
	if !holds {
		branch, _ = n.Else.(*ast.BlockStmt) // an else if is not read
	}
	return branch != nil && endsProgram(branch, inMain)
}

// argCount reports whether e counts the arguments, and the count without any: flag.NArg() and
// len(flag.Args()) 0, len(os.Args) 1 (the program's name).
func argCount(e ast.Expr) (none int, ok bool) {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return 0, false
	}
	if isSelector(call.Fun, "flag", "NArg") && len(call.Args) == 0 {
		return 0, true
	}
	if id, isIdent := call.Fun.(*ast.Ident); isIdent && id.Name == "len" && len(call.Args) == 1 {
		switch a := call.Args[0].(type) {
		case *ast.CallExpr:
			if isSelector(a.Fun, "flag", "Args") && len(a.Args) == 0 {
				return 0, true
			}
		case *ast.SelectorExpr:
			if isSelector(a, "os", "Args") {
				return 1, true
			}
		}
	}
	return 0, false
}

// mirrored is the comparison with its operands swapped.
var mirrored = map[token.Token]token.Token{token.EQL: token.EQL, token.NEQ: token.NEQ,
	token.LSS: token.GTR, token.GTR: token.LSS, token.LEQ: token.GEQ, token.GEQ: token.LEQ}

// compare evaluates a op b; ok is false for an operator that is no comparison.
func compare(a int, op token.Token, b int) (holds, ok bool) {
	switch op {
	case token.EQL:
		return a == b, true
	case token.NEQ:
		return a != b, true
	case token.LSS:
		return a < b, true
	case token.LEQ:
		return a <= b, true
	case token.GTR:
		return a > b, true
	case token.GEQ:
		return a >= b, true
	}
	return false, false
}

// endsProgram reports a block whose last statement ends the program: os.Exit, log.Fatal,
// log.Fatalf, log.Fatalln, or, in main, a return.
func endsProgram(b *ast.BlockStmt, inMain bool) bool {
	if len(b.List) == 0 {
		return false
	}
	switch last := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return inMain
	case *ast.ExprStmt:
		call, ok := last.X.(*ast.CallExpr)
		if !ok {
			return false
		}
		for _, name := range []string{"Fatal", "Fatalf", "Fatalln"} {
			if isSelector(call.Fun, "log", name) {
				return true
			}
		}
		return isSelector(call.Fun, "os", "Exit")
	}
	return false
}
