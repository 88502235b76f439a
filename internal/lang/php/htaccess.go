package php

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A PHP application served from its root keeps what must not be fetched (its settings, its
// users' accounts, logs, backups, its templates' sources) from the web with Apache's .htaccess
// files, which Caddy does not read. Grav's root .htaccess forbids `^(\.git|cache|bin|logs|
// backup|...)/(.*)`, `^(user)/(config|env)/(.*)`, `\.md$` and the like with RewriteRule's [F]
// flag, and its user/accounts/.htaccess denies every request but for the avatar images a
// <FilesMatch> grants: without them its image served the accounts' password hashes, its logs
// and its backups. When the root is served they answer 404 as the project's own rules say:
//   - a directory whose .htaccess denies every request (deniedDirs), three levels down;
//   - one that denies every request but the files a <FilesMatch> section grants: all but those;
//   - a RewriteRule of the root .htaccess with the F (or G) flag and no RewriteCond (which would
//     make it conditional), whose pattern Go's regexp reads: the paths it matches,
//     case-insensitive with NC. A negative look-ahead of a word, which Go's regexp lacks, is
//     written as what it means (notAhead): Grav's `(^|/)\.(?!well-known)` forbids every dotfile
//     and dot-directory but .well-known (its .phan/config.php was served, and would run). Other
//     look-arounds leave their rule out;
//   - an unconditional RewriteRule of the root .htaccess that hands a directory's every path to
//     the front controller (`index.php`) instead of serving its files: Kirby's `^content/(.*)`,
//     `^site/(.*)` and `^kirby/(.*)` keep its pages' text files (drafts too), its accounts,
//     sessions and configuration, and its sources from the web, whose router answers 404 there.

// htaccessReads are the .htaccess files read, for Language().Reads.
var htaccessReads = []string{".htaccess", "*/.htaccess", "*/*/.htaccess", "*/*/*/.htaccess"}

// partlyDenied is a directory whose .htaccess denies every request but for the files allow
// matches (a Go regexp, matched against the path).
type partlyDenied struct{ dir, allow string }

// filesMatch is a <FilesMatch "re"> or <Files "name"> section and its body.
var filesMatch = regexp.MustCompile(`(?is)<Files(Match)?\s+"?([^">]+?)"?\s*>(.*?)</Files(?:Match)?>`)

// granted is an Apache directive allowing every request (2.2's and 2.4's).
var granted = regexp.MustCompile(`(?im)^\s*(?:allow\s+from\s+all|require\s+all\s+granted)\s*$`)

// htaccessDenial reads a .htaccess: whether it denies every request outside its <Files>
// sections, and the regexp of the files those sections grant ("" for none). ok is false when a
// granting section cannot be read as a Go regexp (then nothing is said of the directory).
func htaccessDenial(src string) (denied bool, allow string, ok bool) {
	var allows []string
	ok = true
	outside := filesMatch.ReplaceAllStringFunc(src, func(sec string) string {
		m := filesMatch.FindStringSubmatch(sec)
		if !granted.MatchString(m[3]) {
			return ""
		}
		re := m[2]
		if rest, anchored := strings.CutPrefix(re, "^"); anchored && m[1] != "" { // a file name's start, in a path
			re = "(?:^|/)" + rest
		}
		if m[1] == "" { // <Files name>: a file name, wildcards as a shell's
			re = "(?:^|/)" + strings.ReplaceAll(strings.ReplaceAll(regexp.QuoteMeta(re), `\*`, `[^/]*`), `\?`, `[^/]`) + "$"
		}
		if _, err := regexp.Compile(re); err != nil || strings.ContainsAny(re, " \"") {
			ok = false
		}
		allows = append(allows, re)
		return ""
	})
	if !ok {
		return false, "", false
	}
	return denyAll.MatchString(outside), strings.Join(allows, "|"), true
}

// partlyDeniedDirs are the directories, relative to the root, whose .htaccess denies every
// request but the files a <FilesMatch> grants (Grav's user/accounts and user/data).
func partlyDeniedDirs(f lang.Facts) []partlyDenied {
	var out []partlyDenied
	for _, pat := range htaccessReads[1:] {
		for _, name := range f.Glob(pat) {
			if denied, allow, ok := htaccessDenial(f.Text(name)); ok && denied && allow != "" {
				out = append(out, partlyDenied{dir: path.Dir(name), allow: allow})
			}
		}
	}
	slices.SortFunc(out, func(a, b partlyDenied) int { return strings.Compare(a.dir, b.dir) })
	return out
}

var (
	rewriteCond = regexp.MustCompile(`(?i)^\s*RewriteCond\s`)
	rewriteRule = regexp.MustCompile(`(?i)^\s*RewriteRule\s+(\S+)\s+(\S+)(?:\s+\[([^\]]*)\])?\s*$`)
	// dirPattern is a RewriteRule pattern anchored at a literal directory: ^content/(.*).
	dirPattern = regexp.MustCompile(`^\^[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*/`)
)

// toFrontController reports a RewriteRule's substitution that is the root's front controller.
func toFrontController(sub string) bool {
	return strings.TrimPrefix(sub, "/") == "index.php"
}

// rewriteDenials are the root .htaccess's unconditional RewriteRules with the F or G flag, or
// handing a directory's paths to index.php, as Go regexps of the request's path (with its
// leading /), in the file's order.
func rewriteDenials(src string) []string {
	var out []string
	cond := false
	for line := range strings.Lines(src) {
		if rewriteCond.MatchString(line) {
			cond = true
			continue
		}
		m := rewriteRule.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		wasCond := cond
		cond = false
		flags := strings.Split(strings.ToUpper(strings.ReplaceAll(m[3], " ", "")), ",")
		denies := slices.Contains(flags, "F") || slices.Contains(flags, "G") || slices.Contains(flags, "FORBIDDEN") ||
			toFrontController(m[2]) && dirPattern.MatchString(m[1])
		if wasCond || !denies {
			continue
		}
		re := m[1]
		if strings.HasPrefix(re, "!") || strings.Contains(re, `"`) {
			continue
		}
		if rest, ok := strings.CutPrefix(re, "^"); ok {
			re = "^/" + rest
		}
		re = lookAhead.ReplaceAllStringFunc(re, func(m string) string { return notAhead(m[3 : len(m)-1]) })
		if slices.Contains(flags, "NC") || slices.Contains(flags, "NOCASE") {
			re = "(?i)" + re
		}
		if _, err := regexp.Compile(re); err == nil {
			out = append(out, re)
		}
	}
	return out
}

// lookAhead is a negative look-ahead of a word: (?!well-known).
var lookAhead = regexp.MustCompile(`\(\?![A-Za-z0-9_-]+\)`)

// notAhead is what (?!word) matches, written without a look-ahead: the end, or the word's
// first i letters and then the end or another letter than its next. (?!ab) is (?:$|[^a]|a$|a[^b]).
func notAhead(word string) string {
	alts := []string{"$"}
	for i := range len(word) {
		prefix := regexp.QuoteMeta(word[:i])
		if i > 0 {
			alts = append(alts, prefix+"$")
		}
		alts = append(alts, prefix+"[^"+word[i:i+1]+"]") // [^-] is a literal -
	}
	return "(?:" + strings.Join(alts, "|") + ")"
}
