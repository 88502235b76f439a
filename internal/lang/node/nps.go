package node

import (
	"maps"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// nps (npm-package-scripts) moves a project's scripts to package-scripts.js or .yml, and its
// start script becomes `nps` (the `default` script) or `nps NAME`. Planning reads those files as
// text, never runs them: a script written as a string literal, or an object's `script` (else its
// `default`), is read; one computed in code (nps-utils' series(...)) is not.

// npsFiles are the files nps reads its scripts from, in the order it looks for them.
var npsFiles = []string{"package-scripts.js", "package-scripts.yml"}

// npsRun is the nps script a command runs: `nps` runs `default`, `nps NAME` NAME (a dotted
// name for a nested one: `nps start.prod`).
func npsRun(cmd string) (name string, ok bool) {
	switch w := strings.Fields(cmd); {
	case len(w) == 1 && w[0] == "nps":
		return "default", true
	case len(w) == 2 && w[0] == "nps" && lang.PlainWord(w[1]) && !strings.HasPrefix(w[1], "-"):
		return w[1], true
	}
	return "", false
}

// start is the command the package.json script name runs (startCommand), with what nps's scripts
// say when it runs nps: `start: nps` whose default is `nps start`, whose script is `cross-env
// NODE_ENV=production node dist/app.js`, is `node dist/app.js`. via names the nps file read ("" when none).
func (p pkg) start(name string) (cmd string, env []plan.Env, via string) {
	cmd, env = startCommand(p.m.Scripts, name)
	task, ok := npsRun(cmd)
	if !ok {
		return cmd, env, ""
	}
	file, scripts := p.npsScripts()
	for range maxScriptDepth {
		text, ok := npsScript(scripts, task)
		if !ok {
			return cmd, env, ""
		}
		if next, ok := npsRun(text); ok {
			task = next
			continue
		}
		// what the nps script runs, read as package.json's own script would be (its `npm run
		// build && node FILE`, its variables)
		scripts := maps.Clone(p.m.Scripts)
		scripts[name] = text
		cmd, npsEnv := startCommand(scripts, name)
		return cmd, append(env, npsEnv...), file
	}
	return cmd, env, ""
}

// npsBuild is the command that runs nps's build script, for a package whose package.json has
// no build script: nps reads package-scripts.js itself, so a build computed in code
// (series(...)) runs too. nil without one, or without nps among the dependencies.
func (p pkg) npsBuild() []string {
	if _, scripts := p.npsScripts(); p.m.Scripts["build"] != "" || !p.m.Deps["nps"] || scripts["build"] == nil || p.dir != "." {
		return nil
	}
	return []string{"node_modules/.bin/nps", "build"}
}

// npsScripts are the scripts of the package's nps file, and its name: a string is a script's
// text, a map an object of scripts, and true a script computed in code (nil when absent).
func (p pkg) npsScripts() (string, map[string]any) {
	for _, name := range npsFiles {
		if !p.has(name) {
			continue
		}
		if strings.HasSuffix(name, ".yml") {
			var c struct {
				Scripts map[string]any `yaml:"scripts"`
			}
			_ = yaml.Unmarshal(p.f[p.path(name)], &c)
			return name, c.Scripts
		}
		src := p.text(name)
		loc := npsExports.FindStringIndex(src)
		if loc == nil {
			return name, nil
		}
		top, _ := jsValue(src[loc[1]-1:], 0).(map[string]any)
		scripts, _ := top["scripts"].(map[string]any)
		return name, scripts
	}
	return "", nil
}

var npsExports = regexp.MustCompile(`(?:module\.exports|export\s+default)\s*=?\s*\{`)

// npsScript is the text of the nps script name (dotted for a nested one): a string, or an
// object's `script`, else its `default`.
func npsScript(scripts map[string]any, name string) (string, bool) {
	var cur any = scripts
	for _, part := range strings.Split(name, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return "", false
		}
		cur = obj[part]
	}
	for range maxScriptDepth {
		switch v := cur.(type) {
		case string:
			return v, true
		case map[string]any:
			if s, ok := v["script"]; ok {
				cur = s
			} else {
				cur = v["default"]
			}
		default:
			return "", false
		}
	}
	return "", false
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
