package ruby

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A project published as a gem may have no Gemfile.lock (gollum: its Gemfile is `gemspec` and a
// few gems, the lockfile left to its users) and start from the gem's executable (bin/gollum)
// rather than a rackup file: its config.ru is a comment telling users how to write one. Its
// gemspec is read for what the lockfile would have said (its runtime dependencies, a server
// among them) and for the executables to name when nothing else says what the image runs.

// gemspecs are the project's own gemspecs, read when the Gemfile says `gemspec`.
const gemspecs = "*.gemspec"

var (
	gemspecDependency = regexp.MustCompile(`(?m)^\s*\w+\.add_(?:runtime_)?dependency\s*\(?\s*["']([A-Za-z0-9_.-]+)["'](?:\s*,\s*["'](?:>=|~>|=)?\s*([0-9][0-9.]*)["'])?`)
	gemspecBindir     = regexp.MustCompile(`(?m)^\s*\w+\.bindir\s*=\s*["']([^"']+)["']`)
	gemspecExecutable = regexp.MustCompile(`(?m)^\s*\w+\.executables\s*=\s*(?:\[([^\]]*)\]|%w[\[(]([^\])]*)[\])])`)
)

// gemspecText is the project's gemspec (the first, by name, at the context's root); "" for none.
func gemspecText(f lang.Facts) string {
	var names []string
	for name := range f {
		if !strings.Contains(name, "/") && path.Ext(name) == ".gemspec" {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	return f.Text(names[0])
}

// gemspecDependencies are the gemspec's runtime dependencies (add_dependency,
// add_runtime_dependency; not add_development_dependency), each with the version its first
// requirement starts from (">= 3.0", "~> 3.0": 3.0; "" for none or another operator), which
// stands for the locked one: rack ">= 3.0" has no rackup of its own.
func gemspecDependencies(text string) map[string]string {
	out := map[string]string{}
	for _, m := range gemspecDependency.FindAllStringSubmatch(text, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// gemspecExecutables are the gem's executables as paths of the context (its bindir, bin by
// default, and the literal names of `executables`), those f holds; none when the list is
// computed (`spec.files.grep(%r{^exe/})`).
func gemspecExecutables(f lang.Facts, text string) []string {
	return slices.DeleteFunc(executablePaths(text), func(p string) bool { return !f.Has(p) })
}

// executablePaths are the paths of the executables the gemspec lists literally.
func executablePaths(text string) []string {
	m := gemspecExecutable.FindStringSubmatch(text)
	if m == nil {
		return nil
	}
	dir := "bin"
	if b := gemspecBindir.FindStringSubmatch(text); b != nil {
		dir = strings.TrimSuffix(strings.TrimPrefix(b[1], "./"), "/")
	}
	names := strings.Fields(m[2])
	for _, q := range quoted.FindAllStringSubmatch(m[1], -1) {
		names = append(names, q[1])
	}
	var out []string
	for _, n := range names {
		if p, ok := lang.CleanRelPath(path.Join(dir, n)); ok {
			out = append(out, strings.TrimPrefix(p, "./"))
		}
	}
	return out
}

// gemspecFollow asks for the project's gemspec when the Gemfile names it, and for the
// executables it lists, once it is read.
func gemspecFollow(f lang.Facts) []string {
	if !readGemfile(f.Text("Gemfile")).Gemspec {
		return nil
	}
	return append([]string{gemspecs}, executablePaths(gemspecText(f))...)
}

// onlyComments reports a rackup file of comments alone (# lines, =begin/=end blocks), which
// runs no application; not an empty one, which nothing was written into.
func onlyComments(text string) bool {
	block, comments := false, false
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "=begin"):
			block, comments = true, true
		case strings.HasPrefix(line, "=end"):
			block = false
		case block || t == "":
		case strings.HasPrefix(t, "#"):
			comments = true
		default:
			return false
		}
	}
	return comments
}
