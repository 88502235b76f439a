package eject

import (
	"encoding/json"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
)

// Two kinds of text meet in a Dockerfile. Instructions such as ENV, LABEL, ARG, COPY and WORKDIR
// are expanded by BuildKit ($NAME, quotes, backslashes); RUN and HEALTHCHECK text is a shell
// script that BuildKit leaves alone and /bin/sh reads. Each kind has its quoting here. Plan values
// only ever expand ${NAME} for the platform variables and the build args (as internal/graph
// does); every other '$' must stay literal.

// ref is one piece of a value: literal text, or a ${NAME} reference the build expands.
type ref struct {
	text string
	name string // set for a reference
}

// split cuts a value into literal text and references to the names known is true for, exactly
// as graph.expand reads it (plan.Pieces); a reference to another name is literal text.
func split(s string, known func(string) bool) []ref {
	var out []ref
	for _, p := range plan.Pieces(s) {
		switch {
		case p.Ref == "":
			out = append(out, ref{text: p.Text})
		case known(p.Ref):
			out = append(out, ref{name: p.Ref})
		default:
			out = append(out, ref{text: "${" + p.Ref + "}"})
		}
	}
	return out
}

// names returns the names a value refers to.
func names(s string, known func(string) bool) []string {
	var out []string
	for _, r := range split(s, known) {
		if r.name != "" {
			out = append(out, r.name)
		}
	}
	return out
}

// dfValue is a value for ENV, LABEL or ARG: bare when it is plain text and references, else
// double-quoted, with '\', '"' and every '$' that is not a known reference escaped.
func dfValue(s string, known func(string) bool) string {
	parts := split(s, known)
	bare := s != ""
	for _, r := range parts {
		bare = bare && (r.text == "" || allSafe(r.text))
	}
	if bare {
		var b strings.Builder
		for _, r := range parts {
			if r.name != "" {
				b.WriteString("${" + r.name + "}")
			} else {
				b.WriteString(r.text)
			}
		}
		return b.String()
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range parts {
		if r.name != "" {
			b.WriteString("${" + r.name + "}")
			continue
		}
		for _, ch := range r.text {
			if ch == '\\' || ch == '"' || ch == '$' {
				b.WriteByte('\\')
			}
			b.WriteRune(ch)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// plainPath reports whether a path can be written bare in COPY, WORKDIR or USER: nothing BuildKit
// would expand, unquote or split.
func plainPath(s string) bool {
	if s == "" || strings.HasPrefix(s, "[") || strings.HasPrefix(s, "<<") || strings.HasPrefix(s, "-") {
		return false
	}
	return !strings.ContainsAny(s, " \t\n\r\"'\\$`")
}

// dfLiteral escapes a word BuildKit expands (a COPY source in JSON form) so it stays as written.
func dfLiteral(s string) string {
	var b strings.Builder
	for _, ch := range s {
		if ch == '\\' || ch == '"' || ch == '\'' || ch == '$' {
			b.WriteByte('\\')
		}
		b.WriteRune(ch)
	}
	return b.String()
}

// jsonList is the exec (JSON) form of ENTRYPOINT, CMD and HEALTHCHECK, and of COPY with
// unusual paths. HTML escaping is off so that "<" and "&" read as written.
func jsonList(items []string) string {
	quoted := make([]string, len(items))
	for i, item := range items {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(item) // a string always encodes
		quoted[i] = strings.TrimSuffix(b.String(), "\n")
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// shellSafe are the bytes a shell word may hold without quotes.
func shellSafe(ch rune) bool {
	return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' ||
		strings.ContainsRune("_@%+=:,./-", ch)
}

func allSafe(s string) bool {
	for _, ch := range s {
		if !shellSafe(ch) {
			return false
		}
	}
	return s != ""
}

// shellWord quotes one argument for /bin/sh: bare when safe, NAME="value" for an option such as
// -ldflags=-s -w (as a person would write it), else double quotes.
func shellWord(s string) string { return shellWordRefs(s, noRefs) }

// noRefs knows no name: every ${NAME} is literal text.
func noRefs(string) bool { return false }

// shellWordRefs is shellWord keeping the references to the names known is true for as ${NAME},
// for the shell to expand inside double quotes: one word whatever the value.
func shellWordRefs(s string, known func(string) bool) string {
	if len(names(s, known)) > 0 {
		if k, v, ok := strings.Cut(s, "="); ok && allSafe(k) && !strings.Contains(k, "$") {
			return k + "=" + dquoteRefs(v, known)
		}
		return dquoteRefs(s, known)
	}
	if allSafe(s) && !strings.HasPrefix(s, "~") {
		return s
	}
	if k, v, ok := strings.Cut(s, "="); ok && allSafe(k) {
		return k + "=" + dquote(v)
	}
	return dquote(s)
}

// dquoteRefs double-quotes s for /bin/sh, keeping its known ${NAME} references.
func dquoteRefs(s string, known func(string) bool) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range split(s, known) {
		if r.name != "" {
			b.WriteString("${" + r.name + "}")
		} else {
			b.WriteString(strings.TrimSuffix(strings.TrimPrefix(dquote(r.text), `"`), `"`))
		}
	}
	b.WriteByte('"')
	return b.String()
}

// dquote double-quotes for /bin/sh: inside "", only \ " $ and ` are special.
func dquote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, ch := range s {
		if strings.ContainsRune("\\\"$`", ch) {
			b.WriteByte('\\')
		}
		b.WriteRune(ch)
	}
	b.WriteByte('"')
	return b.String()
}

// shellCommand joins exec arguments into a shell command line. The first word is quoted if the
// shell would take it for an assignment or a keyword.
func shellCommand(args []string) string { return shellCommandRefs(args, noRefs) }

// shellCommandRefs is shellCommand keeping the references to the names known is true for.
func shellCommandRefs(args []string, known func(string) bool) string {
	words := make([]string, len(args))
	for i, a := range args {
		words[i] = shellWordRefs(a, known)
	}
	if len(args) > 0 && (strings.Contains(args[0], "=") || shellKeywords[args[0]]) {
		words[0] = "'" + strings.ReplaceAll(args[0], "'", `'\''`) + "'"
	}
	return strings.Join(words, " ")
}

var shellKeywords = map[string]bool{"!": true, "{": true, "}": true, "case": true, "do": true, "done": true,
	"elif": true, "else": true, "esac": true, "fi": true, "for": true, "if": true, "in": true, "then": true,
	"until": true, "while": true}

// shellAssign is KEY=value for a shell, keeping known ${NAME} references for the shell to expand
// from the ARGs the RUN sees. An assignment is not split or globbed, so safe text stays bare.
func shellAssign(key, value string, known func(string) bool) string {
	return assign(key, value, known, false)
}

// exportAssign is KEY="value" for `export`, which some shells (dash) split like any command's
// arguments, so the value is always quoted.
func exportAssign(key, value string, known func(string) bool) string {
	return assign(key, value, known, true)
}

func assign(key, value string, known func(string) bool, quote bool) string {
	parts := split(value, known)
	bare := !quote
	for _, r := range parts {
		bare = bare && (r.text == "" || allSafe(r.text))
	}
	var b strings.Builder
	b.WriteString(key + "=")
	if !bare {
		b.WriteByte('"')
	}
	for _, r := range parts {
		if r.name != "" {
			b.WriteString("${" + r.name + "}")
			continue
		}
		for _, ch := range r.text {
			if !bare && strings.ContainsRune("\\\"$`", ch) {
				b.WriteByte('\\')
			}
			b.WriteRune(ch)
		}
	}
	if !bare {
		b.WriteByte('"')
	}
	return b.String()
}
