package spec

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/distribution/reference"
)

// Patterns of names the spec accepts; the JSON schema (schema.json) uses the same ones.
const (
	EnvNamePattern     = `^[A-Za-z_][A-Za-z0-9_]*$`
	SecretIDPattern    = `^[A-Za-z0-9_.-]{1,128}$`
	PackageNamePattern = `^[a-z0-9][a-z0-9+.-]{0,127}(=[A-Za-z0-9.+:~-]{1,64})?$`
	LabelKeyPattern    = `^[A-Za-z0-9][A-Za-z0-9._/-]{0,254}$`
	// WorkspacePattern is a workspace package's directory or npm name (the schema uses it too).
	WorkspacePattern = `^[A-Za-z0-9@._][A-Za-z0-9@._/+-]*$`
	// PlainPathPattern is a path of the context that is read as it is: no glob, no quoting needed.
	PlainPathPattern   = `^[A-Za-z0-9@._+/-]+$`
	ProgramNamePattern = `^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$`
	// ScriptNamePattern is a package.json script's name (assets.script), run as one argument.
	ScriptNamePattern = `^[A-Za-z0-9_][A-Za-z0-9:._-]{0,63}$`
	// FeaturePattern is a Cargo feature as cargo's --features takes it: a feature of the package
	// (sqlite) or of a dependency (serde/derive).
	FeaturePattern = `^([A-Za-z0-9_][A-Za-z0-9_-]{0,63}/)?[A-Za-z0-9_][A-Za-z0-9_+.-]{0,63}$`
	// ProcessNamePattern is a process type's name, which is a target's (a Dockerfile stage's) name.
	ProcessNamePattern = `^[a-z][a-z0-9_-]{0,62}$`
)

// ReservedTargets are the targets every build has, which no process may be named.
var ReservedTargets = []string{"deps", "builder", "tester", "runtime", "dockerfile", "assets", "assets-deps", "scratch", "context"}

// ForeignField returns the first field written in the spec that only other languages read,
// and those languages ("node, bun and deno"); "" when there is none.
func (s *Spec) ForeignField(language string) (field, owners string) {
	for _, f := range languageFields {
		if !s.Has(f.field) {
			continue
		}
		var by []string
		for _, o := range languageFields {
			if o.field == f.field {
				by = append(by, o.language)
			}
		}
		if !slices.Contains(by, language) {
			if len(by) > 2 {
				return f.field, strings.Join(by[:len(by)-1], ", ") + " and " + by[len(by)-1]
			}
			return f.field, strings.Join(by, " and ")
		}
	}
	return "", ""
}

var (
	envName     = regexp.MustCompile(EnvNamePattern)
	userName    = regexp.MustCompile(`^[a-z_][a-z0-9_.-]{0,31}$`)
	userID      = regexp.MustCompile(`^[0-9]{1,10}$`)
	versionText = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._+-]{0,63}$`)
	secretID    = regexp.MustCompile(SecretIDPattern)
	programName = regexp.MustCompile(ProgramNamePattern)
	scriptName  = regexp.MustCompile(ScriptNamePattern)
	processName = regexp.MustCompile(ProcessNamePattern)
	packageName = regexp.MustCompile(PackageNamePattern)
	labelKey    = regexp.MustCompile(LabelKeyPattern)
	workspace   = regexp.MustCompile(WorkspacePattern)
	feature     = regexp.MustCompile(FeaturePattern)
	plainPath   = regexp.MustCompile(PlainPathPattern)
)

// maxValue bounds any single string in the spec; longer ones are refused rather than carried into commands.
const maxValue = 4096

type validator struct {
	s *Spec
	d *decoder
}

func (v validator) fail(field, hint, format string, args ...any) {
	p := v.s.pos[field]
	v.d.errs = append(v.d.errs, &Error{File: v.s.File, Line: p.Line, Column: p.Column, EndLine: p.Line,
		Msg: fmt.Sprintf("`%s`: ", field) + fmt.Sprintf(format, args...), Hint: hint})
}

// text refuses values that are never legitimate in any field: control characters and huge strings.
func (v validator) text(field, s string) bool {
	if len(s) > maxValue {
		v.fail(field, "", "value is %d bytes long, over the limit of %d", len(s), maxValue)
		return false
	}
	for _, r := range s {
		if r == 0 || (unicode.IsControl(r) && r != '\t') {
			v.fail(field, "", "value holds the control character %q", r)
			return false
		}
	}
	return true
}

func validate(s *Spec, d *decoder) {
	v := validator{s, d}
	if s.Language != "" && !slices.Contains(Languages, s.Language) {
		v.fail("language", hintFor(s.Language, Languages), "unknown language %q (one of %s)", s.Language, strings.Join(Languages, ", "))
	}
	if s.Version != "" && !versionText.MatchString(s.Version) {
		v.fail("version", "", "%q is not a version (e.g. 1.26, 20, 3.12)", s.Version)
	}
	if v.text("entrypoint", s.Entrypoint) && strings.HasPrefix(strings.TrimSpace(s.Entrypoint), "-") {
		v.fail("entrypoint", "", "must not start with '-': it would be read as an option")
	}
	if s.Workspace != "" {
		v.workspace(s.Workspace)
	}
	if s.Runtime != "" && !slices.Contains(RuntimeAliases, s.Runtime) {
		v.imageRef("runtime", s.Runtime)
	}
	v.command("test", s.Test)
	if s.User != "" {
		v.user(s.User)
	}
	v.keyValues("env", s.Env, envName, "a variable name (letters, digits, _)")
	v.keyValues("args", s.Args, envName, "an argument name (letters, digits, _)")
	v.keyValues("labels", s.Labels, labelKey, "a label key (letters, digits, . _ / -)")
	if s.Cmd != nil {
		for i, w := range *s.Cmd {
			v.text(fmt.Sprintf("cmd[%d]", i), w)
		}
	}
	if s.JVMOptions != nil {
		for i, w := range *s.JVMOptions {
			v.text(fmt.Sprintf("jvm_options[%d]", i), w)
		}
	}
	if s.Permissions != nil {
		for i, w := range *s.Permissions {
			v.text(fmt.Sprintf("permissions[%d]", i), w)
		}
	}
	if s.Workdir != "" {
		v.absPath("workdir", s.Workdir)
	}
	if s.Healthcheck != nil {
		if s.Healthcheck.Test.IsZero() || s.Healthcheck.Test.Disabled {
			v.fail("healthcheck", "", "needs a `test` command")
		}
		v.command("healthcheck.test", &s.Healthcheck.Test)
		if s.Healthcheck.Retries < 0 {
			v.fail("healthcheck.retries", "", "must not be negative")
		}
	}
	for i, f := range s.Files {
		field := fmt.Sprintf("files[%d]", i)
		v.relPath(field, f.Src)
		if f.Dest != "" && v.text(field, f.Dest) && hasDotDot(f.Dest) {
			v.fail(field, "", "dest %q must not contain '..'", f.Dest)
		}
	}
	v.writable(s.Writable)
	v.packages("packages", s.Packages)
	v.build(&s.Build)
	if s.Assets != nil && !s.Assets.Disabled {
		outs := map[string]string{} // each output, by the field of the entry writing it
		for i, a := range s.Assets.All() {
			field := s.Assets.Field(i)
			v.assets(field, &a)
			if a.Dir == "" {
				continue
			}
			out := a.CopiedTo()
			if other, ok := outs[out]; ok {
				v.fail(field, "give each its own `output` or `into`", "writes %s, as `%s` does", out, other)
			}
			outs[out] = field
		}
	}
	v.binaries(s)
	v.features(s.Features)
	v.processes(s.Processes)
	if s.Language != "" {
		if field, owner := s.ForeignField(s.Language); field != "" {
			v.fail(field, "remove it", "is a %s field; this spec builds %s", owner, s.Language)
		}
	}
}

// binaries checks name and binaries: names of a fixed alphabet, each package and name once.
func (v validator) binaries(s *Spec) {
	if s.Name != "" && !programName.MatchString(s.Name) {
		v.fail("name", "", "%q is not a program name (letters, digits, . _ -; at most 64)", s.Name)
	}
	if s.Binaries != nil && len(s.Binaries) == 0 {
		v.fail("binaries", "omit it for the default", "is an empty list")
	}
	if s.Name != "" && len(s.Binaries) > 0 {
		v.fail("name", "give each binary its name in `binaries` ({package: ./cmd/x, name: x})", "names one program, and `binaries` lists several")
	}
	names, pkgs := map[string]bool{}, map[string]bool{}
	for i, b := range s.Binaries {
		field := fmt.Sprintf("binaries[%d]", i)
		v.relPath(field, b.Package)
		if b.Name != "" && !programName.MatchString(b.Name) {
			v.fail(field, "", "%q is not a program name (letters, digits, . _ -; at most 64)", b.Name)
		}
		if p := path.Clean(b.Package); pkgs[p] {
			v.fail(field, "", "package %q is listed twice", b.Package)
		} else {
			pkgs[p] = true
		}
		if b.Name != "" && names[b.Name] {
			v.fail(field, "", "name %q is given twice", b.Name)
		}
		names[b.Name] = true
	}
}

// features checks the Cargo features: each a name cargo takes (sqlite, serde/derive), once,
// nothing a shell would read.
func (v validator) features(fs []string) {
	if fs != nil && len(fs) == 0 {
		v.fail("features", "omit it for the package's default features", "is an empty list")
	}
	seen := map[string]bool{}
	for i, f := range fs {
		field := fmt.Sprintf("features[%d]", i)
		switch {
		case !feature.MatchString(f):
			v.fail(field, "write one feature per item, e.g. [sqlite, serde/derive]",
				"%q is not a Cargo feature (a name of letters, digits, _ - + ., or crate/name)", f)
		case seen[f]:
			v.fail(field, "", "%q is listed twice", f)
		}
		seen[f] = true
	}
}

// processes checks the process types: names that are target names, commands of plain words.
func (v validator) processes(ps Processes) {
	for _, p := range ps {
		field := "processes." + p.Name
		switch {
		case !processName.MatchString(p.Name):
			v.fail(field, "write a lower-case name (web, worker, clock)",
				"%q is not a process name (a target's: a lower-case letter, then letters, digits, _ and -)", p.Name)
		case slices.Contains(ReservedTargets, p.Name):
			v.fail(field, "name the process after what it does (web, worker)", "%q is a target every build has already", p.Name)
		}
		for i, w := range p.Command {
			if !v.text(field, w) {
				break
			}
			if i == 0 && strings.HasPrefix(w, "-") {
				v.fail(field, "", "the command must not start with '-': it would be read as an option")
			}
		}
	}
}

// assets validates the assets at field (assets, or assets[i] of the list form).
func (v validator) assets(field string, a *Assets) {
	if a.Dir == "" {
		v.fail(field, "write the directory of the Node.js project, e.g. `assets: {dir: ui}`", "needs `dir`")
		return
	}
	v.plainRelPath(field+".dir", a.Dir)
	if a.Script != "" && !scriptName.MatchString(a.Script) {
		v.fail(field+".script", "write the name of a script of the project's package.json, e.g. `build`",
			"%q is not a script name (letters, digits, `:`, `.`, `_` and `-`)", a.Script)
	}
	if a.Into != "" {
		v.plainRelPath(field+".into", a.Into)
		if path.Clean(a.Into) == "." {
			v.fail(field+".into", "", "must be a directory of the build, not the whole build context")
		}
	}
	if a.Output == "" {
		return
	}
	v.plainRelPath(field+".output", a.Output)
	switch out := path.Clean(a.Output); {
	case out == ".":
		v.fail(field+".output", "", "must be a directory the build writes, not the whole build context")
	case out == path.Clean(a.Dir):
		v.fail(field+".output", "write the directory the build writes, e.g. "+path.Join(a.Dir, "dist"),
			"is the project directory itself (`%s.dir`)", field)
	}
}

func (v validator) build(b *Build) {
	if b.Image != "" {
		v.imageRef("build.image", b.Image)
	}
	if b.Command != nil && b.Command.Disabled {
		v.fail("build.command", "omit it for the default", "cannot be false")
	}
	v.command("build.command", b.Command)
	v.keyValues("build.env", b.Env, envName, "a variable name (letters, digits, _)")
	for i, sec := range b.Secrets {
		field := fmt.Sprintf("build.secrets[%d]", i)
		if !secretID.MatchString(sec.ID) {
			v.fail(field, "", "%q is not a secret id (letters, digits, . _ -)", sec.ID)
		}
		if sec.Env != "" && !envName.MatchString(sec.Env) {
			v.fail(field, "", "env %q is not a variable name", sec.Env)
		}
		if sec.Target != "" {
			v.absPath(field, sec.Target)
		}
		if sec.Env != "" && sec.Target != "" {
			v.fail(field, "", "give `env` or `target`, not both")
		}
	}
	for i, id := range b.SSH {
		if !secretID.MatchString(id) {
			v.fail(fmt.Sprintf("build.ssh[%d]", i), "", "%q is not an ssh id (letters, digits, . _ -)", id)
		}
	}
	v.packages("build.packages", b.Packages)
	v.text("build.ldflags", b.LDFlags)
}

func (v validator) command(field string, c *Command) {
	if c == nil {
		return
	}
	v.text(field, c.Shell)
	for _, a := range c.Exec {
		if !v.text(field, a) {
			return
		}
	}
}

func (v validator) user(u string) {
	name, group, hasGroup := strings.Cut(u, ":")
	ok := func(s string) bool { return userName.MatchString(s) || userID.MatchString(s) }
	if !ok(name) || (hasGroup && !ok(group)) {
		v.fail("user", "", "%q is not a user: write a name (root, nonroot), a uid, or uid:gid", u)
	}
}

func (v validator) keyValues(field string, kv KeyValues, key *regexp.Regexp, what string) {
	for _, e := range kv {
		kf := field + "." + e.Key
		if !key.MatchString(e.Key) {
			v.fail(kf, "", "%q is not %s", e.Key, what)
			continue
		}
		v.text(kf, e.Value)
	}
}

func (v validator) packages(field string, pkgs []string) {
	for i, p := range pkgs {
		if !packageName.MatchString(p) {
			v.fail(fmt.Sprintf("%s[%d]", field, i), "", "%q is not a package name", p)
		}
	}
}

func (v validator) imageRef(field, ref string) {
	if !v.text(field, ref) {
		return
	}
	if _, err := reference.ParseNormalizedNamed(ref); err != nil {
		v.fail(field, hintFor(ref, RuntimeAliases), "%q is not an image reference (%v)", ref, err)
	}
}

func (v validator) absPath(field, p string) {
	if !v.text(field, p) {
		return
	}
	if !path.IsAbs(p) || hasDotDot(p) {
		v.fail(field, "", "%q must be an absolute path without '..'", p)
	}
}

// relPath checks a path inside the build context: relative, and never escaping it.
func (v validator) relPath(field, p string) {
	if !v.text(field, p) {
		return
	}
	if p == "" || path.IsAbs(p) || hasDotDot(p) || strings.HasPrefix(p, "-") {
		v.fail(field, "", "%q must be a path inside the build context (relative, without '..')", p)
	}
}

// plainRelPath is relPath without glob or shell characters: a directory named exactly, whose
// name is also read from the context and copied as it is.
func (v validator) plainRelPath(field, p string) {
	v.relPath(field, p)
	if p != "" && !plainPath.MatchString(p) {
		v.fail(field, "", "%q is not a plain path (letters, digits, . _ - + @ /)", p)
	}
}

// writable checks the directories the program writes: plain paths inside the working
// directory, not the directory itself, each once and none inside another.
func (v validator) writable(dirs []string) {
	if dirs != nil && len(dirs) == 0 {
		v.fail("writable", "omit it when the program writes nothing beside itself", "is an empty list")
	}
	var seen []string
	for i, d := range dirs {
		field := fmt.Sprintf("writable[%d]", i)
		v.plainRelPath(field, d)
		c := path.Clean(d)
		if c == "." {
			v.fail(field, "name the directories the program writes, e.g. data", "is the whole working directory")
			continue
		}
		for _, o := range seen {
			if c == o || strings.HasPrefix(c, o+"/") || strings.HasPrefix(o, c+"/") {
				v.fail(field, "list it once", "%q overlaps %q, listed already", d, o)
				break
			}
		}
		seen = append(seen, c)
	}
}

// workspace checks a workspace selection: a directory inside the context or a package name,
// never the context's root (whose package is built without the field) and never an option.
func (v validator) workspace(w string) {
	if !v.text("workspace", w) {
		return
	}
	switch c := path.Clean(w); {
	case c == ".":
		v.fail("workspace", "omit the field to build the root package", "%q is the context's root, not a workspace package", w)
	case len(w) > 214 || !workspace.MatchString(w) || hasDotDot(w) || path.IsAbs(w) || strings.HasPrefix(w, "-"):
		v.fail("workspace", "write the package's directory (apps/web) or its name (@acme/web)",
			"%q is not a workspace package's directory inside the build context or a package name", w)
	}
}

func hasDotDot(p string) bool {
	for _, part := range strings.Split(p, "/") {
		if part == ".." {
			return true
		}
	}
	return false
}

func hintFor(s string, candidates []string) string {
	if m := suggest(s, candidates); m != "" {
		return fmt.Sprintf("did you mean `%s`?", m)
	}
	return ""
}
