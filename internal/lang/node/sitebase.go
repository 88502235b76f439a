package node

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A static site built for a subpath (GitHub Pages' /repo/) links its pages and files under that
// path: VitePress's and Vite's `base`, Docusaurus's `baseUrl`, Astro's `base`, Gatsby's
// `pathPrefix` (with `gatsby build --prefix-paths`), Next.js's `basePath`, SvelteKit's
// `paths.base`. The build's output is not nested under it, so nginx serves the output there
// (static.Site.Base). Each is read when its configuration writes it as a string literal, or as
// `process.env.NAME` (with a literal after || or ??) where the spec's build.env sets NAME, or
// the literal is the default; a value computed otherwise is not seen, and the site is served at /.

// siteConfigs are the configurations read for a base, besides Vite's, Astro's, Next.js's and
// SvelteKit's, which planning reads already.
var siteConfigs = slices.Concat(docusaurusConfigs, gatsbyConfigs, vueConfigs)

var (
	docusaurusConfigs = []string{"docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs", "docusaurus.config.cjs",
		"docusaurus.config.mts", "docusaurus.config.cts"}
	gatsbyConfigs = []string{"gatsby-config.js", "gatsby-config.ts", "gatsby-config.mjs"}
	vueConfigs    = []string{"vue.config.js", "vue.config.cjs", "vue.config.mjs", "vue.config.ts"}
)

// vitepressConfigNames are the files VitePress loads its configuration from, in <root>/.vitepress.
var vitepressConfigNames = []string{"config.js", "config.ts", "config.mjs", "config.mts", "config.cjs", "config.cts"}

var (
	// configKey is a property whose value is a plain string literal (no template substitution);
	// the key and its indentation are submatches 1 and 2, the value 3.
	configKey = regexp.MustCompile("(?m)^([ \t]*)([A-Za-z_$][A-Za-z0-9_$]*)\\s*:\\s*(?:[\"']([^\"'\\n]*)[\"']|`([^`$\\n]*)`)\\s*(?:,|}|$|//)")
	// configProperty is any property at the start of a line, for the indentation of the top level.
	configProperty = regexp.MustCompile(`(?m)^([ \t]*)(?:[A-Za-z_$][A-Za-z0-9_$]*|["'][^"'\n]+["'])\s*:`)
	// svelteBase is kit.paths.base.
	svelteBase   = regexp.MustCompile("\\bpaths\\s*:\\s*\\{[^}]*?\\bbase\\s*:\\s*[\"'`]([^\"'`$\\n]*)[\"'`]")
	viteBaseFlag = regexp.MustCompile(`\bvite\s+build\b[^&|;]*?\s--base[=\s]+["']?([^\s"'&|;]+)`)
	// gatsbyPrefixPaths: `gatsby build --prefix-paths`, or PREFIX_PATHS=true before it.
	gatsbyPrefixPaths = regexp.MustCompile(`\bgatsby\s+build\b[^&|;]*?\s--prefix-paths\b|\bPREFIX_PATHS=true\b[^&|;]*\bgatsby\s+build\b`)
)

// configEnvKey is a property whose value is an environment variable, with a string literal
// after || or ?? when it has one: `baseUrl: process.env.BASE_URL`, `base: process.env.BASE ?? '/'`.
var configEnvKey = regexp.MustCompile("(?m)^([ \t]*)([A-Za-z_$][A-Za-z0-9_$]*)\\s*:\\s*process\\.env\\.([A-Za-z_][A-Za-z0-9_]*)" +
	"\\s*(?:(?:\\|\\||\\?\\?)\\s*(?:[\"']([^\"'\\n]*)[\"']|`([^`$\\n]*)`))?\\s*(?:,|}|$|//)")

// topLevelValue is topLevelString, or, for a value read from the environment, what the build's
// environment (env: the spec's build.env) gives that variable, else the literal after || or ??.
func topLevelValue(config, key string, env spec.KeyValues) (string, bool) {
	if v, ok := topLevelString(config, key); ok {
		return v, true
	}
	top := topIndent(config)
	for _, m := range configEnvKey.FindAllStringSubmatch(config, -1) {
		if m[2] != key || len(m[1]) != top {
			continue
		}
		if v, ok := env.Get(m[3]); ok {
			return v, true
		}
		return m[4] + m[5], m[4]+m[5] != ""
	}
	return "", false
}

// topIndent is the smallest indentation of a property of a configuration, -1 for none.
func topIndent(config string) int {
	top := -1
	for _, m := range configProperty.FindAllStringSubmatch(config, -1) {
		if top < 0 || len(m[1]) < top {
			top = len(m[1])
		}
	}
	return top
}

// topLevelString is the string literal a configuration gives key at its top level: where the
// key stands at the smallest indentation any property of the file has (the object the file
// exports, not a sidebar item's `base`). Every such occurrence must agree; none or a
// disagreement is "", false.
func topLevelString(config, key string) (string, bool) {
	top := topIndent(config)
	value, found := "", false
	for _, m := range configKey.FindAllStringSubmatch(config, -1) {
		if m[2] != key || len(m[1]) != top {
			continue
		}
		v := m[3] + m[4]
		if found && v != value {
			return "", false
		}
		value, found = v, true
	}
	return value, found
}

// siteBase is the base the site t was built for, read from its build script (script) or its
// configuration, "" for the root; a configuration's process.env value is looked up in env, the
// build's environment (the spec's build.env). unread says where a configuration sets the base in
// a way that is not read (nil when it does not).
func siteBase(f lang.Facts, t siteTool, script string, env spec.KeyValues) (base string, unread *unreadBase) {
	var file, key string // the configuration and its key, for the tools whose base is one
	switch t.dep {
	case "vite", "@react-router/dev": // React Router's SPA mode builds with the project's Vite config
		if sm := viteBaseFlag.FindStringSubmatch(script); sm != nil {
			base = sm[1]
		} else {
			file, key = viteConfig(f), "base"
		}
	case "vitepress":
		args, ok := vitepressArgs(script)
		switch {
		case !ok:
		case args.base != "":
			base = args.base
		default:
			file, key = vitepressConfigFile(f, args.root), "base"
		}
	case "@docusaurus/core":
		file, key = f.First(docusaurusConfigs...), "baseUrl"
	case "gatsby":
		if gatsbyPrefixPaths.MatchString(script) {
			file, key = f.First(gatsbyConfigs...), "pathPrefix"
		}
	case "astro":
		file, key = f.First(astroConfigs...), "base"
	case "next":
		file, key = f.First(nextConfigs...), "basePath"
	case "@sveltejs/adapter-static":
		if sm := svelteBase.FindStringSubmatch(f.Text("svelte.config.js")); sm != nil {
			base = sm[1]
		}
	case "react-scripts": // PUBLIC_URL, else package.json's homepage: a URL or a path
		base = homepagePath(f, env)
	case "@vue/cli-service":
		file, key = f.First(vueConfigs...), "publicPath"
		if sm := vueProductionPath.FindStringSubmatch(f.Text(file)); sm != nil {
			base, file = sm[1]+sm[2], "" // `vue-cli-service build` runs with NODE_ENV=production
		}
	case "@angular/core":
		base = angularBaseHref(f, script)
	case "parcel":
		base = parcelBase(script)
	}
	if file != "" {
		var ok bool
		if base, ok = topLevelValue(f.Text(file), key, env); !ok && key == "base" && (t.dep == "vite" || t.dep == "@react-router/dev") {
			base, ok = viteHomepageBase(f, file)
		}
		if !ok {
			base, ok = computedValue(f.Text(file), key, env)
		}
		if !ok {
			if how := unreadHow(f.Text(file), key); how != "" {
				unread = &unreadBase{file: file, key: key, how: how}
			}
		}
	}
	return static.CleanBase(base), unread
}

var (
	// manifestImport is package.json imported by a name in a Vite config: `import pack from
	// './package.json'` (with `with { type: 'json' }` or not).
	manifestImport = regexp.MustCompile(`(?m)^import\s+([A-Za-z_$][A-Za-z0-9_$]*)\s+from\s+["']\./package\.json["']`)
	// configBase is the top level's `base:` with its value, up to a comma or comment ending the line.
	configBase = regexp.MustCompile(`(?m)^([ \t]*)base\s*:\s*(.*?)\s*,?\s*(?://.*)?$`)
)

// homepageBases are the values of `base:` that are package.json's homepage (H), or the root
// when it is empty or missing.
var homepageBases = []string{"H", "!H?undefined:H", "H?H:undefined", "H||undefined", "H??undefined", "H||'/'", `H||"/"`, "H??'/'", `H??"/"`}

// viteHomepageBase is the base a Vite config takes from package.json's homepage, which it imports
// (shlink-web-client: `import pack from './package.json'`, `const homepage =
// pack.homepage?.trim()`, `base: !homepage ? undefined : homepage`): "" (the root) for an empty
// or missing homepage, else the homepage when it is a path. false when the base is another
// expression, or the homepage a URL.
func viteHomepageBase(f lang.Facts, file string) (string, bool) {
	config := f.Text(file)
	im := manifestImport.FindStringSubmatch(config)
	if im == nil {
		return "", false
	}
	ref := regexp.QuoteMeta(im[1]) + `\??\.homepage(?:\??\.trim\(\))?`
	names := []string{ref}
	alias := regexp.MustCompile(`(?m)^[ \t]*(?:const|let|var)\s+([A-Za-z_$][A-Za-z0-9_$]*)\s*=\s*` + ref + `\s*;?\s*$`)
	for _, m := range alias.FindAllStringSubmatch(config, -1) {
		names = append(names, `\b`+regexp.QuoteMeta(m[1])+`\b`)
	}
	refs := regexp.MustCompile(strings.Join(names, "|"))
	top, value := topIndent(config), ""
	for _, m := range configBase.FindAllStringSubmatch(config, -1) {
		if len(m[1]) == top {
			if value != "" {
				return "", false
			}
			value = m[2]
		}
	}
	if !slices.Contains(homepageBases, strings.Join(strings.Fields(refs.ReplaceAllString(value, "H")), "")) {
		return "", false
	}
	var m struct {
		Homepage string `json:"homepage"`
	}
	_ = json.Unmarshal(f[path.Join(path.Dir(file), "package.json")], &m)
	if home := strings.TrimSpace(m.Homepage); home == "" || strings.HasPrefix(home, "/") {
		return home, true
	}
	return "", false
}

// unreadBase is where a configuration sets a site's base in a way planning does not read.
type unreadBase struct{ file, key, how string }

// note is the SiteBaseNotRead warning about it.
func (u *unreadBase) note() plan.Note {
	fix := fmt.Sprintf("write it as a string literal (`%s: '/repo/'`), or read it from a variable the spec sets in `build.env`", u.key)
	if strings.HasPrefix(u.how, "from ") {
		fix = "set the variable in the spec's `build.env` to the path the site is served under (`/` for the root)"
	}
	return rules.SiteBaseNotRead.Note("", rules.SiteBaseNotRead.Format(u.file, u.key, u.how, fix))
}

var (
	// configComputedKey is a property whose value is a template literal or a name, up to a
	// comma, brace, comment or the line's end.
	configComputedKey = regexp.MustCompile("(?m)^([ \t]*)([A-Za-z_$][\\w$]*)\\s*:\\s*(`[^`\\n]*`|[A-Za-z_$][\\w$]*)\\s*(?:,|}|$|//)")
	// templateName is a template literal's substitution of a name, the name its group.
	templateName = regexp.MustCompile(`\$\{\s*([A-Za-z_$][\w$]*)\s*\}`)
)

// computedValue is the value a configuration gives key at its top level by a template literal
// whose substitutions are names (`base: `/${projectName}/“), or by a name alone, each a constant
// the file sets to a string literal or to a variable of the environment with a default
// (jsConstExpr, jsEnvValue: env is the spec's build.env, NODE_ENV production); false when one
// is anything else.
func computedValue(config, key string, env spec.KeyValues) (string, bool) {
	top := topIndent(config)
	lookup := buildScriptEnv("", env)
	for _, m := range configComputedKey.FindAllStringSubmatch(config, -1) {
		if m[2] != key || len(m[1]) != top {
			continue
		}
		tmpl := m[3]
		if !strings.HasPrefix(tmpl, "`") {
			tmpl = "`${" + tmpl + "}`"
		}
		ok := true
		value := templateName.ReplaceAllStringFunc(tmpl[1:len(tmpl)-1], func(sub string) string {
			def, found := jsConstExpr(config, templateName.FindStringSubmatch(sub)[1])
			v, read := jsEnvValue(def, lookup)
			ok = ok && found && read
			return v
		})
		if !ok || strings.Contains(value, "${") {
			return "", false
		}
		return value, true
	}
	return "", false
}

// unreadHow says how a configuration sets key at its top level when topLevelValue could not
// tell its value: from an environment variable nothing gives a value, or in code; "" when the
// key is not there.
func unreadHow(config, key string) string {
	top := topIndent(config)
	for _, m := range configEnvKey.FindAllStringSubmatch(config, -1) {
		if m[2] == key && len(m[1]) == top {
			return "from process.env." + m[3] + ", which the spec's build.env does not set"
		}
	}
	for _, m := range configKeyAny.FindAllStringSubmatch(config, -1) {
		if m[2] == key && len(m[1]) == top {
			return "in code"
		}
	}
	return ""
}

// configKeyAny is a property at the start of a line, its value anything, or shorthand (`baseUrl,`).
var configKeyAny = regexp.MustCompile(`(?m)^([ \t]*)([A-Za-z_$][A-Za-z0-9_$]*)\s*(?::|,|$)`)

// vueProductionPath is Vue CLI's documented publicPath for a subpath:
// `publicPath: process.env.NODE_ENV === 'production' ? '/my-project/' : '/'`.
var vueProductionPath = regexp.MustCompile("\\bpublicPath\\s*:\\s*process\\.env\\.NODE_ENV\\s*===?\\s*[\"'`]production[\"'`]\\s*\\?\\s*(?:[\"']([^\"'\\n]*)[\"']|`([^`$\\n]*)`)")

// homepagePath is the path of Create React App's root URL: PUBLIC_URL in the build's environment
// when it is a path (a full URL is a CDN's: the site is at / here), else package.json's homepage
// (`https://owner.github.io/repo`, or a path); "" for neither, or a relative one (".").
func homepagePath(f lang.Facts, env spec.KeyValues) string {
	var m struct {
		Homepage string `json:"homepage"`
	}
	_ = json.Unmarshal(f["package.json"], &m)
	if v, ok := env.Get("PUBLIC_URL"); ok { // a path, or a CDN's URL, whose files are not served here
		if strings.HasPrefix(v, "/") {
			return v
		}
		return ""
	}
	home := m.Homepage
	if strings.HasPrefix(home, "/") {
		return home
	}
	if u, err := url.Parse(home); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return u.Path
	}
	return ""
}

var angularBaseHrefFlag = regexp.MustCompile(`\bng\s+build\b[^&|;]*?\s--base-href[=\s]+["']?([^\s"'&|;]+)`)

// angularBaseHref is the base href the only application is built with: `ng build --base-href`,
// else its build's default configuration's baseHref, else the build options'.
func angularBaseHref(f lang.Facts, script string) string {
	if sm := angularBaseHrefFlag.FindStringSubmatch(script); sm != nil {
		return sm[1]
	}
	_, build, ok := angularBuild(f)
	if !ok {
		return ""
	}
	if c, ok := build.Configurations[cmp.Or(build.DefaultConfiguration, "production")]; ok && c.BaseHref != "" {
		return c.BaseHref
	}
	return build.Options.BaseHref
}

// nextConfigs are the files Next.js loads its configuration from.
var nextConfigs = []string{"next.config.js", "next.config.mjs", "next.config.cjs", "next.config.ts"}

// firstText is the text of the first of names the package has, "" for none.
func firstText(f lang.Facts, names []string) string { return f.Text(f.First(names...)) }

// vitepressConfigText is the VitePress configuration of the project root root ("" for none).
func vitepressConfigText(f lang.Facts, root string) string {
	return f.Text(vitepressConfigFile(f, root))
}

// vitepressConfigFile is the VitePress configuration file of the project root root ("" for none).
func vitepressConfigFile(f lang.Facts, root string) string {
	for _, name := range vitepressConfigNames {
		if p := path.Join(root, ".vitepress", name); f.Has(p) {
			return p
		}
	}
	return ""
}

// vitepressReads are the VitePress configurations to read for the package in dir (f's paths are
// the context's): in the project root its build script names, once its manifest is read.
func vitepressReads(f lang.Facts, dir string) []string {
	m, err := readManifest(f[path.Join(dir, "package.json")])
	if err != nil || !m.Deps["vitepress"] {
		return nil
	}
	args, ok := vitepressArgs(siteBuildScript(m))
	if !ok {
		return nil
	}
	var out []string
	for _, name := range vitepressConfigNames {
		out = append(out, path.Join(dir, args.root, ".vitepress", name))
	}
	return out
}

// vitepressBuildArgs is what `vitepress build` is told on its command line: the project root
// ("." when none), and its --outDir and --base when given.
type vitepressBuildArgs struct{ root, outDir, base string }

// vitepressArgs reads the `vitepress build` of script; false when it runs none.
func vitepressArgs(script string) (vitepressBuildArgs, bool) {
	sm := vitepressBuild.FindStringSubmatch(script)
	if sm == nil {
		return vitepressBuildArgs{}, false
	}
	a := vitepressBuildArgs{root: "."}
	args := strings.Fields(sm[1])
	for i := 0; i < len(args); i++ {
		switch arg := args[i]; {
		case (arg == "--outDir" || arg == "--base") && i+1 < len(args):
			if arg == "--outDir" {
				a.outDir = args[i+1]
			} else {
				a.base = args[i+1]
			}
			i++
		case strings.HasPrefix(arg, "--outDir="):
			a.outDir = strings.TrimPrefix(arg, "--outDir=")
		case strings.HasPrefix(arg, "--base="):
			a.base = strings.TrimPrefix(arg, "--base=")
		case strings.HasPrefix(arg, "-"):
			if !strings.Contains(arg, "=") && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
				i++ // the option's value
			}
		case a.root == ".":
			a.root = arg
		}
	}
	return a, true
}
