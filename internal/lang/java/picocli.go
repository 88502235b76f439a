package java

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A picocli application whose main class is a command with subcommands (kestra's `server
// local`) run with no argument prints its usage and exits. The main class is the one the root
// Gradle build script names (`mainClass = '...'`, or a variable it defines as a literal), or the
// application module's pom (pom.mainClass); its source is looked for under each Gradle
// project's, or Maven module's, src/main/java (or kotlin), the application's module first.
// Nothing is guessed: no main class named, no source found, no warning.

var (
	// mainClassVarRe is `mainClass = name` (also mainClassName, mainClass.set(name)): a variable.
	mainClassVarRe = regexp.MustCompile(`(?m)(?:^|[{;])\s*(?:application\s*\.\s*)?(?:mainClass(?:Name)?\s*=|mainClass\s*\.\s*set\s*\()\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)?\s*$`)
	// packageRe is a source file's package.
	packageRe = regexp.MustCompile(`(?m)^\s*package\s+([A-Za-z0-9_.]+)`)
	// importRe is a single-type import.
	importRe = regexp.MustCompile(`(?m)^\s*import\s+([A-Za-z0-9_.]+)\s*;`)
	// subcommandsRe is a @Command's subcommands = {...} list.
	subcommandsRe = regexp.MustCompile(`subcommands\s*=\s*\{([^}]*)\}`)
	// classRefRe is one `Name.class` of that list.
	classRefRe = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_.]*)\s*\.\s*class`)
	// commandNameRe is a @Command's name = "...".
	commandNameRe = regexp.MustCompile(`@(?:CommandLine\.)?Command\s*\([^)]*?\bname\s*=\s*"([^"]+)"`)
	commandRe     = regexp.MustCompile(`@(?:picocli\.)?(?:CommandLine\.)?Command\s*\(`)
	// dropwizardRe is a class that is a Dropwizard Application (Java or Kotlin): its main's
	// run(args) is Dropwizard's command line, `server <config.yml>` or `check`.
	dropwizardRe = regexp.MustCompile(`(?:\bextends|\)\s*:)\s*(?:io\.dropwizard\.(?:core\.)?)?Application\s*<`)
)

// buildMainClass is the main class the root build script names, "" when it names none plainly.
func buildMainClass(f lang.Facts) string {
	text := f.Text("build.gradle") + "\n" + f.Text("build.gradle.kts")
	g := newGradleFile(text, f.Text("gradle/libs.versions.toml"))
	if c := g.mainClass(); c != "" {
		return c
	}
	for _, block := range append(blocks(text, "application"), topLevel(text)) {
		if m := mainClassVarRe.FindStringSubmatch(block); m != nil {
			def := regexp.MustCompile(`(?m)^\s*(?:final\s+|def\s+|val\s+|String\s+)*` + regexp.QuoteMeta(m[1]) + `\s*=\s*["']([A-Za-z_$][A-Za-z0-9_$.]*)["']`)
			if d := def.FindStringSubmatch(text); d != nil {
				return d[1]
			}
		}
	}
	return ""
}

// sourceDirs are the Gradle projects' directories: the root and settings' includes.
func sourceDirs(f lang.Facts) []string {
	return append([]string{"."}, gradleIncludes(f.Text("settings.gradle")+"\n"+f.Text("settings.gradle.kts"))...)
}

// classFiles are where a class's source may be in the projects dirs.
func classFiles(dirs []string, class string) []string {
	rel := strings.ReplaceAll(class, ".", "/")
	var out []string
	for _, dir := range dirs {
		out = append(out, path.Join(dir, "src/main/java", rel+".java"), path.Join(dir, "src/main/kotlin", rel+".kt"))
	}
	return out
}

// projectOf is the project directory of a source file of classFiles.
func projectOf(file string) []string {
	if i := strings.Index(file, "/src/main/"); i >= 0 {
		return []string{file[:i]}
	}
	return []string{"."}
}

// mavenMainClasses are the main classes the poms read name (the root's and each module's),
// and the build's directories (the root's, then the modules').
func mavenMainClasses(f lang.Facts) (classes, dirs []string) {
	root, err := parsePOM(f["pom.xml"])
	if err != nil {
		return nil, nil
	}
	root.has = f.Has
	mods, poms := mavenModules(f, root)
	for _, p := range append([]*pom{root}, mapValues(poms, mods)...) {
		if c := p.mainClass(); c != "" && !slices.Contains(classes, c) {
			classes = append(classes, c)
		}
	}
	return classes, append([]string{"."}, mods...)
}

// mapValues are m's values in keys' order.
func mapValues[V any](m map[string]V, keys []string) []V {
	out := make([]V, 0, len(keys))
	for _, k := range keys {
		out = append(out, m[k])
	}
	return out
}

// appFirst is dirs with the application's directory first, once.
func appFirst(app string, dirs []string) []string {
	if app == "" {
		return dirs
	}
	return slices.Compact(append([]string{app}, slices.DeleteFunc(slices.Clone(dirs), func(d string) bool { return d == app })...))
}

// mainSource is the main class's source file read, "" when it is not.
func mainSource(f lang.Facts, class string, dirs []string) string {
	if class == "" {
		return ""
	}
	for _, p := range classFiles(dirs, class) {
		if f.Has(p) {
			return p
		}
	}
	return ""
}

// subcommandClasses are the subcommands' classes a source's @Command lists, fully qualified
// through its imports or package.
func subcommandClasses(src string) []string {
	m := subcommandsRe.FindStringSubmatch(src)
	if m == nil {
		return nil
	}
	pkg := ""
	if p := packageRe.FindStringSubmatch(src); p != nil {
		pkg = p[1]
	}
	var out []string
	for _, r := range classRefRe.FindAllStringSubmatch(m[1], -1) {
		name, full := r[1], ""
		if strings.Contains(name, ".") && name[0] >= 'a' && name[0] <= 'z' {
			full = name
		}
		for _, im := range importRe.FindAllStringSubmatch(src, -1) {
			if strings.HasSuffix(im[1], "."+name) {
				full = im[1]
			}
		}
		if full == "" && pkg != "" && !strings.Contains(name, ".") {
			full = pkg + "." + name
		}
		if full != "" {
			out = append(out, full)
		}
	}
	return out
}

// picocliReads are the main class's possible sources, and once it is read its subcommands',
// in its own project (two probes each, not two per project). A Maven build's every module's
// main class is asked for: which module is the application is the plan's choice, made later.
func picocliReads(f lang.Facts) []string {
	classes, dirs := mavenMainClasses(f)
	if !f.Has("pom.xml") {
		classes, dirs = []string{buildMainClass(f)}, sourceDirs(f)
	}
	var out []string
	for _, class := range classes {
		if class == "" {
			continue
		}
		out = append(out, classFiles(dirs, class)...)
		if src := mainSource(f, class, dirs); src != "" {
			for _, c := range subcommandClasses(f.Text(src)) {
				out = append(out, classFiles(projectOf(src), c)...)
			}
		}
	}
	return out
}

// picocliNotes is a ServerSubcommandMissing note when the image runs a picocli command that
// has subcommands with none; nil when the spec gives `cmd`, or the main class (class, looked
// for in dirs) is not found.
func picocliNotes(s *spec.Spec, f lang.Facts, class string, dirs []string) []plan.Note {
	if s.Cmd != nil && len(*s.Cmd) > 0 {
		return nil
	}
	file := mainSource(f, class, dirs)
	if file == "" {
		return nil
	}
	src := f.Text(file)
	field := lang.FirstField(s, "cmd", "language")
	if loc := dropwizardRe.FindStringIndex(src); loc != nil && strings.Contains(src, "io.dropwizard") {
		// Dropwizard's server and check, and the commands the application adds (not named)
		line := lang.LineAt(src, loc[0])
		note := rules.ServerSubcommandMissing.Note(field, rules.ServerSubcommandMissing.Format(file, line, "Dropwizard",
			[]string{"server", "check"}, "`cmd: [server, <config>.yml]`, with the configuration file in `files`"))
		return append([]plan.Note(nil), note)
	}
	loc := commandRe.FindStringIndex(src)
	subs := subcommandsRe.MatchString(src)
	if loc == nil || !subs {
		// a main that runs another class's command; a @Command of its own without subcommands
		// runs its call() with no argument, which is no missing subcommand
		if i := strings.Index(src, "new CommandLine("); loc == nil && i >= 0 && strings.Contains(src, "static void main") {
			loc = []int{i, i}
		} else {
			return nil
		}
	}
	line := lang.LineAt(src, loc[0])
	var names []string
	for _, c := range subcommandClasses(src) {
		for _, p := range classFiles(projectOf(file), c) {
			if m := commandNameRe.FindStringSubmatch(f.Text(p)); m != nil {
				names = append(names, m[1])
				break
			}
		}
	}
	names = slices.Compact(names)
	note := rules.ServerSubcommandMissing.Note(field,
		rules.ServerSubcommandMissing.Format(file, line, "picocli", names, "`cmd: [<subcommand>, ...]`"))
	return append([]plan.Note(nil), note)
}
