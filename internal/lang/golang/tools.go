package golang

import (
	"cmp"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A Go program may run another program at run time: gogs runs `git` for every repository
// operation and exits at start when exec.LookPath("git") fails. Distroless and scratch hold no
// program but the binary (not even a shell), so such an image builds and then fails.
//
// Planning reads the main package the image runs (not the other programs it ships) and the
// packages of its module it imports, within walkPackages' bounds and one level deeper
// (toolFiles), whatever libraries it uses: gonic, a server on the standard library, runs mpv in
// its jukebox package (a second round of reading the context for such a program). It looks for a call of
// os/exec naming a program by a string literal: exec.Command("git", ...),
// exec.CommandContext(ctx, "git", ...), exec.LookPath("git"). Only the programs of runtimeTools count, those a distroless image lacks
// and a Debian or Alpine package provides; a program named by a variable, a setting or
// os.Args[0] is the program's business. A call in a comment or a string, in a test file, in a
// file Go leaves out of a Linux build (`_windows.go`, `//go:build darwin`), or inside
// `if _, err := exec.LookPath(tool); err == nil { ... }` (run only when there) is not one.
//
// What is done depends on the runtime:
//   - the spec names none: the runtime is slim (Debian), with the tools' packages installed, as
//     Rust's runtime is for a native library: the image runs as the program needs;
//   - slim or alpine: the tools that base lacks are installed;
//   - distroless or scratch: RuntimeToolMissing names the file, line and tool, and the fix;
//   - an image the spec names: nothing (what it holds is its own).

// runtimeTool is a program the runtime lacks, and the package that provides it for each
// package manager of the runtime aliases ("" when the base has it already).
type runtimeTool struct {
	Name     string
	Apt, Apk string
}

// runtimeTools are the programs a Go server commonly runs, which distroless lacks.
var runtimeTools = slices.Concat([]runtimeTool{
	{Name: "sh"}, {Name: "tar"}, {Name: "gzip"}, // in Debian's and Alpine's (BusyBox's) base
	{Name: "bash", Apk: "bash"},
	{Name: "wget", Apt: "wget"}, {Name: "unzip", Apt: "unzip"}, // BusyBox has them
	{Name: "ssh-keygen", Apt: "openssh-client", Apk: "openssh-keygen"},
	{Name: "sqlite3", Apt: "sqlite3", Apk: "sqlite"},
	{Name: "mysqldump", Apt: "default-mysql-client", Apk: "mysql-client"},
},
	inPackage("", "git", "curl", "zip", "rsync", "openssl", "ffmpeg", "pandoc", "mpv"),
	inPackage("openssh-client", "ssh"),
	inPackage("ffmpeg", "ffprobe"),
	inPackage("gnupg", "gpg"),
	inPackage("imagemagick", "convert", "magick"),
	inPackage("ghostscript", "gs"),
	inPackage("postgresql-client", "pg_dump", "psql"),
	inPackage("mercurial", "hg"),
	inPackage("subversion", "svn"),
	// semaphore's ansible-playbook: Debian's and Alpine's ansible, ansible-core and its collections,
	// as its own image's pip install of ansible
	inPackage("ansible", "ansible", "ansible-playbook", "ansible-galaxy"),
)

// inPackage are programs that Debian's and Alpine's package pkg both provide; with pkg "", each
// program's own package, of its name.
func inPackage(pkg string, names ...string) []runtimeTool {
	out := make([]runtimeTool, len(names))
	for i, name := range names {
		out[i] = runtimeTool{Name: name, Apt: cmp.Or(pkg, name), Apk: cmp.Or(pkg, name)}
	}
	return out
}

// execFuncs are the functions of os/exec that name a program, and the argument that does.
var execFuncs = map[string]int{"Command": 0, "CommandContext": 1, "LookPath": 0}

// toolUse is a call naming a program of runtimeTools.
type toolUse struct {
	Tool runtimeTool
	File string
	Line int
	Call string // exec.Command("git")
}

func (u toolUse) String() string {
	return u.File + ":" + strconv.Itoa(u.Line) + " " + u.Call
}

// toolUses are the runtime tools the files run, each once (its first call), in file order;
// words are the image's command words (toolreach.go), dirOf maps an import path of the
// module to its directory.
func toolUses(f lang.Facts, files, tags []string, cgo bool, words []string, dirOf func(string) string) []toolUse {
	var out []toolUse
	fset := token.NewFileSet()
	var parsed []parsedGo // the files of a Linux build that parse
	for _, file := range files {
		if !matchesLinux(f, file, tags, cgo) {
			continue
		}
		if p, err := parser.ParseFile(fset, file, f[file], 0); err == nil {
			parsed = append(parsed, parsedGo{name: file, dir: path.Dir(file), file: p})
		}
	}
	r := newReach(parsed, words, dirOf)
	mapped := stringMaps(parsed)
	for _, pf := range parsed {
		file := pf.name
		if !slices.Contains(fileImports(f, []string{file}), "os/exec") {
			continue
		}
		consts := stringConsts(pf.file)
		maps.Copy(consts, mapped[pf.dir])
		var optional []optionalUse
		var byVariable string // a call running a program the file names by a variable: exec.LookPath(parts[0])
		ast.Inspect(pf.file, func(n ast.Node) bool {
			if o, ok := ifFound(n, consts); ok {
				optional = append(optional, o)
			}
			name, call, ok := execTool(n, consts)
			if !ok {
				if v := execVariable(n); v != "" && byVariable == "" {
					byVariable = v
				}
				return true
			}
			i := slices.IndexFunc(runtimeTools, func(t runtimeTool) bool { return t.Name == name })
			if i < 0 || slices.ContainsFunc(out, func(u toolUse) bool { return u.Tool.Name == name }) ||
				slices.ContainsFunc(optional, func(o optionalUse) bool { return o.covers(name, n) }) {
				return true
			}
			if r.otherCommandsOnly(file, n.Pos()) {
				return true
			}
			out = append(out, toolUse{Tool: runtimeTools[i], File: file, Line: fset.Position(n.Pos()).Line, Call: call})
			return true
		})
		if byVariable == "" {
			continue
		}
		// the command lines such a file writes: gonic's transcoding profiles, `ffmpeg -v 0 -i
		// <file> ...`, split into words and run by exec.LookPath(parts[0]) in the same file
		ast.Inspect(pf.file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			line, err := strconv.Unquote(lit.Value)
			words := strings.Fields(line)
			if err != nil || len(words) < 2 || !strings.HasPrefix(words[1], "-") {
				return true
			}
			name := path.Base(words[0])
			i := slices.IndexFunc(runtimeTools, func(t runtimeTool) bool { return t.Name == name })
			if i < 0 || slices.ContainsFunc(out, func(u toolUse) bool { return u.Tool.Name == name }) || r.otherCommandsOnly(file, n.Pos()) {
				return true
			}
			out = append(out, toolUse{Tool: runtimeTools[i], File: file, Line: fset.Position(n.Pos()).Line,
				Call: byVariable + " of " + strconv.Quote(words[0]+" "+words[1]+" ...")})
			return true
		})
	}
	return out
}

// execVariable is a call of os/exec naming its program by an expression other than a string
// literal or constant, as written (exec.LookPath(parts[0])), "" for another node.
func execVariable(n ast.Node) string {
	c, isCall := n.(*ast.CallExpr)
	if !isCall {
		return ""
	}
	pkg, fn, _ := identCall(c)
	arg, known := execFuncs[fn]
	if pkg != "exec" || !known || len(c.Args) <= arg {
		return ""
	}
	if _, isLit := c.Args[arg].(*ast.BasicLit); isLit {
		return ""
	}
	var b strings.Builder
	if err := format.Node(&b, token.NewFileSet(), c.Args[arg]); err != nil {
		return ""
	}
	return "exec." + fn + "(" + b.String() + ")"
}

// stringConsts are the constants of a file declared with one string literal each, by name
// (jukebox's `const mpvName = "mpv"`), and its package-level variables so declared, whose
// value is that literal until something changes it (gitness's `var GitExecutable = "git"`,
// run by `exec.CommandContext(ctx, GitExecutable, args...)`); a name declared twice, with
// another value, is left out.
func stringConsts(f *ast.File) map[string]string {
	out, twice := map[string]string{}, map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		d, ok := n.(*ast.GenDecl)
		if !ok || d.Tok != token.CONST && !(d.Tok == token.VAR && slices.Contains(f.Decls, ast.Decl(d))) {
			return true
		}
		for _, spec := range d.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if i >= len(vs.Values) {
					break
				}
				lit, isLit := vs.Values[i].(*ast.BasicLit)
				value, err := strconv.Unquote(litValue(lit))
				if !isLit || lit.Kind != token.STRING || err != nil {
					twice[name.Name] = true
					continue
				}
				if old, seen := out[name.Name]; seen && old != value {
					twice[name.Name] = true
				}
				out[name.Name] = value
			}
		}
		return true
	})
	for name := range twice {
		delete(out, name)
	}
	return out
}

// stringMaps are, by package directory, the string values of the package-level maps of string
// literals (go2rtc's `var defaults = map[string]string{"bin": "ffmpeg", ...}` in ffmpeg.go, run
// by version.go's `exec.Command(defaults["bin"], "-version")`), named as an index expression
// with a literal key writes them: `defaults["bin"]`. A map declared twice in a package (in
// files of other build tags) with another value at a key leaves that key out.
func stringMaps(parsed []parsedGo) map[string]map[string]string {
	out, twice := map[string]map[string]string{}, map[string]bool{}
	for _, pf := range parsed {
		for _, d := range pf.file.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, sp := range g.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i >= len(vs.Values) {
						break
					}
					for key, value := range stringMapLiteral(vs.Values[i]) {
						k := name.Name + "[" + strconv.Quote(key) + "]"
						if out[pf.dir] == nil {
							out[pf.dir] = map[string]string{}
						}
						if old, seen := out[pf.dir][k]; seen && old != value {
							twice[pf.dir+" "+k] = true
						}
						out[pf.dir][k] = value
					}
				}
			}
		}
	}
	for dk := range twice {
		dir, k, _ := strings.Cut(dk, " ")
		delete(out[dir], k)
	}
	return out
}

// stringMapLiteral are the entries of a map[string]string literal whose keys and values are
// string literals; nil for another expression.
func stringMapLiteral(e ast.Expr) map[string]string {
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	mt, ok := lit.Type.(*ast.MapType)
	if !ok || !isIdentNamed(mt.Key, "string") || !isIdentNamed(mt.Value, "string") {
		return nil
	}
	out := map[string]string{}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		k, kok := kv.Key.(*ast.BasicLit)
		v, vok := kv.Value.(*ast.BasicLit)
		if !kok || !vok || k.Kind != token.STRING || v.Kind != token.STRING {
			continue
		}
		key, err1 := strconv.Unquote(k.Value)
		value, err2 := strconv.Unquote(v.Value)
		if err1 == nil && err2 == nil {
			out[key] = value
		}
	}
	return out
}

// isIdentNamed reports the identifier name.
func isIdentNamed(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func litValue(lit *ast.BasicLit) string {
	if lit == nil {
		return ""
	}
	return lit.Value
}

// execTool is the program a call of os/exec names by a string literal, by its base name
// ("/usr/bin/git" is git), and the call as written: exec.LookPath("git").
func execTool(n ast.Node, consts map[string]string) (name, call string, ok bool) {
	c, isCall := n.(*ast.CallExpr)
	if !isCall {
		return "", "", false
	}
	pkg, fn, _ := identCall(c)
	arg, known := execFuncs[fn]
	if pkg != "exec" || !known || len(c.Args) <= arg {
		return "", "", false
	}
	var program, written string
	switch a := c.Args[arg].(type) {
	case *ast.BasicLit:
		if a.Kind != token.STRING {
			return "", "", false
		}
		program, _ = strconv.Unquote(a.Value)
		written = strconv.Quote(program)
	case *ast.Ident: // a constant of the file
		program = consts[a.Name]
		written = a.Name
	case *ast.IndexExpr: // a package-level map's string at a literal key (stringMaps)
		x, isIdent := a.X.(*ast.Ident)
		key, isLit := a.Index.(*ast.BasicLit)
		if isIdent && isLit && key.Kind == token.STRING {
			if k, err := strconv.Unquote(key.Value); err == nil {
				written = x.Name + "[" + strconv.Quote(k) + "]"
				program = consts[written]
			}
		}
	}
	if program == "" {
		return "", "", false
	}
	return path.Base(program), "exec." + fn + "(" + written + ")", true
}

// optionalUse is an `if _, err := exec.LookPath("git"); err == nil { ... }`: the program runs
// the tool only when it is there (goatcounter's -dev mode), so the calls in it do not count.
type optionalUse struct {
	tool     string
	pos, end token.Pos
}

func (o optionalUse) covers(tool string, n ast.Node) bool {
	return o.tool == tool && o.pos <= n.Pos() && n.End() <= o.end
}

// ifFound is the optionalUse an if statement is, false for another node.
func ifFound(n ast.Node, consts map[string]string) (optionalUse, bool) {
	is, ok := n.(*ast.IfStmt)
	if !ok {
		return optionalUse{}, false
	}
	init, ok := is.Init.(*ast.AssignStmt)
	cond, isBinary := is.Cond.(*ast.BinaryExpr)
	if !ok || !isBinary || cond.Op != token.EQL || len(init.Rhs) != 1 {
		return optionalUse{}, false
	}
	if y, isIdent := cond.Y.(*ast.Ident); !isIdent || y.Name != "nil" {
		return optionalUse{}, false
	}
	name, call, ok := execTool(init.Rhs[0], consts)
	if !ok || !strings.HasPrefix(call, "exec.LookPath(") {
		return optionalUse{}, false
	}
	return optionalUse{tool: name, pos: is.Pos(), end: is.Body.End()}, true
}

// toolFiles are the Go files searched for runtime tools: a walk from the program the image runs
// (not the others it ships: woodpecker's agent runs git for one of its backends, its server
// does not), whatever the libraries the module requires (gogs' urfave/cli: its git runs in
// internal/database; gonic on the standard library alone: its mpv in jukebox), one level deeper
// than filesPackages' (maxToolWalkDepth), in the same bounds on packages and files: semaphore's
// git runs three imports below its main package (cli/cmd, services/tasks, db_lib).
func toolFiles(ws *workspace, run binary, f lang.Facts) (files, wanted []string) {
	return searchedFiles(ws, []binary{run}, f, true, maxToolWalkDepth)
}

// maxToolWalkDepth is how many imports below the main package toolFiles reads.
const maxToolWalkDepth = maxWalkDepth + 1

// toolsFollow asks for the Go files toolFiles reads.
func toolsFollow(ws *workspace, run binary, f lang.Facts) []string {
	_, wanted := toolFiles(ws, run, f)
	return wanted
}

// toolRuntime decides the runtime of a program that runs tools (see above): it may change rt's
// default to slim and sets the packages to install, or returns a RuntimeToolMissing note for
// each tool a distroless or scratch runtime lacks.
// sub is the subcommand planning found for the image (serve.go), the spec's cmd replacing it.
func (b *builds) toolRuntime(rt *lang.Runtime, run binary, tags []string, sub string) []plan.Note {
	files, _ := toolFiles(b.ws, run, b.f)
	words := strings.Fields(sub)
	if b.s.Cmd != nil {
		words = slices.DeleteFunc(slices.Clone([]string(*b.s.Cmd)), func(w string) bool { return strings.HasPrefix(w, "-") })
	}
	dirOf := func(imp string) string {
		for _, m := range b.ws.Main {
			if d, ok := moduleDir(&m, imp); ok && m.Path != "" {
				return d
			}
		}
		return ""
	}
	uses := toolUses(b.f, files, tags, b.cgo.On, words, dirOf)
	if len(uses) == 0 {
		return nil
	}
	var why []string
	notes := forRuntime(rt, b.s, uses, func(u toolUse, image string) {
		if pkg := (lang.Library{Apt: u.Tool.Apt, Apk: u.Tool.Apk}).In(image); pkg != "" { // "": the base has it
			rt.Packages = lang.AppendNew(rt.Packages, pkg)
		}
		why = append(why, u.Tool.Name+" ("+u.String()+")")
	}, func(u toolUse, _, alias string) plan.Note {
		fix := "`runtime: slim`, which has it"
		if u.Tool.Apt != "" {
			fix = "`runtime: slim`, which installs it (or name it: `packages: [" + u.Tool.Apt + "]`)"
		}
		return rules.RuntimeToolMissing.Note(lang.FirstField(b.s, "runtime", "entrypoint", "language"),
			rules.RuntimeToolMissing.Format(u.String(), u.Tool.Name, cmp.Or(alias, "scratch"), fix))
	})
	if len(why) > 0 {
		rt.PackagesFor = "the program runs " + strings.Join(why, ", ")
	}
	return notes
}

// forRuntime gives the runtime what the program needs and distroless lacks (the tools it
// runs, the shared libraries it links): slim becomes the runtime's default when the spec names
// no runtime; then, on slim or alpine, install adds each need's package for the runtime's
// image, and on distroless or scratch missing is a note for each need; on an image the spec
// names nothing is done (what it holds is its own).
func forRuntime[T any](rt *lang.Runtime, s *spec.Spec, needs []T, install func(n T, image string), missing func(n T, image, alias string) plan.Note) []plan.Note {
	if strings.TrimSpace(s.Runtime) == "" {
		rt.Default = "slim"
	}
	image, alias := rt.RuntimeImage(s)
	var notes []plan.Note
	for _, n := range needs {
		switch {
		case alias == "distroless" || image == "":
			notes = append(notes, missing(n, image, alias))
		case alias == "slim" || alias == "alpine":
			install(n, image)
		}
	}
	return notes
}
