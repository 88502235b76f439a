package golang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A project released with GoReleaser stamps its version, commit and date into the program with
// `-ldflags -X main.version={{.Version}}`, which GoReleaser fills in. The image's build stamps
// the same variables from build args, VERSION, COMMIT and DATE, so that `--build-arg
// VERSION=$(git describe --tags)` is all a release needs. Each arg's default is the value the
// program's source gives the variable (ntfy's `version = "dev"`, `commit = "unknown"`): a build
// given no arg stamps what the program would say unstamped, never the empty string over it.
// A stamp whose default is not read (a variable of another module, a value computed, a template
// with a function or two fields) is left out, and VersionNotStamped names it. A plain value
// (screego's `-X main.mode=prod`, which its release sets over the source's "dev") is stamped as
// the release stamps it. GoReleaser's build time in Unix seconds, `{{.Timestamp}}` (or the
// commit's, `{{.CommitTimestamp}}`), is stamped from SOURCE_DATE_EPOCH, the build's pinned time
// (semaphore's `util.Date={{.Timestamp}}`), when the source's default is empty: the step's
// expansion of ${SOURCE_DATE_EPOCH} has no `:-`, and the arg, unset, expands to nothing.

// stampArgs are the build args that stand for GoReleaser's template fields.
var stampArgs = map[string]string{
	"Version": "VERSION", "RawVersion": "VERSION", "Tag": "VERSION",
	"Commit": "COMMIT", "FullCommit": "COMMIT", "ShortCommit": "COMMIT",
	"Date": "DATE", "CommitDate": "DATE",
}

// epochFields are GoReleaser's fields of Unix seconds, which SOURCE_DATE_EPOCH stands for.
var epochFields = []string{"Timestamp", "CommitTimestamp"}

// stampValue is a stamp's value that is one template field with plain text around it:
// `{{.Version}}`, `v{{.Version}}`.
var stampValue = regexp.MustCompile(`^([^{}\s'"]*)\{\{\.(\w+)\}\}([^{}\s'"]*)$`)

// stamping is what the build stamps of a GoReleaser build: the -X flags from args (LDFlags), the
// args with their defaults, and the stamps left out. Each -X of an arg is single-quoted, which
// the go command's split of -ldflags honours, so that a value with spaces stays one.
type stamping struct {
	Pkg     string // the main package stamped, as release.Pkg
	LDFlags string // "-X 'main.version=${VERSION}' -X 'main.commit=${COMMIT}'"
	Args    []plan.Arg
	Left    []string // the stamps not made, as written
	Consts  []string // the plain values stamped as the release stamps them (main.mode=prod)
	Epoch   bool     // a {{.Timestamp}} stamped from SOURCE_DATE_EPOCH
	// LeftDefaults are the source's values of the variables of Left, where read (fix's arg defaults)
	LeftDefaults map[string]string
	File         string // GoReleaser's configuration
}

// stampsOf is what the image's build stamps of r, the GoReleaser build: nothing when the spec
// stamps itself (build.ldflags, build.command) or r stamps no template. modPath is the root
// module's path, for a variable of another package of the module
// (github.com/acme/relay/internal/buildinfo.Commit).
func stampsOf(s *spec.Spec, f lang.Facts, r *release, modPath string) stamping {
	if r == nil || len(r.Stamps)+len(r.Consts) == 0 || s.Build.LDFlags != "" || s.Build.Command != nil {
		return stamping{}
	}
	st := stamping{Pkg: r.Pkg, File: r.File}
	var flags []string
	for _, x := range r.Stamps {
		variable, value, _ := strings.Cut(x, "=")
		m := stampValue.FindStringSubmatch(value)
		var arg string
		if m != nil {
			arg = stampArgs[m[2]]
		}
		if undeclared(f, r.Pkg, modPath, variable) {
			continue // the linker sets nothing (homebox's main.date, a program declaring buildTime)
		}
		epoch := m != nil && slices.Contains(epochFields, m[2])
		def, ok, declared := "", arg != "" || epoch, true
		if ok {
			def, ok, declared = stampDefault(f, r.Pkg, modPath, variable)
		}
		from := "the source's"
		if d, known := r.Defaults[variable]; known && arg != "" {
			def, ok, declared, from = m[1]+d.Value+m[3], true, true, d.Said
		}
		if r.Optional && !declared {
			continue // GoReleaser's default -X main.commit of a program without it
		}
		if ok { // the arg's default is the source's, without the text around the field
			def, ok = strings.CutPrefix(def, m[1])
			if ok {
				def, ok = strings.CutSuffix(def, m[3])
			}
		}
		ok = ok && !strings.Contains(def, "'") // the flag is quoted, for a default with spaces
		if epoch {
			if !ok || def != "" {
				st.Left = append(st.Left, x)
				continue
			}
			st.Epoch = true
			flags = append(flags, "-X '"+variable+"="+m[1]+"${"+plan.EpochArg+"}"+m[3]+"'")
			continue
		}
		if i := slices.IndexFunc(st.Args, func(a plan.Arg) bool { return a.Name == arg }); ok && i >= 0 {
			ok = st.Args[i].Default == def // one arg, one default
		} else if ok {
			said := "{{." + m[2] + "}}"
			if w, ok := r.Said[x]; ok {
				_, said, _ = strings.Cut(w, "=")
			}
			st.Args = append(st.Args, plan.Arg{Name: arg, Default: def, HasDefault: true,
				Description: "stamped into " + variable + " as " + r.File + "'s " + said + " (default: " + from + ")"})
		}
		if !ok {
			st.Left = append(st.Left, x)
			continue
		}
		// quoted, as the go command splits -ldflags: litestream's default is "(development build)"
		flags = append(flags, "-X '"+variable+"="+m[1]+"${"+arg+"}"+m[3]+"'")
	}
	for _, x := range r.Consts { // as the release sets them
		flags = append(flags, "-X "+x)
	}
	st.Consts = r.Consts
	st.LDFlags = strings.Join(flags, " ")
	return st
}

// stampFollow asks for the Go files of the packages whose variables r stamps: the main
// package's, and those of the module's other packages.
func stampFollow(s *spec.Spec, r *release, modPath string) []string {
	if r == nil || s.Build.LDFlags != "" || s.Build.Command != nil {
		return nil
	}
	var out []string
	for _, x := range r.Stamps {
		variable, _, _ := strings.Cut(x, "=")
		if dir, _, ok := stampedPackage(r.Pkg, modPath, variable); ok && !slices.Contains(out, path.Join(dir, "*.go")) {
			out = append(out, path.Join(dir, "*.go"))
		}
	}
	return out
}

// stampedPackage is the directory of the package of variable (`main.version`, an import path
// and a name), a path of the context, and the variable's name: main is the main package
// mainPkg, another package one of the module modPath; false for a package of another module.
func stampedPackage(mainPkg, modPath, variable string) (dir, name string, ok bool) {
	i := strings.LastIndex(variable, ".")
	if i <= 0 {
		return "", "", false
	}
	pkg, name := variable[:i], variable[i+1:]
	switch {
	case pkg == "main":
		dir = mainPkg
	case pkg == modPath && modPath != "":
		dir = "."
	case modPath != "" && strings.HasPrefix(pkg, modPath+"/"):
		dir = strings.TrimPrefix(pkg, modPath+"/")
	default:
		return "", "", false
	}
	dir, ok = lang.CleanRelPath(dir)
	return dir, name, ok && token.IsIdentifier(name)
}

// stampDefault is the value the source gives the package-level string variable -X sets: its
// string literal (or a constant of the package holding one), "" when it is declared without a
// value; false when no non-test file of the package declares it so, and declared false when
// none declares it at all (a variable of another module counts as declared: it is not read).
func stampDefault(f lang.Facts, mainPkg, modPath, variable string) (value string, ok, declared bool) {
	dir, name, ok := stampedPackage(mainPkg, modPath, variable)
	if !ok {
		return "", false, true // another module's: not read, so not known to be absent
	}
	return stampValueOf(f, dir, name)
}

// undeclared reports a stamp of a variable of the module that no non-test Go file of its
// package declares, those files read: -X of a variable that does not exist sets nothing, in
// the release as here, so it is neither made nor named (VersionNotStamped names only variables
// the program declares). A package whose files were not read is not known to lack it.
func undeclared(f lang.Facts, mainPkg, modPath, variable string) bool {
	dir, name, ok := stampedPackage(mainPkg, modPath, variable)
	if !ok || len(goFiles(f, dir)) == 0 {
		return false
	}
	_, _, declared := stampValueOf(f, dir, name)
	return !declared
}

// stampValueOf is stampDefault's reading of the package in dir for the variable name; declared
// is false when no non-test file of the package declares a variable of that name.
func stampValueOf(f lang.Facts, dir, name string) (string, bool, bool) {
	consts := map[string]string{}
	var value ast.Expr
	found := false
	for _, file := range goFiles(f, dir) {
		parsed, err := parser.ParseFile(token.NewFileSet(), file, f[file], parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range parsed.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR && g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					var v ast.Expr
					if i < len(vs.Values) {
						v = vs.Values[i]
					}
					if lit, ok := v.(*ast.BasicLit); ok && g.Tok == token.CONST && lit.Kind == token.STRING {
						consts[id.Name], _ = strconv.Unquote(lit.Value)
					}
					if g.Tok == token.VAR && id.Name == name && !found {
						found, value = true, v
						if len(vs.Values) == 0 && !isString(vs.Type) {
							return "", false, true
						}
					}
				}
			}
		}
	}
	switch v := value.(type) {
	case nil:
		return "", found, found
	case *ast.BasicLit:
		s, err := strconv.Unquote(v.Value)
		return s, v.Kind == token.STRING && err == nil, true
	case *ast.Ident:
		s, ok := consts[v.Name]
		return s, ok, true
	}
	return "", false, true
}

// isString reports the type `string`.
func isString(t ast.Expr) bool {
	id, ok := t.(*ast.Ident)
	return ok && id.Name == "string"
}

// note is VersionNotStamped for the stamps left out, when run is the program GoReleaser builds.
func (st stamping) note(s *spec.Spec, run binary) (notes []plan.Note) {
	if len(st.Left) == 0 || path.Clean(run.Pkg) != path.Clean(st.Pkg) {
		return nil
	}
	args, ldflags, buildArgs := st.fix()
	return append(notes, rules.VersionNotStamped.Note(lang.FirstField(s, "build", "entrypoint", "language"),
		rules.VersionNotStamped.Format(st.File, strings.Join(st.Left, ", "), args, ldflags, buildArgs)))
}

// of reports bin as the program stamped.
func (st stamping) of(bin binary) bool {
	return st.LDFlags != "" && path.Clean(bin.Pkg) == path.Clean(st.Pkg) // "./app" and "app" alike
}

// leftDefaults reads the source's value of each variable of st.Left (stampDefault), for fix.
func (st *stamping) leftDefaults(f lang.Facts, modPath string) {
	for _, x := range st.Left {
		variable, _, _ := strings.Cut(x, "=")
		if def, ok, _ := stampDefault(f, st.Pkg, modPath, variable); ok && !strings.Contains(def, "'") {
			if st.LeftDefaults == nil {
				st.LeftDefaults = map[string]string{}
			}
			st.LeftDefaults[variable] = def
		}
	}
}

// fix is the spec that stamps every variable the release stamps, for VersionNotStamped: the
// args the build declares and one per stamp left out, named after its variable (main.revision →
// REVISION) and defaulting to the source's value ("" where it is not read, which buildArgs says),
// and the -X flags the build makes with one per stamp left out, since build.ldflags replaces the
// stamps made. args is the inside of a YAML flow mapping, ldflags a YAML double-quoted string,
// buildArgs the `--build-arg` of each arg added.
func (st stamping) fix() (args, ldflags, buildArgs string) {
	used := map[string]bool{plan.EpochArg: true}
	var kv, build []string
	for _, a := range st.Args {
		used[a.Name] = true
		kv = append(kv, a.Name+": "+strconv.Quote(a.Default))
	}
	flags := []string{}
	if st.LDFlags != "" {
		flags = append(flags, st.LDFlags)
	}
	for _, x := range st.Left {
		variable, _, _ := strings.Cut(x, "=")
		name := strings.ToUpper(strings.Map(func(r rune) rune {
			if r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				return r
			}
			return '_'
		}, variableName(variable)))
		if name == "" || name[0] >= '0' && name[0] <= '9' {
			name = "STAMP_" + name
		}
		for used[name] {
			name += "_STAMP" // util.Date={{.Timestamp}} beside a DATE of {{.Date}}
		}
		used[name] = true
		def, read := st.LeftDefaults[variable]
		kv = append(kv, name+": "+strconv.Quote(def))
		flags = append(flags, "-X '"+variable+"=${"+name+"}'")
		if read {
			build = append(build, "`--build-arg "+name+"=...`")
		} else {
			// "" is not the source's value, which is not read (computed, or another module's):
			// the arg's default stamps it empty, where the program kept its own
			build = append(build, "`--build-arg "+name+"=...` (the source's default of "+variable+
				" is not read: without it, the program reports \"\")")
		}
	}
	return strings.Join(kv, ", "), strconv.Quote(strings.Join(flags, " ")), strings.Join(build, " ")
}
