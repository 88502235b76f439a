package php

import (
	"path"
	"regexp"
	"strings"
)

// The PHP files planning reads name the directories they use with path expressions and load
// each other with requires relative to their own directory. One reader serves the data
// directories (datadir.go) and those the environment may move (envdir.go): a path is the file's
// directory (__DIR__, dirname(__FILE__), realpath(__DIR__), dirname(__DIR__)) or a constant or
// variable defined so before it, joined with literals and DIRECTORY_SEPARATOR.

// pathTerm is a term of a path expression.
const pathTerm = `(?:__DIR__|dirname\(\s*(?:__FILE__|__DIR__)\s*\)|realpath\(\s*__DIR__\s*\)|\$?\w+|'[^'\\]*'|"[^"\\$]*")`

// pathDef is a constant or variable defined as a path expression, behind an environment
// variable's fallback or not.
var pathDef = regexp.MustCompile(`(?:\bdefine\(\s*['"](\w+)['"]\s*,|\bconst\s+(\w+)\s*=|(\$\w+)\s*=)\s*` +
	`((?:getenv\(\s*['"]\w+['"]\s*\)\s*\?:|\$_(?:ENV|SERVER)\[\s*['"]\w+['"]\s*\]\s*\?\?)\s*)?` +
	`(` + pathTerm + `(?:\s*\.\s*` + pathTerm + `)*)\s*[;)]`)

// pathTerms splits a path expression into its terms.
var pathTerms = regexp.MustCompile(pathTerm)

// pathDefinition is a constant or variable a file defines as a path.
type pathDefinition struct {
	id      string // the constant's name, or the variable's with its $
	path    string // relative to the project
	env     bool   // the fallback of an environment variable
	literal bool   // starting from a string, not a directory
}

// pathDefinitions are the constants and variables the file name (its source src) defines as
// paths, in order; known holds the paths defined before, by id, and gets these.
func pathDefinitions(name, src string, known map[string]string) []pathDefinition {
	var out []pathDefinition
	for _, m := range pathDef.FindAllStringSubmatch(src, -1) {
		id := m[1] + m[2] + m[3]
		p, ok := evalPath(m[5], path.Dir(name), known)
		if !ok {
			continue
		}
		known[id] = p
		out = append(out, pathDefinition{id: id, path: p, env: m[4] != "", literal: strings.ContainsAny(m[5][:1], `'"`)})
	}
	return out
}

// evalPath is a path expression's path relative to the project, dir being the defining file's
// directory; not ok when it starts with no directory or names one not known.
func evalPath(expr, dir string, known map[string]string) (string, bool) {
	var b strings.Builder
	for i, t := range pathTerms.FindAllString(expr, -1) {
		switch {
		case t == "__DIR__" || strings.HasPrefix(t, "realpath(") || strings.HasPrefix(t, "dirname(") && strings.Contains(t, "__FILE__"):
			t = dir
		case strings.HasPrefix(t, "dirname("):
			t = path.Join(dir, "..") // a root file's is the project's parent, which path.Dir(".") is not
		case t == "DIRECTORY_SEPARATOR":
			t = "/"
		case strings.HasPrefix(t, "'") || strings.HasPrefix(t, `"`):
			t = t[1 : len(t)-1]
		default:
			p, ok := known[t]
			if !ok {
				return "", false
			}
			t = p
		}
		if i == 0 && (strings.HasPrefix(t, "/") || t == "") {
			return "", false
		}
		b.WriteString(t)
	}
	return path.Clean(b.String()), true
}

// fileRequire is a require or include of a PHP file relative to the requiring file's directory.
var fileRequire = regexp.MustCompile(`\b(?:require|require_once|include|include_once)\s*\(?\s*(?:__DIR__|dirname\(\s*__FILE__\s*\))\s*\.\s*['"]/([A-Za-z0-9_./-]+\.php)['"]`)

// phpRequire is a file a PHP file requires: as written after its directory, and its path
// relative to the project.
type phpRequire struct{ written, path string }

// requires are the files the file name (its source src) requires relative to its directory.
func requires(name, src string) []phpRequire {
	var out []phpRequire
	for _, m := range fileRequire.FindAllStringSubmatch(src, -1) {
		out = append(out, phpRequire{written: m[1], path: path.Join(path.Dir(name), m[1])})
	}
	return out
}
