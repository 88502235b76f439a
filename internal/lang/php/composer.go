package php

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// project is what the provider uses of composer.json and composer.lock. A field of an unexpected
// type is ignored, as composer validates the file itself when it runs.
type project struct {
	Name       string
	Require    map[string]string
	RequireDev map[string]string
	// Platform is config.platform.php: the PHP version composer resolves for.
	Platform string
	// Authoritative is config.classmap-authoritative when the file sets it; nil when it does not.
	Authoritative *bool
	// AllowPlugins is config.allow-plugins: true or false for all, or a map of package names
	// (or patterns) to whether composer may run their plugin.
	AllowPlugins any
	Scripts      map[string]bool
	// PathRepos are the `url`s of path repositories (packages of the project's own tree).
	PathRepos []string
	// VendorDir is config.vendor-dir as written ("" when unset); vendorDir reads it.
	VendorDir string
	// InstallDirs are the directories composer/installers and WordPress's core installer put
	// packages in (extra.installer-paths' directories up to their first `{$`, and
	// extra.wordpress-install-dir): the build's, as vendor-dir is.
	InstallDirs []string
	// ScaffoldWebRoot is extra.drupal-scaffold.locations.web-root as written (drupal.go).
	ScaffoldWebRoot string
	// Locked are the packages of composer.lock, production ones first; nil without a lock.
	Locked  []lockedPackage
	HasLock bool
}

// lockedPackage is a package of composer.lock.
type lockedPackage struct {
	Name    string
	Version string
	Dev     bool
	// Dist and Source are how composer fetches it: zip, path, git...
	Dist, Source string
	Require      map[string]string
}

func readProject(f lang.Facts) (project, error) {
	var p project
	get, err := lang.JSONFields(f["composer.json"], "composer.json")
	if err != nil {
		return p, err
	}
	get("name", &p.Name)
	get("require", &p.Require)
	get("require-dev", &p.RequireDev)
	var config struct {
		Platform      map[string]any `json:"platform"`
		Authoritative *bool          `json:"classmap-authoritative"`
		AllowPlugins  any            `json:"allow-plugins"`
		VendorDir     any            `json:"vendor-dir"`
	}
	get("config", &config)
	p.AllowPlugins = config.AllowPlugins
	if v, ok := config.Platform["php"].(string); ok {
		p.Platform = v
	}
	p.Authoritative = config.Authoritative
	if v, ok := config.VendorDir.(string); ok {
		p.VendorDir = v
	}
	var scripts map[string]json.RawMessage
	get("scripts", &scripts)
	p.Scripts = map[string]bool{}
	for name := range scripts {
		p.Scripts[name] = true
	}
	p.PathRepos = pathRepositories(get)
	p.InstallDirs = installDirs(get)
	var extra struct {
		Scaffold struct {
			Locations map[string]any `json:"locations"`
		} `json:"drupal-scaffold"`
	}
	get("extra", &extra)
	if v, ok := extra.Scaffold.Locations["web-root"].(string); ok {
		p.ScaffoldWebRoot = v
	}

	if f.Has("composer.lock") {
		p.HasLock = true
		lock, err := lang.JSONFields(f["composer.lock"], "composer.lock")
		if err != nil {
			return p, err
		}
		for _, key := range []string{"packages", "packages-dev"} {
			var pkgs []struct {
				Name, Version string
				Dist, Source  struct{ Type string }
				Require       map[string]string
			}
			lock(key, &pkgs)
			for _, pk := range pkgs {
				p.Locked = append(p.Locked, lockedPackage{Name: pk.Name, Version: pk.Version, Dev: key == "packages-dev",
					Dist: pk.Dist.Type, Source: pk.Source.Type, Require: pk.Require})
			}
		}
	}
	return p, nil
}

// pathRepositories are the urls of `"type": "path"` repositories, as a list or an object of
// repositories; composer allows a glob in them (packages/*).
func pathRepositories(get func(string, any) error) []string {
	var raw json.RawMessage
	get("repositories", &raw)
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return nil
		}
		for _, v := range obj {
			list = append(list, v)
		}
	}
	var out []string
	for _, r := range list {
		var repo struct{ Type, URL string }
		if json.Unmarshal(r, &repo) == nil && repo.Type == "path" && repo.URL != "" {
			out = append(out, repo.URL)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// installDirs are extra.installer-paths' directories (web/app/plugins for
// `web/app/plugins/{$name}/`) and extra.wordpress-install-dir, cleaned, sorted.
func installDirs(get func(string, any) error) []string {
	var extra struct {
		InstallerPaths map[string]any `json:"installer-paths"`
		WordPressDir   any            `json:"wordpress-install-dir"`
	}
	get("extra", &extra)
	var out []string
	add := func(d string) {
		if d, ok := lang.RelPath(d); ok && d != "." {
			out = append(out, d)
		}
	}
	for p := range extra.InstallerPaths {
		dir, _, _ := strings.Cut(p, "{$")
		add(strings.TrimSuffix(dir, "/"))
	}
	if d, ok := extra.WordPressDir.(string); ok {
		add(d)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// requires reports whether the project requires a package (in require or composer.lock).
func (p project) requires(name string) bool {
	if _, ok := p.Require[name]; ok {
		return true
	}
	return p.locked(name) != nil
}

// requiresDev reports a development package (require-dev, or the lock's packages-dev).
func (p project) requiresDev(name string) bool {
	if _, ok := p.RequireDev[name]; ok {
		return true
	}
	l := p.locked(name)
	return l != nil && l.Dev
}

// requiresProd reports a production package: in require, or among the lock's production
// packages (what composer install --no-dev installs).
func (p project) requiresProd(name string) bool {
	if _, ok := p.Require[name]; ok {
		return true
	}
	l := p.locked(name)
	return l != nil && !l.Dev
}

// pluginAllowed reports whether composer runs the plugin of the package name: config.allow-plugins
// true, or naming it true (composer 2.2 and later run no plugin it does not name).
func (p project) pluginAllowed(name string) bool {
	switch v := p.AllowPlugins.(type) {
	case bool:
		return v
	case map[string]any:
		allowed, _ := v[name].(bool)
		return allowed
	}
	return false
}

func (p project) locked(name string) *lockedPackage {
	for i := range p.Locked {
		if p.Locked[i].Name == name {
			return &p.Locked[i]
		}
	}
	return nil
}

// fetchTools are the programs composer needs to fetch the locked production packages: unzip
// for zip archives (php:<v>-cli has neither unzip nor the zip extension, composer's
// fallback), git for packages installed from a git checkout.
func (p project) fetchTools() []string {
	var zip, git bool
	for _, l := range p.Locked {
		if l.Dev {
			continue
		}
		switch {
		case l.Dist == "zip":
			zip = true
		case l.Dist == "" && l.Source == "git":
			git = true
		}
	}
	var out []string
	if git {
		out = append(out, "git")
	}
	if zip {
		out = append(out, "unzip")
	}
	return out
}

// extensions are the PHP extensions the project and its production packages require
// (`ext-intl`), sorted.
func (p project) extensions() []string {
	var out []string
	add := func(req map[string]string) {
		for name := range req {
			if ext, ok := strings.CutPrefix(strings.ToLower(name), "ext-"); ok {
				out = append(out, ext)
			}
		}
	}
	add(p.Require)
	for _, l := range p.Locked {
		if !l.Dev {
			add(l.Require)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// pathPatterns are the path repositories as include patterns of the context, or an error
// naming one that leaves it.
func (p project) pathPatterns() ([]string, error) {
	var out []string
	for _, u := range p.PathRepos {
		rel, ok := lang.CleanRelPath(u)
		if !ok || rel == "." || strings.Contains(u, "**") || !repoPath.MatchString(u) {
			return nil, fmt.Errorf("composer.json's path repository %q is not a directory inside the build context", u)
		}
		out = append(out, strings.TrimPrefix(rel, "./"))
	}
	return out, nil
}

var (
	// repoPath is what a path repository's url may hold: a path, with `*` matching within a name.
	repoPath      = regexp.MustCompile(`^[A-Za-z0-9._/@+*-]+$`)
	versionNumber = regexp.MustCompile(`([0-9]+)(?:\.([0-9]+|\*|x))?`)
	// tagVersion is a version the spec may name: 8, 8.3, 8.3.14.
	tagVersion = regexp.MustCompile(`^[0-9]+(\.[0-9]+){0,2}$`)
)

// minorOf is the major.minor of a version ("8.2.10" -> "8.2"; "8" -> "8.0"), "" without one.
func minorOf(v string) string {
	m := versionNumber.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return ""
	}
	minor := m[2]
	if minor == "" || minor == "*" || minor == "x" {
		minor = "0"
	}
	return m[1] + "." + minor
}

// constraintVersion is the PHP an image needs for a composer constraint: the lower bound of its
// newest alternative (`^8.2` -> 8.2, `>=8.1 <8.4` -> 8.1, `^7.4 || ^8.1` -> 8.1, `8.3.*` -> 8.3);
// "" when it names no version (`*`).
func constraintVersion(c string) string {
	best := ""
	for _, alt := range regexp.MustCompile(`\|\|?`).Split(c, -1) {
		v := minorOf(alt)
		if v != "" && (best == "" || newer(v, best)) {
			best = v
		}
	}
	return best
}

// newer compares two major.minor versions.
func newer(a, b string) bool {
	pa, pb := strings.SplitN(a, ".", 2), strings.SplitN(b, ".", 2)
	for i := range 2 {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x > y
		}
	}
	return false
}

// laravelMajor is the major version of laravel/framework in composer.lock (0 when unknown).
func (p project) laravelMajor() int {
	l := p.locked("laravel/framework")
	if l == nil {
		return 0
	}
	m := versionNumber.FindStringSubmatch(l.Version)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// title names the image after the composer package when it is a plain vendor/name.
func (p project) title() string {
	if regexp.MustCompile(`^[a-z0-9]([_.-]?[a-z0-9]+)*/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*$`).MatchString(p.Name) {
		return p.Name
	}
	return "app"
}

// vendorDir is where composer installs the packages, relative to the project: config.vendor-dir
// (grocy's packages/), else vendor; vendor for a value that is not a plain directory inside the
// project ({$home}, an absolute path, ..).
func (p project) vendorDir() string {
	if d, ok := lang.RelPath(p.VendorDir); ok && d != "." && vendorChars.MatchString(d) {
		return d
	}
	return "vendor"
}

var vendorChars = regexp.MustCompile(`^[A-Za-z0-9._/-]+$`)
