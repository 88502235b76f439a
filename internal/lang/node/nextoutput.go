package node

import (
	"regexp"
	"strings"

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
	for _, m := range nextOutputProp.FindAllStringSubmatch(text, -1) {
		expr := jsLineValue(m[1])
		if name := jsIdent.FindString(expr); name == expr && name != "undefined" && name != "null" {
			// a constant the file sets: `const mode = process.env.BUILD_MODE ?? "standalone"`
			def := regexp.MustCompile(`(?m)^\s*(?:const|let|var)\s+` + regexp.QuoteMeta(name) + `\s*=\s*([^\n]+)$`).FindStringSubmatch(text)
			if def == nil {
				continue
			}
			expr = jsLineValue(def[1])
		}
		if v, ok := jsEnvValue(expr, lookup); ok {
			return v
		}
	}
	return ""
}

var jsIdent = regexp.MustCompile(`^[A-Za-z_$][\w$]*`)

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
	if truth {
		return jsEnvValue(m[2], lookup)
	}
	return jsEnvValue(m[3], lookup)
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
