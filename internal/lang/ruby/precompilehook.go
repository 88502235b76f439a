package ruby

import (
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A Rails app may make assets:precompile run a Rake task of its own first, which runs Node.js:
// huginn's lib/tasks/javascript_agent.rake enhances assets:precompile (and spec) with
// javascript_agent:build_url_polyfill, whose body is `sh "npm run build"`. The builder is a Ruby
// image without Node.js (the default assets build in Node.js stages of their own), so
// assets:precompile fails with "npm: not found"; PrecompileRunsNode says so at plan time.
// railsdevs.com's lib/tasks/redesign.rake runs `system "yarn install && yarn build:redesign"`
// the same way: assets:precompile would stop at its `raise "Command css:redesign failed"`.

var (
	// precompileEnhance hooks a task into assets:precompile: Rake::Task["assets:precompile"]
	// .enhance(["x"]), task "assets:precompile" => "x", or enhance on a list naming it (huginn's
	// %w[assets:precompile spec].each { |name| Rake::Task[name].enhance(["x"]) }).
	precompileEnhance = regexp.MustCompile(`(?s)Rake::Task\[\s*["']assets:precompile["']\s*\]\.enhance\(\s*\[?\s*(?::?["']|:)([\w:-]+)|` +
		`\btask\s+["']assets:precompile["']\s*=>\s*\[?\s*(?::?["']|:)([\w:-]+)|` +
		`%w\[[^\]]*\bassets:precompile\b[^\]]*\]\.each\b.{0,200}?\.enhance\(\s*\[?\s*(?::?["']|:)([\w:-]+)`)
	// nodeCommand is a shell-out of a Rake task to a Node.js tool: Rake's sh, Kernel's system
	// or exec (railsdevs' css:redesign: `unless system "yarn install && yarn build:redesign"`),
	// backticks or %x().
	nodeCommand = regexp.MustCompile(`\b(?:sh|system|exec)\s*\(?\s*["']((?:npm|npx|yarn|pnpm|node|bun)\b[^"']*)["']|` +
		"(?:`|%x[({\\[])((?:npm|npx|yarn|pnpm|node|bun)\\b[^`)}\\]]*)")
)

// precompileNodeHook is the first task hooked into assets:precompile in a Rake file that runs a
// Node.js tool, with its file and the command.
func precompileNodeHook(f lang.Facts) (file, hook, command string, ok bool) {
	for _, name := range rakeFileNames(f) {
		src := f.Text(name)
		m := precompileEnhance.FindStringSubmatch(src)
		c := nodeCommand.FindStringSubmatch(src)
		if m != nil && c != nil {
			return name, m[1] + m[2] + m[3], c[1] + c[2], true
		}
	}
	return "", "", "", false
}

// precompileHookNote is PrecompileRunsNode when the builder runs assets:precompile (a Rails app
// with an asset pipeline, the spec's build command not replacing it) and a hook runs Node.js.
func precompileHookNote(s *spec.Spec, f lang.Facts, a app) []plan.Note {
	if !a.Rails || !a.assets || s.Build.Command != nil {
		return nil
	}
	file, hook, command, ok := precompileNodeHook(f)
	if !ok {
		return nil
	}
	note := rules.PrecompileRunsNode.Note(lang.FirstField(s, "language"), rules.PrecompileRunsNode.Format(file, hook, command))
	return append([]plan.Note(nil), note)
}

// ExecJS finds a JavaScript runtime as soon as it is required (`self.runtime ||=
// Runtimes.autodetect`) and raises ExecJS::RuntimeUnavailable without one. postal's bundle has
// it (its Gemfile names execjs and autoprefixer-rails in the default group, uglifier and
// coffee-rails in :assets), and its Dockerfile installs Node.js into the image it runs; the
// builder and the runtime here are Ruby images without Node.js, so assets:precompile fails, and
// so does the program at start when Bundler.require loads it. ExecJSRuntimeMissing says so.

// jsEngines are gems that bring a JavaScript engine into the bundle, which ExecJS uses.
var jsEngines = []string{"mini_racer", "therubyracer", "therubyrhino", "duktape"}

// execJSNote is ExecJSRuntimeMissing when the bundle has execjs and no JavaScript engine, and
// the builder gets no Node.js from the spec (`build.packages`) nor is an image of the spec's.
func execJSNote(s *spec.Spec, f lang.Facts, lock lockfile) []plan.Note {
	if !lock.has("execjs") || slices.ContainsFunc(jsEngines, lock.has) || s.Build.Image != "" ||
		slices.ContainsFunc(s.Build.Packages, func(p string) bool { return p == "nodejs" || strings.HasPrefix(p, "nodejs=") }) {
		return nil
	}
	users := execJSUsers(f.Text("Gemfile.lock"))
	if len(users) == 0 {
		users = []string{"a gem of the bundle"}
	}
	note := rules.ExecJSRuntimeMissing.Note(lang.FirstField(s, "language"), rules.ExecJSRuntimeMissing.Format(strings.Join(users, ", ")))
	return append([]plan.Note(nil), note)
}

// An application its users install commits only samples of config/database.yml, one per
// database (fat_free_crm's config/database.postgres.yml and database.sqlite.yml, which its
// Dockerfile copies: `cp config/database.postgres.docker.yml config/database.yml`; lobsters' and
// redmine's config/database.yml.sample and .example). Active Record reads the file when it
// loads unless DATABASE_URL is set, so the container stops at start, and assets:precompile fails
// when an initializer loads a model. Which sample is the user's choice: DatabaseConfigMissing
// names them.

// databaseConfigReads are the database configuration and its samples, for Language().Reads.
var databaseConfigReads = []string{"config/database.yml", "config/database*.yml", "config/database.yml.*"}

// databaseConfigNote is DatabaseConfigMissing for a Rails app with Active Record (locked, or
// without a lock the rails gem, as redmine's Gemfile names it) whose context
// has samples of config/database.yml and not the file, and whose build gets no DATABASE_URL.
func databaseConfigNote(s *spec.Spec, f lang.Facts, lock lockfile, a app) []plan.Note {
	activeRecord := lock.has("activerecord") || !f.Has("Gemfile.lock") && lock.has("rails") // rails brings it
	if _, set := s.Build.Env.Get("DATABASE_URL"); !a.Rails || !activeRecord || f.Has("config/database.yml") || set {
		return nil
	}
	var samples []string
	for _, pat := range databaseConfigReads[1:] {
		samples = append(samples, f.Glob(pat)...)
	}
	slices.Sort(samples)
	if samples = slices.Compact(samples); len(samples) == 0 {
		return nil
	}
	note := rules.DatabaseConfigMissing.Note(lang.FirstField(s, "language"), rules.DatabaseConfigMissing.Format(strings.Join(samples, ", ")))
	return append([]plan.Note(nil), note)
}
