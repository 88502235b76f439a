package node

import (
	"regexp"
	"strings"
)

// A configuration file written in JavaScript (package-scripts.js, astro.config.mjs) is read as
// text, never run: the object it exports, its string literals and the objects inside it; any
// other expression is only seen to be there.

// jsExport is where a file's exported object starts: `module.exports = {`, `export default {`,
// or a config helper's argument, `export default defineConfig({`.
var jsExport = regexp.MustCompile(`(?:module\.exports\s*=|export\s+default)\s*(?:[A-Za-z_$][\w$]*\s*\(\s*)?\{`)

// jsExported is the object src exports (jsValue), nil when it exports none as jsExport reads it.
func jsExported(src string) map[string]any {
	loc := jsExport.FindStringIndex(src)
	if loc == nil {
		return nil
	}
	obj, _ := jsValue(src[loc[1]-1:], 0).(map[string]any)
	return obj
}

// jsValue reads the JavaScript value src starts with, as text: a string literal (not a template
// with a substitution), an object literal (map of its properties' values) nested at most
// maxJSDepth deep, and true for any other expression.
func jsValue(src string, depth int) any {
	src = jsTrim(src)
	switch {
	case src == "":
		return nil
	case strings.IndexByte(`'"`+"`", src[0]) >= 0:
		end := jsSkip(src, 0)
		lit := src[1 : end-1]
		if jsTrim(src[end:]) != "" || (src[0] == '`' && strings.Contains(lit, "${")) {
			return true
		}
		return jsUnescape.Replace(lit)
	case src[0] == '{' && depth < maxJSDepth:
		return jsProps(src, depth+1)
	}
	return true
}

// maxJSDepth bounds the objects jsValue reads inside each other: nps's scripts are a few deep.
const maxJSDepth = 6

var jsUnescape = strings.NewReplacer(`\'`, `'`, `\"`, `"`, "\\`", "`", `\\`, `\`)

// jsKey is a property's key and colon: a name or a quoted string.
var jsKey = regexp.MustCompile(`^(?:([A-Za-z_$][\w$]*)|'([^'\\]*)'|"([^"\\]*)")\s*:`)

// jsProps are the properties of the object literal src starts with, split at its top-level
// commas, strings and comments skipped; a spread or a method is left out.
func jsProps(src string, depth int) map[string]any {
	props := map[string]any{}
	add := func(prop string) {
		prop = jsTrim(prop)
		if m := jsKey.FindStringSubmatch(prop); m != nil {
			props[m[1]+m[2]+m[3]] = jsValue(prop[len(m[0]):], depth)
		}
	}
	level, from := 0, 0
	for i := 0; i < len(src); {
		if j := jsSkip(src, i); j > i {
			i = j
			continue
		}
		switch src[i] {
		case '{', '[', '(':
			if level++; level == 1 {
				from = i + 1
			}
		case '}', ']', ')':
			if level--; level == 0 {
				add(src[from:i])
				return props
			}
		case ',':
			if level == 1 {
				add(src[from:i])
				from = i + 1
			}
		}
		i++
	}
	return props
}

// jsSkip is the index after the string literal or comment at src[i], or i when none starts there.
func jsSkip(src string, i int) int {
	switch rest := src[i:]; {
	case rest[0] == '\'' || rest[0] == '"' || rest[0] == '`':
		for j := i + 1; j < len(src); j++ {
			switch src[j] {
			case '\\':
				j++
			case rest[0]:
				return j + 1
			}
		}
		return len(src)
	case strings.HasPrefix(rest, "//"):
		if n := strings.IndexByte(rest, '\n'); n >= 0 {
			return i + n + 1
		}
		return len(src)
	case strings.HasPrefix(rest, "/*"):
		if n := strings.Index(rest[2:], "*/"); n >= 0 {
			return i + n + 4
		}
		return len(src)
	}
	return i
}

// jsTrim is src without the spaces and comments around it.
func jsTrim(src string) string {
	for {
		src = strings.TrimSpace(src)
		if src == "" || src[0] != '/' {
			break
		}
		j := jsSkip(src, 0)
		if j == 0 {
			break
		}
		src = src[j:]
	}
	return src
}
