package golang

import (
	"bytes"
	"go/scanner"
	"go/token"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A Go server often reads files relative to its working directory: its templates
// (`template.ParseGlob("templates/*.html")`, Gin's `LoadHTMLGlob`), its static assets
// (`http.FileServer(http.Dir("static"))`, the `Static` of Gin, Echo and Fiber) or its
// configuration (`ini.Load("conf/app.ini")`, `os.ReadFile("config.json")`). An image of the
// binary alone fails at run time, so the runtime copies those the program's code names, as
// `files` would: to the same path under the working directory (/app), root-owned, from the build context.
//
// Planning reads the main packages' Go files already (listen.go), and those of the packages of
// their module they import, two levels down (walkPackages, packages.go; never a dependency's);
// in them it looks for a string literal at the path argument of the calls of readCalls, outside
// comments and string literals. A path is kept when it is a clean relative path inside the
// context that exists there (a presence probe, lang.Probe), and is not:
//   - absolute, or with a `..` element (never outside the context), or the context itself (`.`);
//   - hidden (an element starting with `.`: `.env` holds secrets, not assets);
//   - a directory holding Go code: go.mod or .go files at its top, or any Go file planning read
//     below it (a package directory, `cmd`), which would ship the source;
//   - covered by the spec's `files` (an entry whose src or dest is the path or a directory
//     above it, or a glob matching it): the user's entry wins.
//
// A glob is reduced to its directory (`templates/*.html` and `templates/**/*` copy templates/);
// one at the top (`*.html`) names the context and is left out. What is copied, and which call
// of which file asked for it, is in the runtime stage's description and in each copy's progress.

// readCall is a call whose argument is a path the program reads from its working directory.
type readCall struct {
	// Name is the call as written: "http.Dir" a package's function, ".Static" a method of any
	// receiver.
	Name string
	// Arg is the path's argument, from 0; Rest takes every argument from it (a variadic list).
	Arg  int
	Rest bool
}

// readCalls are the well-known calls that read a path relative to the working directory.
var readCalls = []readCall{
	{Name: ".LoadHTMLGlob"},                  // Gin: r.LoadHTMLGlob("templates/*")
	{Name: ".LoadHTMLFiles", Rest: true},     // Gin: r.LoadHTMLFiles("views/index.html", ...)
	{Name: ".Static", Arg: 1},                // Gin, Echo, Fiber: r.Static("/static", "./static")
	{Name: ".StaticFile", Arg: 1},            // Gin: r.StaticFile("/favicon.ico", "./favicon.ico")
	{Name: "http.Dir"},                       // net/http: http.FileServer(http.Dir("static")), Gin's StaticFS
	{Name: ".ParseGlob"},                     // html/template, text/template (a function or a method)
	{Name: ".ParseFiles", Rest: true},        // html/template, text/template
	{Name: "html.New"},                       // Fiber's template engine: html.New("./views", ".html")
	{Name: "static.New"},                     // Fiber v3's middleware: static.New("./static/public")
	{Name: ".SendFile"},                      // Fiber: c.SendFile("./static/404.html")
	{Name: "ini.Load"},                       // go-ini: ini.Load("conf/app.ini")
	{Name: "os.ReadFile"}, {Name: "os.Open"}, // a configuration file: os.ReadFile("config.json")
	{Name: "ioutil.ReadFile"}, // the same before Go 1.16: gophish's ioutil.ReadFile("./VERSION")
}

// readCallAt matches any of readCalls followed by its opening parenthesis: a method's receiver
// name (if any) and name, or a package's function, which must not follow an identifier or a dot
// (myhttp.Dir, x.os.Open).
var readCallAt = func() *regexp.Regexp {
	var methods, funcs []string
	for _, c := range readCalls {
		if m, ok := strings.CutPrefix(c.Name, "."); ok {
			methods = append(methods, regexp.QuoteMeta(m))
		} else {
			funcs = append(funcs, regexp.QuoteMeta(c.Name))
		}
	}
	return regexp.MustCompile(`(?:(\w*)\.(` + strings.Join(methods, "|") + `)|(?:^|[^\w.])(` + strings.Join(funcs, "|") + `))\(`)
}()

// readPath is a path literal a Go file of the walked packages passes to a readCall.
type readPath struct {
	Path string // as the call names it, a glob reduced to its directory, cleaned
	File string // the Go file
	Line int
	Call string // the call as written: "template.ParseGlob", "r.Static", "ParseGlob" after an expression
	// FlagDefault is a configuration flag's default (configFlagDefault), which the project's
	// packaging may ship from another path (configsource.go).
	FlagDefault bool
}

// readPaths finds the paths the readCalls of a Go file name, in order, keeping those that can
// be copied (lang.ContextPath); calls in comments (// and /* */) and in string literals are
// skipped.
func readPaths(file string, src []byte) []readPath {
	text := string(src)
	var out []readPath
	for _, m := range callsInCode(readCallAt, src) {
		// the table's name, and the call as written (its receiver's name and the method)
		name, call := "", ""
		if m[4] >= 0 {
			name, call = "."+text[m[4]:m[5]], text[m[2]:m[5]]
		} else {
			name, call = text[m[6]:m[7]], text[m[6]:m[7]]
		}
		paren := m[1] - 1
		line := lang.LineAt(text, paren)
		i := slices.IndexFunc(readCalls, func(c readCall) bool { return c.Name == name })
		c := readCalls[i]
		args := literalArgs(text[m[1]:])
		for j := c.Arg; j < len(args) && (j == c.Arg || c.Rest); j++ {
			if p, ok := lang.ContextPath(args[j]); ok && args[j] != "" {
				out = append(out, readPath{Path: p, File: file, Line: line, Call: strings.TrimPrefix(call, ".")})
			}
		}
	}
	for line, m := range lang.CodeMatches(configFlagDefault, text) {
		g := 2 // kingpin's groups, else flag.String's
		if m[g] < 0 {
			g = 6
		}
		name, def := text[m[g]:m[g+1]], text[m[g+2]:m[g+3]]
		if p, ok := lang.ContextPath(def); ok && def != "" && strings.Contains(path.Base(p), ".") {
			out = append(out, readPath{Path: p, File: file, Line: line, Call: "the default of -" + name, FlagDefault: true})
		}
	}
	return out
}

// configFlagDefault is a configuration file's flag and its default, a path the program reads
// from its working directory when the flag is not given: kingpin's
// `kingpin.Flag("config.file", ...).Default("blackbox.yml")` (blackbox_exporter, whose image
// copies blackbox.yml and passes the flag), the standard library's `flag.String("conf",
// "config.json", "")` (hound's); a flag whose name holds conf or config. The default must name
// a file (a dot in its last element), which readPaths' callers keep only when the context has it.
var configFlagDefault = regexp.MustCompile(`\bFlag\(\s*"([\w.-]*conf[\w.-]*)"\s*,\s*"[^"\n]*"\s*\)(?:\s*\.\s*\w+\([^()\n]*\))*?\s*\.\s*Default\(\s*"([^"\n]+)"|\bflag\.String\(\s*"([\w.-]*conf[\w.-]*)"\s*,\s*"([^"\n]+)"`)

// callsInCode are the matches of re, a call up to its opening parenthesis, whose parenthesis
// is in code: not in a comment (// and /* */) or a string literal.
func callsInCode(re *regexp.Regexp, src []byte) [][]int {
	var out [][]int
	var notCode [][2]int
	for i, m := range re.FindAllSubmatchIndex(src, -1) {
		if i == 0 {
			notCode = commentsAndStrings(src, string(src))
		}
		paren := m[1] - 1
		if !slices.ContainsFunc(notCode, func(r [2]int) bool { return r[0] <= paren && paren < r[1] }) {
			out = append(out, m)
		}
	}
	return out
}

// commentsAndStrings are the byte ranges [start, end) of the comments and the string and rune
// literals of Go source, as go/scanner finds them; a file that does not scan keeps the ranges
// found before the error.
func commentsAndStrings(src []byte, text string) [][2]int {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var sc scanner.Scanner
	sc.Init(file, src, nil, scanner.ScanComments)
	var out [][2]int
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF || sc.ErrorCount > 0 {
			return out
		}
		start := file.Offset(pos)
		end := start + len(lit) // carriage returns are removed from a comment's or a raw string's lit
		switch {
		case tok == token.COMMENT && strings.HasPrefix(lit, "/*"):
			if i := bytes.Index(src[start+2:], []byte("*/")); i >= 0 {
				end = start + 2 + i + 2
			}
		case tok == token.COMMENT:
			if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
				end = start + i
			} else {
				end = len(src)
			}
		case tok == token.STRING:
			if e := stringEnd(text, start); e >= 0 {
				end = e + 1
			}
		case tok != token.CHAR:
			continue
		}
		out = append(out, [2]int{start, end})
	}
}

// literalArgs are the arguments of a call whose text starts after its opening parenthesis: a
// string literal's value, "" for anything else. It stops at the closing parenthesis.
func literalArgs(text string) []string {
	var args []string
	cur, literal, depth := "", true, 0
	for i := 0; i < len(text); i++ {
		switch ch := text[i]; {
		case ch == '"' || ch == '`':
			end := stringEnd(text, i)
			if end < 0 {
				return args
			}
			if v, err := strconv.Unquote(text[i : end+1]); err == nil && depth == 0 && cur == "" && literal {
				cur = v
			} else {
				literal = false
			}
			i = end
		case ch == '(' || ch == '[' || ch == '{':
			depth++
			literal = false
		case (ch == ')' || ch == ']' || ch == '}') && depth > 0:
			depth--
		case ch == ')' || (ch == ',' && depth == 0):
			if !literal {
				cur = ""
			}
			args = append(args, cur)
			if ch == ')' {
				return args
			}
			cur, literal = "", true
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r':
		default:
			literal = false
		}
	}
	return args
}

// stringEnd is the index of the quote closing the string literal that starts at i, -1 if none.
func stringEnd(text string, i int) int {
	q := text[i]
	for j := i + 1; j < len(text); j++ {
		switch {
		case text[j] == '\\' && q == '"':
			j++
		case text[j] == q:
			return j
		case text[j] == '\n' && q == '"':
			return -1
		}
	}
	return -1
}

// filesPackages are the packages whose Go files are searched: the main packages planning builds
// and the packages of their modules they import, to maxWalkDepth levels (walkPackages). It
// returns the non-test Go files read of those packages, in walk order (the main packages
// first), and the *.go patterns of the packages not read yet.
func filesPackages(ws *workspace, bins []binary, f lang.Facts) (files, wanted []string) {
	return searchedFiles(ws, bins, f, slices.ContainsFunc(serverLibraries, ws.requiresDirectly), maxWalkDepth)
}

// searchedFiles are the non-test Go files read of the main packages and, when walk is set, of
// the packages of their modules they import (walkPackagesTo, maxDepth levels down), and the *.go
// patterns of those not read yet.
func searchedFiles(ws *workspace, bins []binary, f lang.Facts, walk bool, maxDepth int) (files, wanted []string) {
	mains := mainDirs(bins)
	if !walk {
		for _, dir := range mains { // read in the first round (Likely), or for ListenLocalhost
			files = append(files, goFiles(f, dir)...)
		}
		return files, nil
	}
	pkgs, wanted := walkPackagesTo(ws, mains, f, maxDepth, func(walkedPackage) bool { return true })
	for _, p := range pkgs {
		files = append(files, goFiles(f, p.Dir)...)
	}
	return files, wanted
}

// serverLibraries are the web frameworks, routers and settings libraries whose programs keep
// their handlers, templates and settings in packages of their own (gin's routers/, gorilla/mux's
// controllers/, go-ini's pkg/setting/): a module that requires one directly has the packages its
// main package imports searched too. A server on the standard library alone is searched in its
// main packages for files (the search for runtime tools reads the packages it imports, in a
// second round of reading the context: tools.go).
var serverLibraries = []string{
	"github.com/gin-gonic/gin", "github.com/labstack/echo", "github.com/gofiber/fiber",
	"github.com/go-chi/chi", "github.com/gorilla/mux", "gopkg.in/ini.v1", "github.com/go-ini/ini",
	"connectrpc.com/connect", "google.golang.org/grpc",
}

// filesFollow asks for the Go files of the packages filesPackages walks to, and, for each path
// they read and the spec's files do not cover, whether it is in the context (a probe) and,
// should it be a directory, for the Go files and go.mod at its top, which keep it out.
func filesFollow(s *spec.Spec, ws *workspace, bins []binary, f lang.Facts) []string {
	files, out := filesPackages(ws, bins, f)
	paths := uncovered(s, files, f)
	for _, r := range paths {
		out = append(out, lang.Probe(r.Path), path.Join(r.Path, "*.go"), path.Join(r.Path, "go.mod"))
	}
	return append(out, configFollow(s, paths, f)...)
}

// uncovered are the paths the Go files of the packages searched (filesPackages) read, once each
// (the first call naming it), that no entry of the spec's files covers.
func uncovered(s *spec.Spec, files []string, f lang.Facts) []readPath {
	var out []readPath
	consts := pathConsts(files, f)
	for _, file := range files {
		found := append(readPaths(file, f[file]), joinedPaths(file, f[file], consts[path.Dir(file)])...)
		for _, r := range append(found, viperPaths(file, f[file])...) {
			if !slices.ContainsFunc(out, func(o readPath) bool { return o.Path == r.Path }) && !lang.CoveredByFiles(s, r.Path) {
				out = append(out, r)
			}
		}
	}
	return out
}

// readFiles are the runtime's default files: the paths found that exist in the context and hold
// no Go code, less those inside another (resources/static beside resources).
func readFiles(s *spec.Spec, ws *workspace, bins []binary, f lang.Facts) []lang.DefaultFile {
	var found []lang.ReadPath
	files, _ := filesPackages(ws, bins, f)
	paths := uncovered(s, files, f)
	for _, r := range paths {
		if f.Has(r.Path) || (f.HasDir(r.Path) && !holdsGo(r.Path, f)) {
			found = append(found, lang.ReadPath{Path: r.Path, Why: r.File + ":" + strconv.Itoa(r.Line) + " " + r.Call})
		}
	}
	for _, r := range imageFiles(s, f) { // those the project's own Dockerfile copies beside its program
		if !slices.ContainsFunc(found, func(o lang.ReadPath) bool { return o.Path == r.Path }) {
			found = append(found, r)
		}
	}
	out := lang.Outermost(found, bins[0].Field)
	return append(out, configFiles(s, paths, f, bins[0].Field, out)...) // shipped from another path (configsource.go)
}

// holdsGo reports a directory with Go code planning read: go.mod or a .go file, at any depth.
func holdsGo(dir string, f lang.Facts) bool {
	for file := range f {
		if strings.HasPrefix(file, dir+"/") && (strings.HasSuffix(file, ".go") || path.Base(file) == "go.mod") {
			return true
		}
	}
	return false
}

// A server may name its directories by constants joined to a base at run time (writefreely's
// `filepath.Join(parentDir, templatesDir, name+".tmpl")` with `templatesDir = "templates"` in
// another file of its package). joinedPaths finds a call of filepath.Join or path.Join whose
// arguments after the first hold an identifier that a constant or variable of the package sets
// to a string literal (pathConsts), and reads that value as a path of the working directory,
// kept as readPaths' are (it must exist in the context and hold no Go code).
var (
	joinCall   = regexp.MustCompile(`(?:^|[^\w.])((?:file)?path\.Join)\(`)
	constValue = regexp.MustCompile(`(?m)^\s*(?:const\s+|var\s+)?([A-Za-z_]\w*)\s+(?:string\s+)?=\s*"([^"\\]+)"\s*(?://.*)?$`)
)

// pathConsts maps each package directory of files to its identifiers set to a string literal.
func pathConsts(files []string, f lang.Facts) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, file := range files {
		dir := path.Dir(file)
		if out[dir] == nil {
			out[dir] = map[string]string{}
		}
		for _, m := range constValue.FindAllSubmatch(f[file], -1) {
			out[dir][string(m[1])] = string(m[2])
		}
	}
	return out
}

// joinedPaths are the paths of the calls described above in a Go file, outside comments and
// string literals: the first identifier argument after the base whose value is a path.
func joinedPaths(file string, src []byte, consts map[string]string) []readPath {
	if len(consts) == 0 {
		return nil
	}
	text := string(src)
	var out []readPath
	for _, m := range callsInCode(joinCall, src) {
		paren := m[1] - 1
		args := identArgs(text[m[1]:])
		for _, a := range args[min(1, len(args)):] {
			v, ok := consts[a]
			if !ok {
				continue
			}
			if p, ok := lang.ContextPath(v); ok && v != "" {
				out = append(out, readPath{Path: p, File: file, Line: lang.LineAt(text, paren), Call: text[m[2]:m[3]] + "(..., " + a + ")"})
			}
			break
		}
	}
	return out
}

// identArgs are the arguments of a call whose text starts after its opening parenthesis, as
// go/scanner reads them: an argument that is one identifier is its name, any other "".
func identArgs(text string) []string {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(text))
	var sc scanner.Scanner
	sc.Init(file, []byte(text), nil, 0)
	var args []string
	cur, tokens, depth := "", 0, 0
	for {
		_, tok, lit := sc.Scan()
		switch {
		case tok == token.EOF || sc.ErrorCount > 0:
			return args
		case tok == token.LPAREN || tok == token.LBRACK || tok == token.LBRACE:
			depth++
		case (tok == token.RPAREN || tok == token.RBRACK || tok == token.RBRACE) && depth > 0:
			depth--
		case tok == token.RPAREN || tok == token.COMMA && depth == 0:
			if tokens != 1 {
				cur = ""
			}
			args = append(args, cur)
			if tok == token.RPAREN {
				return args
			}
			cur, tokens = "", 0
			continue
		case tok == token.IDENT && depth == 0:
			cur = lit
		}
		if tok != token.SEMICOLON || lit != "\n" { // the scanner's automatic semicolons are not tokens of the argument
			tokens++
		}
	}
}

// viper finds its configuration file by name in the directories it is given, relative to the
// working directory (pagoda's SetConfigName("config"), SetConfigType("yaml"),
// AddConfigPath("config")). viperPaths are those candidates of a Go file, literals only: each
// directory with the name and the type's extension, or each extension viper reads without a
// type; only the ones in the context are copied, as readPaths' are. A dotenv type is left out.
var (
	viperName = regexp.MustCompile(`\.SetConfigName\(\s*"([^"]+)"\s*\)`)
	viperType = regexp.MustCompile(`\.SetConfigType\(\s*"([^"]+)"\s*\)`)
	viperPath = regexp.MustCompile(`\.AddConfigPath\(\s*"([^"]+)"\s*\)`)
)

func viperPaths(file string, src []byte) []readPath {
	name := viperName.FindSubmatchIndex(src)
	if name == nil {
		return nil
	}
	exts := []string{"yaml", "yml", "json", "toml"}
	if t := viperType.FindSubmatch(src); t != nil {
		exts = []string{string(t[1])}
	}
	if exts[0] == "env" || exts[0] == "dotenv" {
		return nil // a dotenv file holds secrets and a developer's settings, as .env does (go-base's dev.env)
	}
	line := bytes.Count(src[:name[0]], []byte("\n")) + 1
	var out []readPath
	for _, m := range callsInCode(viperPath, src) {
		for _, ext := range exts {
			if p, ok := lang.ContextPath(path.Join(string(src[m[2]:m[3]]), string(src[name[2]:name[3]])+"."+ext)); ok {
				out = append(out, readPath{Path: p, File: file, Line: line, Call: "viper.SetConfigName"})
			}
		}
	}
	return out
}
