package deno

import (
	"encoding/json"
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// config is what the provider uses of deno.json (or deno.jsonc). A field of an unexpected type
// is ignored rather than failing the whole file.
type config struct {
	// File is the config file read ("" when the project has none).
	File string
	Name string
	// Tasks are the tasks' commands (a task may be a string or {"command": ...}).
	Tasks map[string]string
	// TaskDeps are the tasks each task of the object form depends on ({"command": ...,
	// "dependencies": ["codegen"]}), which `deno task` runs before it.
	TaskDeps map[string][]string
	// Exports is the module exports names for "." ("" for none).
	Exports string
	// ImportMap is the import map file the config names, when it is a path inside the context.
	ImportMap string
	// Permissions reports a "default" permission set (`deno run -P` loads it).
	Permissions bool
	// Members are a workspace root's member globs, as written ("./api", "packages/*").
	Members []string
	// Unstable are the unstable features the config enables ("kv" for `--unstable-kv`).
	Unstable []string
	// Imports are what the config's "imports" maps, else the import map file it names.
	Imports map[string]string
}

// configFiles are the names Deno finds its configuration under, in its order.
var configFiles = []string{"deno.json", "deno.jsonc"}

// readConfig reads the project's deno.json or deno.jsonc; a config that is not JSON is an error.
func readConfig(f lang.Facts) (config, error) {
	var c config
	for _, name := range configFiles {
		if f.Has(name) {
			c.File = name
			break
		}
	}
	if c.File == "" {
		return c, nil
	}
	get, err := lang.JSONFields(lang.JSONC(f[c.File]), c.File)
	if err != nil {
		return c, err
	}
	get("name", &c.Name)
	var tasks map[string]json.RawMessage
	get("tasks", &tasks)
	c.Tasks, c.TaskDeps = map[string]string{}, map[string][]string{}
	for name, raw := range tasks {
		var cmd string
		var obj struct {
			Command      string
			Dependencies []string
		}
		if json.Unmarshal(raw, &cmd) != nil && json.Unmarshal(raw, &obj) == nil {
			cmd = obj.Command
			if len(obj.Dependencies) > 0 {
				c.TaskDeps[name] = obj.Dependencies
			}
		}
		if cmd != "" {
			c.Tasks[name] = cmd
		}
	}
	var exports json.RawMessage
	get("exports", &exports)
	var one string
	var many map[string]string
	switch {
	case json.Unmarshal(exports, &one) == nil:
		c.Exports = one
	case json.Unmarshal(exports, &many) == nil:
		c.Exports = many["."]
	}
	var importMap string
	get("importMap", &importMap)
	if p, ok := plainPath(importMap); ok {
		c.ImportMap = p
	}
	get("imports", &c.Imports)
	get("unstable", &c.Unstable)
	if len(c.Imports) == 0 && c.ImportMap != "" && f.Has(c.ImportMap) { // Deno reads the file only without "imports"
		var m struct{ Imports map[string]string }
		if json.Unmarshal(lang.JSONC(f[c.ImportMap]), &m) == nil && len(m.Imports) > 0 {
			c.Imports = m.Imports
		}
	}
	var perms map[string]json.RawMessage
	get("permissions", &perms)
	_, c.Permissions = perms["default"]
	var workspace json.RawMessage
	get("workspace", &workspace)
	if json.Unmarshal(workspace, &c.Members) != nil { // the older {"members": [...]}
		var obj struct{ Members []string }
		_ = json.Unmarshal(workspace, &obj)
		c.Members = obj.Members
	}
	return c, nil
}

// pathChars are the characters of a context path the provider names in commands and copies.
var pathChars = regexp.MustCompile(`^[A-Za-z0-9._/@+-]+$`)

// plainPath is a path inside the context, cleaned and without "./" ("" is not one).
func plainPath(p string) (string, bool) {
	rel, ok := lang.CleanRelPath(strings.TrimSpace(p))
	if !ok || rel == "." || !pathChars.MatchString(p) {
		return "", false
	}
	return strings.TrimPrefix(rel, "./"), true
}

// name is the program's name: the config's name without its scope, else "app".
func (c config) name() string {
	n := path.Base(c.Name)
	if programName.MatchString(n) && c.Name != "" {
		return n
	}
	return "app"
}

var programName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$`)
