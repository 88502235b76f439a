package php

import (
	"encoding/json"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A plain PHP application may name its data directory only in a class reached through
// composer's autoloader: PrivateBin's index.php defines PATH as '' (the directory php-fpm runs
// the script in: the root) and its lib/Configuration.php, autoloaded from composer.json's psr-4
// "lib/", makes the directory of its pastes PATH . 'data', which is not in the repository (the
// application makes it at its first write, and failed in a root-owned /app). A constant the
// root index.php defines as the root ('' or the file's directory), joined with a literal name
// of data in a PHP file directly in a psr-4 directory of composer.json, names a data directory:
// the runtime user's, and one that answers 404 when the root is served (PrivateBin's own image
// keeps it out of the web root).

// emptyDefine is a constant defined as the empty string, a path relative to the script's
// directory.
var emptyDefine = regexp.MustCompile(`\bdefine\(\s*['"](\w+)['"]\s*,\s*(?:''|"")\s*\)`)

// rootJoin is a constant joined with a literal directory name: the constant, the name.
var rootJoin = regexp.MustCompile(`(?:^|[^\w$:>\\])(\w+)\s*\.\s*['"]/?([A-Za-z0-9_-]+)/?['"]`)

// rootConsts are the constants the root index.php defines as the project's root.
func rootConsts(f lang.Facts) []string {
	if !f.Has("index.php") {
		return nil
	}
	src := f.Text("index.php")
	var out []string
	for _, m := range emptyDefine.FindAllStringSubmatch(src, -1) {
		out = append(out, m[1])
	}
	for _, d := range pathDefinitions("index.php", src, map[string]string{}) {
		if d.path == "." && !d.env && !d.literal && !strings.HasPrefix(d.id, "$") {
			out = append(out, d.id)
		}
	}
	return out
}

// autoloadDirs are composer.json's psr-4 directories below the root, one level deep.
func autoloadDirs(f lang.Facts) []string {
	var c struct {
		Autoload struct {
			PSR4 map[string]any `json:"psr-4"`
		} `json:"autoload"`
	}
	if json.Unmarshal([]byte(f.Text("composer.json")), &c) != nil {
		return nil
	}
	var out []string
	add := func(v any) {
		if s, ok := v.(string); ok {
			d := path.Clean(strings.TrimPrefix(s, "./"))
			if d != "." && !strings.Contains(d, "/") && !strings.HasPrefix(d, ".") && d != "vendor" && !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	for _, v := range c.Autoload.PSR4 {
		if list, ok := v.([]any); ok {
			for _, x := range list {
				add(x)
			}
		} else {
			add(v)
		}
	}
	slices.Sort(out)
	return out
}

// autoloadFollow asks for the PHP files of the psr-4 directories when the root index.php
// defines a constant as the root.
func autoloadFollow(f lang.Facts) []string {
	if len(rootConsts(f)) == 0 {
		return nil
	}
	var out []string
	for _, d := range autoloadDirs(f) {
		out = append(out, d+"/*.php")
	}
	return out
}

// autoloadDataDirs are the data directories the psr-4 directories' PHP files name from a root
// constant, each with where it is named.
func autoloadDataDirs(f lang.Facts) []lang.Volume {
	consts := rootConsts(f)
	if len(consts) == 0 {
		return nil
	}
	var out []lang.Volume
	for _, dir := range autoloadDirs(f) {
		for _, name := range f.Glob(dir + "/*.php") {
			src := f.Text(name)
			for _, m := range lang.CodeMatchesAt(rootJoin, src, 1) {
				id, d := src[m[2]:m[3]], src[m[4]:m[5]]
				if slices.Contains(consts, id) && dataName.MatchString(d) && d != "vendor" &&
					!lang.HasVolume(out, d) {
					out = append(out, lang.Volume{Dir: d, From: "the application's data directory, " + name + "'s " + id + " . '" + d +
						"', index.php's " + id + " being the root"})
				}
			}
		}
	}
	return out
}
