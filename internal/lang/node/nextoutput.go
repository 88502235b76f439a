package node

import (
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// next.config's `output` is often chosen by the environment, as Next.js's with-docker example
// and the projects built both for Vercel and for a container write it:
//
//	output: process.env.BUILD_STANDALONE === 'true' ? 'standalone' : undefined,
//	output: process.env.VERCEL === '1' ? undefined : 'standalone',
//	output: process.env.NODE_ENV === 'production' ? 'export' : undefined,
//	const mode = process.env.BUILD_MODE ?? 'standalone'; ... output: mode,
//
// nextOutput reads such a value as `next build` sees it: NODE_ENV is production (next build
// sets it), a variable the build script gives the command (`cross-env BUILD_MODE=standalone
// next build`) or the spec's build.env sets has that value, and any other is unset. A value
// computed otherwise is not read.

var (
	// nextOutputProp is the `output` property and the rest of its line.
	nextOutputProp = regexp.MustCompile(`(?m)^[ \t]*output\s*:\s*([^\n]+)$`)
	// jsTernary is `COND ? A : B` on one line, its operands read by jsOperand.
	jsTernary = regexp.MustCompile(`^(.+?)\?(.+?):(.+)$`)
	// jsEnvCompare is `process.env.NAME === 'value'` (==, !==, !=), or `process.env.NAME`,
	// negated or not.
	jsEnvCompare = regexp.MustCompile(`^(!?)\s*process\.env\.([A-Za-z_]\w*)\s*(?:(===?|!==?)\s*(?:"([^"]*)"|'([^']*)'|` + "`([^`$]*)`" + `))?$`)
	// jsEnvDefault is `process.env.NAME ?? 'value'` (or ||), or `process.env.NAME` alone.
	jsEnvDefault = regexp.MustCompile(`^process\.env\.([A-Za-z_]\w*)\s*(?:(?:\?\?|\|\|)\s*(?:"([^"]*)"|'([^']*)'|` + "`([^`$]*)`" + `))?$`)
	// nextBuildSegment is the command of a script that runs `next build`, with what comes before it.
	nextBuildSegment = regexp.MustCompile(`(?:^|&&|\|\||;)\s*([^&|;]*?)\bnext\s+build\b`)
	envAssignment    = regexp.MustCompile(`^([A-Za-z_]\w*)=(.*)$`)
)

// nextOutput is the output mode next.config (text) gives `next build`, run by script with the
// spec's build.env: "standalone", "export", or "" (the default server, or a value not read).
func nextOutput(text, script string, env spec.KeyValues) string {
	lookup := buildScriptEnv(script, env)
	inactive := nextInactive(text, lookup)
	for _, m := range nextOutputProp.FindAllStringSubmatchIndex(text, -1) {
		if inSpans(m[0], inactive) {
			continue
		}
		expr := jsLineValue(text[m[2]:m[3]])
		if name := jsIdent.FindString(expr); name == expr && name != "undefined" && name != "null" {
			// a constant the file sets: `const mode = process.env.BUILD_MODE ?? "standalone"`
			def, ok := jsConstExpr(text, name)
			if !ok {
				continue
			}
			expr = def
		}
		if v, ok := jsEnvValue(expr, lookup); ok {
			return v
		}
	}
	return ""
}

// A project that builds one config for several targets sets some of its keys in a spread
// guarded by a condition, as big-AGI's next.config.ts does:
//
//	const buildType =
//	  process.env.BIG_AGI_BUILD === 'standalone' ? 'standalone' as const
//	    : process.env.BIG_AGI_BUILD === 'static' ? 'export' as const
//	      : undefined;
//	...(buildType && { output: buildType, distDir: 'dist', ... }),
//
// `next build` applies those keys only when the condition holds. nextInactive are the spans of
// text whose keys it does not apply: the objects of `...(COND && {...})` whose COND (a constant
// the file sets, a variable of the environment, or a comparison of one, negated or not) is false
// as lookup sees it. A condition not read keeps its object.

// jsSpreadIf is a spread guarded by a condition, `...(COND && {` or `...(COND ? {` (hyperdx's
// `...(process.env.NEXT_OUTPUT_STANDALONE === 'true' ? { output: 'standalone' } : {})`), COND its
// first group; the object is the one applied when COND holds.
var jsSpreadIf = regexp.MustCompile(`\.\.\.\(\s*([^()&|{}?:]+?)\s*(?:&&|\?)\s*\{`)

// nextInactive are the [start, end) offsets of the objects of text's spreads whose condition is false.
func nextInactive(text string, lookup func(string) (string, bool)) [][2]int {
	var out [][2]int
	for _, m := range jsSpreadIf.FindAllStringSubmatchIndex(text, -1) {
		if truth, ok := jsEnvTruth(text, text[m[2]:m[3]], lookup); ok && !truth {
			out = append(out, [2]int{m[1] - 1, lang.BlockEnd(text, m[1]-1)})
		}
	}
	return out
}

// inSpans tells whether offset at lies in one of spans.
func inSpans(at int, spans [][2]int) bool {
	for _, s := range spans {
		if at >= s[0] && at < s[1] {
			return true
		}
	}
	return false
}

// nextActive is the first match of re in next.config's text that `next build` applies (not in
// an inactive spread, nextInactive), nil when none.
func nextActive(re *regexp.Regexp, text string, lookup func(string) (string, bool)) []string {
	spans := nextInactive(text, lookup)
	for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
		if !inSpans(m[0], spans) {
			sub := make([]string, len(m)/2)
			for i := range sub {
				sub[i] = lang.Submatch(text, m, i)
			}
			return sub
		}
	}
	return nil
}

// jsConstExpr is the expression a `const`, `let` or `var` of text sets name to, read to its
// semicolon (or its line's end without one) across lines, TypeScript's `as const` left out.
func jsConstExpr(text, name string) (string, bool) {
	loc := regexp.MustCompile(`(?m)^\s*(?:export\s+)?(?:const|let|var)\s+` + regexp.QuoteMeta(name) + `\s*(?::\s*[\w$.]+\s*)?=[ \t]*`).FindStringIndex(text)
	if loc == nil {
		return "", false
	}
	rest := text[loc[1]:]
	if end := strings.IndexByte(rest, ';'); end >= 0 {
		rest = rest[:end]
	} else if nl := strings.IndexByte(strings.TrimLeft(rest, "\n"), '\n'); nl >= 0 {
		rest = strings.TrimLeft(rest, "\n")[:nl]
	}
	var lines []string
	for _, l := range strings.Split(rest, "\n") {
		if l = jsLineValue(l); l != "" {
			lines = append(lines, l)
		}
	}
	expr := strings.ReplaceAll(strings.Join(lines, " "), " as const", "")
	return expr, expr != ""
}

// jsEnvTruth is whether cond, a condition of text, holds as lookup sees the environment: a
// constant of the file (its value not empty), `process.env.X` (set and not empty) or a
// comparison of it with a string, negated or not; false for ok when cond is none of those.
func jsEnvTruth(text, cond string, lookup func(string) (string, bool)) (truth, ok bool) {
	cond = strings.TrimSpace(cond)
	if rest, neg := strings.CutPrefix(cond, "!"); neg && !strings.HasPrefix(rest, "=") {
		t, ok := jsEnvTruth(text, rest, lookup)
		return !t, ok
	}
	if name := jsIdent.FindString(cond); name == cond && name != "" {
		expr, ok := jsConstExpr(text, name)
		if !ok {
			return false, false
		}
		if v, ok := jsEnvValue(expr, lookup); ok {
			return v != "", true
		}
		if expr != name { // a constant holding a condition (chat-ui's `const useStatic = process.env.ADAPTER === "static"`)
			return jsEnvTruth(text, expr, lookup)
		}
		return false, false
	}
	if c := jsEnvCompare.FindStringSubmatch(strings.Trim(cond, "()")); c != nil {
		return envCompare(c, lookup), true
	}
	if m := jsEnvIncludes.FindStringSubmatch(cond); m != nil { // hollama's `['docker-node', ...].includes(process.env.PUBLIC_ADAPTER)`
		v, set := lookup(m[2])
		for _, q := range jsQuoted.FindAllStringSubmatch(m[1], -1) {
			if set && q[1]+q[2]+q[3] == v {
				return true, true
			}
		}
		return false, true
	}
	return false, false
}

var (
	jsIdent = regexp.MustCompile(`^[A-Za-z_$][\w$]*`)
	// jsEnvIncludes is a list of string literals that includes a variable of the environment;
	// jsQuoted, one of those literals.
	jsEnvIncludes = regexp.MustCompile(`^\[((?:\s*(?:"[^"]*"|'[^']*'|` + "`[^`$]*`" + `)\s*,?)*)\]\.includes\(\s*process\.env\.([A-Za-z_]\w*)\s*\)$`)
	jsQuoted      = regexp.MustCompile(`"([^"]*)"|'([^']*)'|` + "`([^`$]*)`")
)

// jsLineValue is the expression a property's or declaration's line holds: without a trailing
// comma, semicolon or // comment.
func jsLineValue(line string) string {
	if i := strings.Index(line, " //"); i >= 0 {
		line = line[:i]
	}
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(line), ",;"))
}

// jsEnvValue evaluates expr, a string literal, undefined, a variable of the environment with a
// default, or a ternary on one: false when it is none of those.
func jsEnvValue(expr string, lookup func(string) (string, bool)) (string, bool) {
	expr = strings.TrimSpace(expr)
	switch {
	case expr == "undefined" || expr == "null":
		return "", true
	case len(expr) >= 2 && strings.ContainsRune(`'"`+"`", rune(expr[0])) && expr[len(expr)-1] == expr[0] &&
		!strings.ContainsAny(expr[1:len(expr)-1], `'"`+"`$"):
		return expr[1 : len(expr)-1], true
	}
	if m := jsEnvDefault.FindStringSubmatch(expr); m != nil {
		if v, ok := lookup(m[1]); ok && v != "" {
			return v, true
		}
		return m[2] + m[3] + m[4], true
	}
	m := jsTernary.FindStringSubmatch(expr)
	if m == nil {
		return "", false
	}
	c := jsEnvCompare.FindStringSubmatch(strings.Trim(strings.TrimSpace(m[1]), "()"))
	if c == nil {
		return "", false
	}
	if envCompare(c, lookup) {
		return jsEnvValue(m[2], lookup)
	}
	return jsEnvValue(m[3], lookup)
}

// envCompare is whether a condition jsEnvCompare matched (c its groups) holds.
func envCompare(c []string, lookup func(string) (string, bool)) bool {
	v, set := lookup(c[2])
	truth := set && v != ""
	if c[3] != "" {
		truth = set && v == c[4]+c[5]+c[6]
		if strings.HasPrefix(c[3], "!") {
			truth = !truth
		}
	}
	if c[1] == "!" {
		truth = !truth
	}
	return truth
}

// buildScriptEnv looks a variable up as `next build` sees it: the build script's assignments
// before the command (`cross-env BUILD_MODE=standalone next build`, `BUILD_STANDALONE=true next
// build`), then the spec's build.env, then NODE_ENV, which next build sets to production.
func buildScriptEnv(script string, env spec.KeyValues) func(string) (string, bool) {
	own := map[string]string{}
	if m := nextBuildSegment.FindStringSubmatch(script); m != nil {
		for _, w := range strings.Fields(m[1]) {
			if a := envAssignment.FindStringSubmatch(w); a != nil {
				own[a[1]] = strings.Trim(a[2], `'"`)
			}
		}
	}
	return func(name string) (string, bool) {
		if v, ok := own[name]; ok {
			return v, true
		}
		if v, ok := env.Get(name); ok {
			return v, true
		}
		if name == "NODE_ENV" {
			return "production", true
		}
		return "", false
	}
}
