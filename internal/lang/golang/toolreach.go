package golang

import (
	"go/ast"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"
)

// A tool run only by a command the image does not run is not the image's: apache/answer's
// `answer build` (a developer's command rebuilding the binary with plugins) clones a module
// with git, while its image runs `answer run`, which never does. When the image's command is
// known (the spec's cmd, or the subcommand planning found, serve.go) and the searched files hold
// a cobra command literal of that name, a tool use is left out when every chain of references
// to the function holding it, followed back through the functions of the files searched, ends
// in the Run, RunE, PreRun(E) or PostRun(E) of a cobra command literal of another name. A
// chain ending anywhere else counts the use: a package-level declaration (a command literal's
// own, whose Run the image's command is, a variable's initializer), init or main, an
// unexported function nothing references, an exported one no searched file references (a
// package not read may call it), a method (its callers are not followed: the value's type is
// not known here), or a file importing the package with a dot. References are by name: an
// identifier of the package, a selector of the package's import (its name or alias).

// commandRunFields are the fields of a cobra command that run only when that command does
// (a Persistent hook runs for its subcommands too).
var commandRunFields = []string{"Run", "RunE", "PreRun", "PreRunE", "PostRun", "PostRunE"}

// parsedGo is a Go file of the searched set, parsed.
type parsedGo struct {
	name string
	dir  string
	file *ast.File
}

// reach answers whether a tool use is reached from the image's command.
type reach struct {
	files    []parsedGo
	excluded []span                         // the run fields' values of other commands' literals
	image    bool                           // a command literal named as the image's command was found
	dirOf    func(importPath string) string // the context directory of a package of the module, "" for another's
}

type span struct {
	file     string
	pos, end token.Pos
}

// newReach finds the cobra command literals of the files; words are the image's command words
// (none: the image runs the root, and every use counts).
func newReach(files []parsedGo, words []string, dirOf func(string) string) *reach {
	r := &reach{dirOf: dirOf, files: files}
	if len(words) == 0 {
		return r
	}
	for _, pf := range files {
		name, parsed := pf.name, pf.file
		cobra := importName(parsed, cobraModule)
		if cobra == "" {
			continue
		}
		ast.Inspect(parsed, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || !isSelector(lit.Type, cobra, "Command") {
				return true
			}
			use := ""
			var runs []ast.Expr
			for _, e := range lit.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok { // an unkeyed field: nothing named
					continue
				}
				key, isIdent := kv.Key.(*ast.Ident)
				if !isIdent {
					continue
				}
				if s, isLit := kv.Value.(*ast.BasicLit); key.Name == "Use" && isLit && s.Kind == token.STRING {
					use, _ = strconv.Unquote(s.Value)
				}
				if slices.Contains(commandRunFields, key.Name) {
					runs = append(runs, kv.Value)
				}
			}
			command, _, _ := strings.Cut(strings.TrimSpace(use), " ")
			switch {
			case command == "":
			case slices.Contains(words, command):
				r.image = true
			default:
				for _, v := range runs {
					r.excluded = append(r.excluded, span{file: name, pos: v.Pos(), end: v.End()})
				}
			}
			return true
		})
	}
	return r
}

// importName is the name a file gives the import of the module's root package, "" if not
// imported.
func importName(f *ast.File, module string) string {
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || p != module {
			continue
		}
		if imp.Name != nil {
			return imp.Name.Name
		}
		return path.Base(p)
	}
	return ""
}

func isSelector(e ast.Expr, pkg, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == pkg && sel.Sel.Name == name
}

// otherCommandsOnly reports whether the use at pos of file is reached only from other
// commands' run fields (see above).
func (r *reach) otherCommandsOnly(file string, pos token.Pos) bool {
	if !r.image || len(r.excluded) == 0 {
		return false
	}
	var pf *parsedGo
	for i := range r.files {
		if r.files[i].name == file {
			pf = &r.files[i]
		}
	}
	if pf == nil {
		return false
	}
	start, ok := enclosingFunc(pf.file, pos)
	if !ok {
		return false
	}
	seen := map[funcRef]bool{}
	queue := []funcRef{start.in(pf.dir)}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if seen[cur] {
			continue
		}
		seen[cur] = true
		if cur.method || cur.name == "init" || cur.name == "main" {
			return false
		}
		refs := 0
		for _, f := range r.files {
			at, dotted := r.references(f, cur.dir, cur.name)
			if dotted {
				return false
			}
			for _, at := range at {
				refs++
				if r.isExcluded(f.name, at) {
					continue
				}
				caller, ok := enclosingFunc(f.file, at)
				if !ok {
					return false // a package-level declaration
				}
				queue = append(queue, caller.in(f.dir))
			}
		}
		if refs == 0 {
			return false // unreferenced: called from a package not read, or by reflection
		}
	}
	return true
}

// funcRef is a top-level function declaration of the package in dir.
type funcRef struct {
	dir, name string
	method    bool
}

func (f funcRef) in(dir string) funcRef {
	f.dir = dir
	return f
}

// enclosingFunc is the top-level function declaration holding pos, false for none.
func enclosingFunc(f *ast.File, pos token.Pos) (funcRef, bool) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if ok && fd.Pos() <= pos && pos < fd.End() {
			return funcRef{name: fd.Name.Name, method: fd.Recv != nil}, true
		}
	}
	return funcRef{}, false
}

// references are the positions in f naming the function name of the package in dir: an
// identifier in the package's own files (its declaration left out), a selector of the
// package's import elsewhere; dotted when f imports the package with a dot.
func (r *reach) references(f parsedGo, dir, name string) (out []token.Pos, dotted bool) {
	if f.dir == dir {
		ast.Inspect(f.file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if n.Name == name && !isDeclName(f.file, n) {
					out = append(out, n.Pos())
				}
			}
			return true
		})
		return out, false
	}
	for _, imp := range f.file.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || r.dirOf(p) != dir {
			continue
		}
		alias := r.packageName(dir, path.Base(p))
		if imp.Name != nil {
			alias = imp.Name.Name
		}
		if alias == "." {
			return nil, true
		}
		ast.Inspect(f.file, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && isSelector(sel, alias, name) {
				out = append(out, sel.Pos())
			}
			return true
		})
	}
	return out, false
}

// packageName is the name the package clause of the package in dir gives it, else def.
func (r *reach) packageName(dir, def string) string {
	for _, f := range r.files {
		if f.dir == dir {
			return f.file.Name.Name
		}
	}
	return def
}

// isDeclName reports whether the identifier is a top-level function declaration's name.
func isDeclName(f *ast.File, id *ast.Ident) bool {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name == id {
			return true
		}
	}
	return false
}

func (r *reach) isExcluded(file string, pos token.Pos) bool {
	return slices.ContainsFunc(r.excluded, func(s span) bool { return s.file == file && s.pos <= pos && pos < s.end })
}
