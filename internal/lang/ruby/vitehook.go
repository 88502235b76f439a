package ruby

import (
	"regexp"
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
	"gopkg.in/yaml.v3"
)

// A project may hook Rake tasks of its own into Vite Ruby's build, which assets:precompile
// runs: manyfold's Rakefile has `namespace :vite do task install_dependencies:
// "i18n_js:export" end`, whose export writes app/frontend/javascript/src/locales.json (named
// in config/i18n-js.yml, and ignored by git), which its Vite entry imports. The default assets
// run Vite in a Node.js stage without Ruby, so the hook does not run and the Vite build fails
// on the import; ViteHookNotRun says so (viteHookNote), and names the file when i18n-js's
// configuration does.

// rakeFiles are where the hooks are looked for.
var rakeFiles = []string{"Rakefile", "lib/tasks/*.rake"}

// i18nJSConfigs are i18n-js's configurations, whose translations' files its export writes.
var i18nJSConfigs = []string{"config/i18n-js.yml", "config/i18n.yml"}

var (
	// viteNamespace opens Rake's vite namespace, in which a task naming Vite Ruby's tasks with
	// prerequisites hooks them (`task install_dependencies: "i18n_js:export"`).
	viteNamespace = regexp.MustCompile(`(?m)^\s*namespace\s+:vite\s+do\b`)
	viteTask      = regexp.MustCompile(`(?m)^\s*task\s+(?::(build|install_dependencies)\s*=>|(build|install_dependencies):)\s*\[?\s*(?::?["']|:)([\w:-]+)`)
	// viteEnhance hooks them from anywhere: Rake::Task["vite:build"].enhance(["i18n_js:export"]),
	// task "vite:build" => "i18n_js:export".
	viteEnhance = regexp.MustCompile(`Rake::Task\[\s*["']vite:(build|install_dependencies)["']\s*\]\.enhance\(\s*\[?\s*(?::?["']|:)([\w:-]+)|` +
		`\btask\s+["']vite:(build|install_dependencies)["']\s*=>\s*\[?\s*(?::?["']|:)([\w:-]+)`)
)

// viteHook is the first Rake task hooked into Vite Ruby's build, with its file and the task it is hooked into.
func viteHook(f lang.Facts) (file, hook, task string, ok bool) {
	for _, name := range rakeFileNames(f) {
		src := f.Text(name)
		if m := viteEnhance.FindStringSubmatch(src); m != nil {
			return name, m[2] + m[4], "vite:" + m[1] + m[3], true
		}
		if loc := viteNamespace.FindStringIndex(src); loc != nil {
			if m := viteTask.FindStringSubmatch(src[loc[1]:]); m != nil {
				return name, m[3], "vite:" + m[1] + m[2], true
			}
		}
	}
	return "", "", "", false
}

// rakeFileNames are the Rake files the context has (rakeFiles), each once.
func rakeFileNames(f lang.Facts) []string {
	var files []string
	for _, pattern := range rakeFiles {
		files = append(files, f.Glob(pattern)...)
	}
	return slices.Compact(files)
}

// i18nJSFiles are the files the translations of i18n-js's configuration are exported to.
func i18nJSFiles(f lang.Facts) []string {
	var conf struct {
		Translations []struct {
			File string `yaml:"file"`
		} `yaml:"translations"`
	}
	if name := f.First(i18nJSConfigs...); name == "" || yaml.Unmarshal(f[name], &conf) != nil {
		return nil
	}
	var out []string
	for _, t := range conf.Translations {
		if t.File != "" {
			out = append(out, t.File)
		}
	}
	return out
}
