package ruby

import (
	"bufio"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// lockfile is what the provider uses of Gemfile.lock.
type lockfile struct {
	// Gems are the locked gems by name: their version, without a platform suffix.
	Gems map[string]string
	// Paths are the `remote:`s of PATH sources: gems of the project's own tree.
	Paths []string
	// Git is true when a gem comes from a git checkout.
	Git bool
	// Ruby is RUBY VERSION's version (3.1.2), "" when absent.
	Ruby string
}

var (
	// specLine is a gem of a source's specs: four spaces, the name, its version in parentheses.
	specLine = regexp.MustCompile(`^    ([A-Za-z0-9_.-]+) \(([^)]+)\)$`)
	// platformSuffix is the platform a locked version is for (1.16.2-x86_64-linux).
	platformSuffix = regexp.MustCompile(`^([0-9][0-9A-Za-z.]*?)(-[a-z].*)?$`)
	versionNumber  = regexp.MustCompile(`[0-9]+\.[0-9]+(\.[0-9]+)?`)
)

// readLockfile parses Gemfile.lock's sections: GEM, PATH and GIT sources and their specs, and
// RUBY VERSION. Anything else is ignored.
func readLockfile(text string) lockfile {
	l := lockfile{Gems: map[string]string{}}
	section := ""
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line != "" && line[0] != ' ' {
			section = line
			if section == "GIT" {
				l.Git = true
			}
			continue
		}
		switch section {
		case "GEM", "PATH", "GIT":
			if r, ok := strings.CutPrefix(line, "  remote: "); ok && section == "PATH" {
				l.Paths = append(l.Paths, strings.TrimSpace(r))
			}
			if m := specLine.FindStringSubmatch(line); m != nil {
				v := m[2]
				if p := platformSuffix.FindStringSubmatch(v); p != nil {
					v = p[1]
				}
				if _, seen := l.Gems[m[1]]; !seen {
					l.Gems[m[1]] = v
				}
			}
		case "RUBY VERSION":
			if v := versionNumber.FindString(line); v != "" {
				l.Ruby = v
			}
		}
	}
	return l
}

// lockedGems is Gemfile.lock's reading, or, without one, the Gemfile's gems of versions unknown
// until the build resolves them.
func lockedGems(f lang.Facts, gf gemfile) lockfile {
	lock := readLockfile(f.Text("Gemfile.lock"))
	if !f.Has("Gemfile.lock") {
		for _, g := range gf.Gems {
			lock.Gems[g] = ""
		}
	}
	return lock
}

// has reports whether a gem is locked.
func (l lockfile) has(name string) bool {
	_, ok := l.Gems[name]
	return ok
}

// version is a locked gem's major and minor version (0 when absent or unreadable).
func (l lockfile) version(name string) (major, minor int) {
	parts := strings.SplitN(l.Gems[name], ".", 3)
	major, _ = strconv.Atoi(parts[0])
	if len(parts) > 1 {
		minor, _ = strconv.Atoi(parts[1])
	}
	return major, minor
}

// gemfile is what the provider uses of the Gemfile, read line by line (it is Ruby: only the
// plain forms are understood).
type gemfile struct {
	// Ruby are the arguments of `ruby "...", "..."` (a version, or requirements); RubyFile is
	// set by `ruby file: ".ruby-version"`, or by a line reading the version file itself
	// (identity-oidc-sinatra's `ruby "~> #{File.read(File.join(__dir__, '.ruby-version')).strip}"`).
	Ruby     []string
	RubyFile bool
	// Gemspec is set by `gemspec`: the project's own gem is part of the bundle.
	Gemspec bool
	// Gems are the names of its `gem` lines.
	Gems []string
	// Loads are the files of the context the Gemfile loads, relative to it: `require_relative
	// "lib/gemfile_helper"`, `require File.join(File.dirname(__FILE__), "lib/gemfile_helper.rb")`
	// (huginn's), `require File.expand_path("lib/x", __dir__)`, `eval_gemfile "Gemfile.local"`.
	Loads []string
	// AssetsGroup is set by a `group` block naming :assets (rubygems.org's `group :assets,
	// :development do` holding tailwindcss-rails), whose gems Rails requires only with
	// RAILS_GROUPS=assets.
	AssetsGroup bool
}

var (
	rubyDirective = regexp.MustCompile(`^\s*ruby\s*\(?\s*(["'][^"']+["'](?:\s*,\s*["'][^"']+["'])*)`)
	quoted        = regexp.MustCompile(`["']([^"']+)["']`)
	rubyFile      = regexp.MustCompile(`^\s*ruby\s*\(?\s*file:`)
	// a line reading the version file: File.read, IO.read, File.readlines of ".ruby-version"
	versionFileRead = regexp.MustCompile(`\b(?:File|IO)\.read\w*\b.*["'](?:\./)?\.(?:ruby-version|tool-versions)["']`)
	gemspecLine     = regexp.MustCompile(`^\s*gemspec\b`)
	gemLine         = regexp.MustCompile(`^\s*gem\s*\(?\s*["']([A-Za-z0-9_.-]+)["']`)
	assetsGroup     = regexp.MustCompile(`^\s*group\s*\(?[^#]*(?::assets\b|["']assets["'])`)
	// a file the Gemfile loads by a path relative to itself; the path, then whether require
	// adds .rb
	gemfileLoad = regexp.MustCompile(`^\s*(?:require_relative\s*\(?\s*["']([\w./-]+)["']|` +
		`require\s*\(?\s*File\.(?:join\(\s*File\.dirname\(\s*__FILE__\s*\)|expand_path\(\s*["']([\w./-]+)["']\s*,\s*__dir__\s*\))(?:\s*,\s*["']([\w./-]+)["']\s*\))?|` +
		`eval_gemfile\s*\(?\s*["']([\w./-]+)["'])`)
)

// gemfileLoadPath is the context path a gemfileLoad match names ("" for none inside it):
// require's adds .rb when the name has no extension.
func gemfileLoadPath(m []string) string {
	name, required := m[1]+m[2]+m[3], m[4] == ""
	if m[4] != "" {
		name = m[4]
	}
	rel, ok := lang.CleanRelPath(name)
	if !ok || rel == "." || name == "" {
		return ""
	}
	rel = strings.TrimPrefix(rel, "./")
	if required && path.Ext(rel) == "" {
		rel += ".rb"
	}
	return rel
}

func readGemfile(text string) gemfile {
	var g gemfile
	for _, line := range strings.Split(text, "\n") {
		switch {
		case rubyFile.MatchString(line) || versionFileRead.MatchString(line):
			g.RubyFile = true
		case rubyDirective.MatchString(line) && g.Ruby == nil:
			for _, m := range quoted.FindAllStringSubmatch(rubyDirective.FindStringSubmatch(line)[1], -1) {
				g.Ruby = append(g.Ruby, m[1])
			}
		case gemspecLine.MatchString(line):
			g.Gemspec = true
		case assetsGroup.MatchString(line):
			g.AssetsGroup = true
		case gemLine.MatchString(line):
			g.Gems = append(g.Gems, gemLine.FindStringSubmatch(line)[1])
		case gemfileLoad.MatchString(line):
			if rel := gemfileLoadPath(gemfileLoad.FindStringSubmatch(line)); rel != "" {
				g.Loads = append(g.Loads, rel)
			}
		}
	}
	return g
}

// constraintVersion is the Ruby an image needs for a Gemfile's `ruby` arguments: an exact
// version stays (3.2.2); requirements give the default Ruby when they allow it (`>= 3.2.0`,
// `< 4.1.0` -> 3.4, as the Python provider takes its default when requires-python allows it),
// else their first lower bound's major.minor (`~> 3.2.0` -> 3.2, `>= 4.0` -> 4.0); "" without
// a version.
func constraintVersion(reqs []string, def string) string {
	if len(reqs) == 0 {
		return ""
	}
	if v := versionNumber.FindString(reqs[0]); len(reqs) == 1 && v != "" && strings.TrimLeft(reqs[0], "=v ") == v {
		return v
	}
	if rubyAllows(reqs, def) {
		return def
	}
	for _, r := range reqs {
		op, v := requirementParts(r)
		if v != nil && (op == ">=" || op == "~>" || op == ">" || op == "=") {
			return strconv.Itoa(v[0]) + "." + strconv.Itoa(v[1])
		}
	}
	return ""
}

// requirementParts splits a RubyGems requirement ("~> 3.2", ">= 3.2.0") into its operator
// ("=" when none) and version, padded to three numbers; nil for no version.
func requirementParts(r string) (op string, v []int) {
	r = strings.TrimSpace(r)
	op = "="
	for _, o := range []string{"~>", ">=", "<=", "!=", ">", "<", "="} {
		if rest, ok := strings.CutPrefix(r, o); ok {
			op, r = o, strings.TrimSpace(rest)
			break
		}
	}
	num := versionNumber.FindString(r)
	if num == "" {
		return op, nil
	}
	for _, p := range strings.Split(num, ".") {
		n, _ := strconv.Atoi(p)
		v = append(v, n)
	}
	for len(v) < 3 {
		v = append(v, 0)
	}
	return op, v
}

// rubyAllows reports whether some release of the Ruby minor version minor ("3.4") meets every
// requirement: the image of a minor version carries its newest patch release.
func rubyAllows(reqs []string, minor string) bool {
	_, base := requirementParts(minor)
	if base == nil {
		return false
	}
	for patch := 0; patch <= 30; patch++ {
		v := []int{base[0], base[1], patch}
		ok := true
		for _, r := range reqs {
			op, want := requirementParts(r)
			if want != nil && !meets(v, op, want, strings.Count(versionNumber.FindString(r), ".")) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// meets is one RubyGems requirement: dots is how many dots the requirement's version has, for
// ~> (`~> 3.2` is >= 3.2, < 4; `~> 3.2.1` is >= 3.2.1, < 3.3).
func meets(v []int, op string, want []int, dots int) bool {
	c := slices.Compare(v, want)
	switch op {
	case "=":
		return c == 0
	case "!=":
		return c != 0
	case ">":
		return c > 0
	case "<":
		return c < 0
	case ">=":
		return c >= 0
	case "<=":
		return c <= 0
	case "~>":
		upper := []int{want[0] + 1, 0, 0}
		if dots >= 2 {
			upper = []int{want[0], want[1] + 1, 0}
		}
		return c >= 0 && slices.Compare(v, upper) < 0
	}
	return false
}

// versionFiles reads .ruby-version ("3.2.2", "ruby-3.2.2") and .tool-versions ("ruby 3.2.2").
func versionFiles(f lang.Facts) string {
	if v := strings.TrimSpace(f.Text(".ruby-version")); v != "" {
		return versionNumber.FindString(strings.TrimPrefix(v, "ruby-"))
	}
	for _, line := range strings.Split(f.Text(".tool-versions"), "\n") {
		if fields := strings.Fields(line); len(fields) >= 2 && fields[0] == "ruby" {
			return versionNumber.FindString(fields[1])
		}
	}
	return ""
}

var (
	// lockDependency is a dependency of the spec above it in Gemfile.lock (six spaces).
	lockDependency = regexp.MustCompile(`^      ([A-Za-z0-9_.-]+)(?: \(|$)`)
	// gemfileDependency is a gem of Gemfile.lock's DEPENDENCIES: one the Gemfile names.
	gemfileDependency = regexp.MustCompile(`^  ([A-Za-z0-9_.-]+)!?(?: \(|$)`)
)

// execJSUsers are the locked gems that depend on execjs, sorted, and "the Gemfile" first when
// it names execjs itself.
func execJSUsers(lockText string) []string {
	var users []string
	gemfile := false
	section, spec := "", ""
	sc := bufio.NewScanner(strings.NewReader(lockText))
	for sc.Scan() {
		line := sc.Text()
		if line != "" && !strings.HasPrefix(line, " ") {
			section = line
			continue
		}
		if m := specLine.FindStringSubmatch(line); m != nil {
			spec = m[1]
			continue
		}
		if m := lockDependency.FindStringSubmatch(line); m != nil && m[1] == "execjs" && !slices.Contains(users, spec) {
			users = append(users, spec)
		}
		if m := gemfileDependency.FindStringSubmatch(line); section == "DEPENDENCIES" && m != nil && m[1] == "execjs" {
			gemfile = true
		}
	}
	slices.Sort(users)
	if gemfile {
		users = append([]string{"the Gemfile"}, users...)
	}
	return users
}
