package golang

import (
	"go/ast"
	"go/token"
	"regexp"
	"slices"
	"strings"
)

// A program whose root command runs nothing (no Run or RunE in cobra, no Action in urfave/cli)
// prints its help and exits when run without arguments. When its only command that takes no
// argument and is named run or start is there (pufferpanel's and maddy's `run`, sablier's
// `start`), that is what its own image runs. `run` is a common word (a tool's `run <script>`),
// so it is taken only when what the program does without arguments is read to be nothing: the
// root the files execute is a literal without Run, RunE or Action, none assigned to it later
// (`rootCmd.Run = serve` in an init function), and exactly one command is run or start, taking
// no argument (its Use names none but [flags], its Args require none, it has no ArgsUsage).
// The files are parsed, one detector for both libraries: a root literal holding a function
// (sablier's PersistentPreRunE) is read whole, and a root a function returns (sablier's `cmd :=
// sabliercmd.NewRootCommand(); cmd.Execute()`) is followed by the function's name.

// idleRootLibrary is how one library's root command and its commands are written.
type idleRootLibrary struct {
	pkg      string   // the package name the files use (cli, cobra)
	types    []string // the literal types of a root or a command
	runs     []string // the fields that make a literal run something
	name     string   // the field naming a command
	needsArg func(*ast.CompositeLit) bool
	execute  []string // the methods that run a root
	add      string   // the method adding a subcommand to a command (cobra's AddCommand), "" for none
}

var cobraArgsNeeding = regexp.MustCompile(`^(ExactArgs|MinimumNArgs|RangeArgs)$`)

// runOrStart is a command named run or start, as cobra's Use or urfave/cli's Name writes it.
var runOrStart = regexp.MustCompile(`^(run|start)(\s+\[flags\])?$`)

var (
	cobraIdleRoot = idleRootLibrary{pkg: "cobra", types: []string{"Command"}, runs: []string{"Run", "RunE"}, name: "Use",
		execute: []string{"Execute", "ExecuteC", "ExecuteContext", "ExecuteContextC"}, add: "AddCommand",
		needsArg: func(lit *ast.CompositeLit) bool {
			call, ok := field(lit, "Args").(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return false
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			n, isLit := call.Args[0].(*ast.BasicLit)
			return ok && cobraArgsNeeding.MatchString(sel.Sel.Name) && isLit && n.Value != "0"
		}}
	urfaveIdleRoot = idleRootLibrary{pkg: "cli", types: []string{"App", "Command"}, runs: []string{"Action"}, name: "Name",
		execute:  []string{"Run", "RunContext"},
		needsArg: func(lit *ast.CompositeLit) bool { return stringField(lit, "ArgsUsage") != "" }}
	// idleRootLibraries are the libraries read, by module (serve.go's commandLibraries).
	idleRootLibraries = map[string]idleRootLibrary{cobraModule: cobraIdleRoot, urfaveModule: urfaveIdleRoot}
)

// isType reports whether e is the library's type (pkg.T or *pkg.T) of one of names.
func (l idleRootLibrary) isType(e ast.Expr) bool {
	if st, ok := e.(*ast.StarExpr); ok {
		e = st.X
	}
	return slices.ContainsFunc(l.types, func(name string) bool { return isSelector(e, l.pkg, name) })
}

// roots is what the files say of their root commands: the names executed (a variable, or "F()"
// for the function that returned it), those holding a literal that runs nothing (idle) or
// something (running: a Run, RunE or Action other than printing the help), those given what they
// run after their literal (busy), and the run or start commands found (runs), needing an
// argument or not.
type roots struct {
	executed, idle, running, busy, runs []string
	needing                             bool
}

// readRoots reads the files' roots and commands.
func (l idleRootLibrary) readRoots(texts []string) roots {
	var r roots
	for _, file := range parseAll(texts) {
		l.readRootsOf(file, &r)
	}
	return r
}

// readRootsOf adds what one parsed file says to r (readRoots).
func (l idleRootLibrary) readRootsOf(file *ast.File, r *roots) {
	std := stdImportNames(file)
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				l.readFunc(n, std, r)
			}
		case *ast.ValueSpec:
			for i, v := range n.Values {
				if i < len(n.Names) {
					r.literal(l, n.Names[i].Name, v)
				}
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if x := l.runAssigned(lhs); x != "" {
					r.busy = append(r.busy, x)
				}
				if id, ok := lhs.(*ast.Ident); ok && i < len(n.Rhs) {
					if l.newApp(n.Rhs[i]) {
						r.idle = append(r.idle, id.Name)
					} else {
						r.literal(l, id.Name, n.Rhs[i])
					}
				}
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && slices.Contains(l.execute, sel.Sel.Name) {
				if x, ok := sel.X.(*ast.Ident); ok {
					r.executed = append(r.executed, x.Name)
				} else if c := callName(sel.X); c != "" && !stdCall(sel.X, std) {
					r.executed = append(r.executed, c)
				}
			}
		case *ast.CompositeLit:
			for _, lit := range l.commands(n) {
				if name := runOrStart.FindStringSubmatch(stringField(lit, l.name)); name != nil {
					r.runs = append(r.runs, name[1])
					r.needing = r.needing || l.needsArg(lit)
				}
			}
		}
		return true
	})
}

// literal records name as idle or running when e is a root or command literal of either kind.
func (r *roots) literal(l idleRootLibrary, name string, e ast.Expr) {
	switch {
	case l.idleLiteral(e):
		r.idle = append(r.idle, name)
	case l.runningLiteral(e):
		r.running = append(r.running, name)
	}
}

// idleExecuted reports a root executed that runs nothing; runningExecuted one that runs
// something, and none executed that runs nothing.
func (r roots) idleExecuted() bool {
	return slices.ContainsFunc(r.executed, func(name string) bool { return slices.Contains(r.idle, name) && !slices.Contains(r.busy, name) })
}

func (r roots) runningExecuted() bool {
	return !r.idleExecuted() && slices.ContainsFunc(r.executed, func(name string) bool {
		return slices.Contains(r.running, name) || slices.Contains(r.busy, name)
	})
}

// idleRootRun is "run" or "start" when the files' root command runs nothing and their one
// command of those names takes no argument, "" otherwise.
func (l idleRootLibrary) idleRootRun(texts []string) string {
	r := l.readRoots(texts)
	if r.needing || len(r.runs) != 1 || !r.idleExecuted() {
		return ""
	}
	return r.runs[0]
}

// rootRuns reports whether the root command the files execute runs something itself, other
// than printing its help (centrifugo's `Run: func(...) { Run(cmd, configFile) }`, in the
// function its main calls for the root): run without arguments, the program is the server, and
// a `serve` command beside it is something else (centrifugo's is a development file server).
func (l idleRootLibrary) rootRuns(texts []string) bool {
	return l.readRoots(texts).runningExecuted()
}

// commands are n, when it is a command literal, and the elements of a slice of them written
// without their type (urfave/cli's `Commands: []*cli.Command{{Name: "run"}}`).
func (l idleRootLibrary) commands(n *ast.CompositeLit) []*ast.CompositeLit {
	if n.Type != nil && l.isType(n.Type) {
		return []*ast.CompositeLit{n}
	}
	arr, ok := n.Type.(*ast.ArrayType)
	if !ok || !l.isType(arr.Elt) {
		return nil
	}
	var out []*ast.CompositeLit
	for _, e := range n.Elts {
		if u, ok := e.(*ast.UnaryExpr); ok {
			e = u.X
		}
		if lit, ok := e.(*ast.CompositeLit); ok && lit.Type == nil {
			out = append(out, lit)
		}
	}
	return out
}

// idleLiteral reports whether e is a root or command literal (or its address) running nothing.
func (l idleRootLibrary) idleLiteral(e ast.Expr) bool {
	lit, ok := l.literalOf(e)
	return ok && !slices.ContainsFunc(l.runs, func(f string) bool { return field(lit, f) != nil })
}

// runningLiteral reports whether e is a root or command literal (or its address) running
// something: a Run, RunE or Action that is not a function literal printing the help alone.
func (l idleRootLibrary) runningLiteral(e ast.Expr) bool {
	lit, ok := l.literalOf(e)
	return ok && slices.ContainsFunc(l.runs, func(f string) bool {
		v := field(lit, f)
		return v != nil && !helpOnly(v) && !terminalUIOnly(v)
	})
}

// terminalUIName is a function or package named for a terminal UI (Ech0's cli.DoTui, a
// tui.Run, RunTUI).
var terminalUIName = regexp.MustCompile(`(?:^|[^A-Za-z])tui|Tui|TUI`)

// terminalUIOnly reports a function literal whose every statement calls a function named for a
// terminal UI (Ech0's root `Run: func(...) { cli.DoTui() }`): run without arguments, the
// program opens an interactive form, which a container has no terminal for, so the root is no
// server and a serve command beside it is what the image runs.
func terminalUIOnly(e ast.Expr) bool {
	fn, ok := e.(*ast.FuncLit)
	if !ok || len(fn.Body.List) == 0 {
		return false
	}
	for _, st := range fn.Body.List {
		c, ok := statementValue(st).(*ast.CallExpr)
		if !ok {
			return false
		}
		name := ""
		switch f := c.Fun.(type) {
		case *ast.Ident:
			name = f.Name
		case *ast.SelectorExpr:
			name = f.Sel.Name
			if x, ok := f.X.(*ast.Ident); ok {
				name = x.Name + "." + name
			}
		}
		if !terminalUIName.MatchString(name) {
			return false
		}
	}
	return true
}

// aliasCommands are the names of the commands declared only hidden or deprecated (Ech0's `web`,
// `Deprecated: "use serve instead"`, `Hidden: true`): an alias of another command, which a
// server command of another name then is.
func (l idleRootLibrary) aliasCommands(texts []string) []string {
	var hidden, shown []string
	inspectAll(texts, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		for _, c := range l.commands(lit) {
			name := strings.Fields(stringField(c, l.name) + " ")[0]
			if name == "" {
				continue
			}
			if h, ok := field(c, "Hidden").(*ast.Ident); ok && h.Name == "true" || stringField(c, "Deprecated") != "" {
				hidden = append(hidden, name)
			} else {
				shown = append(shown, name)
			}
		}
		return true
	})
	return slices.DeleteFunc(hidden, func(name string) bool { return slices.Contains(shown, name) })
}

// literalOf is e, or what it takes the address of, when that is a literal of the library's root
// or command type.
func (l idleRootLibrary) literalOf(e ast.Expr) (*ast.CompositeLit, bool) {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	lit, ok := e.(*ast.CompositeLit)
	return lit, ok && lit.Type != nil && l.isType(lit.Type)
}

// helpOnly reports a function literal that prints the help and does nothing else: its
// statements call a Help or Usage method or function (cobra's `cmd.Help()`, urfave/cli's
// `cli.ShowAppHelp(c)`), returned or its result dropped, or exit (`os.Exit(0)` after it, as
// semaphore's root does, or a bare return): a root that prints its help, as one without Run does.
func helpOnly(e ast.Expr) bool {
	fn, ok := e.(*ast.FuncLit)
	if !ok {
		return false
	}
	help := false
	for _, st := range fn.Body.List {
		if r, ok := st.(*ast.ReturnStmt); ok && (len(r.Results) == 0 || len(r.Results) == 1 && isNil(r.Results[0])) {
			continue
		}
		name := strings.TrimSuffix(callName(statementValue(st)), "()")
		switch {
		case strings.Contains(name, "Help") || strings.Contains(name, "Usage"):
			help = true
		case name != "Exit":
			return false
		}
	}
	return help
}

// newApp reports whether e is urfave/cli's cli.NewApp(), an App with no Action yet.
func (l idleRootLibrary) newApp(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok || l.pkg != "cli" {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, isIdent := sel.X.(*ast.Ident)
	return isIdent && x.Name == "cli" && sel.Sel.Name == "NewApp"
}

// runAssigned is x of an assignment's left side x.Run, x.RunE or x.Action (a root given what
// it runs after its literal), "" otherwise.
func (l idleRootLibrary) runAssigned(lhs ast.Expr) string {
	if sel, ok := lhs.(*ast.SelectorExpr); ok && slices.Contains(l.runs, sel.Sel.Name) {
		if x, ok := sel.X.(*ast.Ident); ok {
			return x.Name
		}
	}
	return ""
}

// readFunc adds what a function's body says: "F()" is idle when F returns an idle literal or a
// variable it assigned one to and gave nothing to run later (`root.RunE = run`), running when it
// returns a running literal or a variable it assigned one to, or gave one what to run; and a
// variable assigned a call's result and executed stands for the function called (both names are
// recorded).
func (l idleRootLibrary) readFunc(fn *ast.FuncDecl, std map[string]bool, r *roots) {
	var local, localRunning, busy, returned []string
	calls := map[string]string{}
	returnsIdle, returnsRunning := false, false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if x := l.runAssigned(lhs); x != "" {
					busy = append(busy, x)
				}
				id, ok := lhs.(*ast.Ident)
				if !ok || i >= len(n.Rhs) {
					continue
				}
				if l.idleLiteral(n.Rhs[i]) {
					local = append(local, id.Name)
				} else if l.runningLiteral(n.Rhs[i]) {
					localRunning = append(localRunning, id.Name)
				} else if c := callName(n.Rhs[i]); c != "" && !stdCall(n.Rhs[i], std) {
					calls[id.Name] = c
				}
			}
		case *ast.ReturnStmt:
			for _, res := range n.Results {
				if id, ok := res.(*ast.Ident); ok {
					returned = append(returned, id.Name)
				} else if l.idleLiteral(res) {
					returnsIdle = true
				} else if l.runningLiteral(res) {
					returnsRunning = true
				}
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && slices.Contains(l.execute, sel.Sel.Name) {
				if x, ok := sel.X.(*ast.Ident); ok && calls[x.Name] != "" {
					r.executed = append(r.executed, calls[x.Name])
				}
			}
		}
		return true
	})
	if returnsIdle || slices.ContainsFunc(returned, func(name string) bool { return slices.Contains(local, name) && !slices.Contains(busy, name) }) {
		r.idle = append(r.idle, fn.Name.Name+"()")
	}
	if returnsRunning || slices.ContainsFunc(returned, func(name string) bool {
		return slices.Contains(localRunning, name) || slices.Contains(local, name) && slices.Contains(busy, name)
	}) {
		r.running = append(r.running, fn.Name.Name+"()")
	}
}
