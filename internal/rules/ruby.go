package rules

import "fmt"

// RubyVersionEndOfLife: branch and the date of its end of life, source of the version, and the
// default Ruby.
var RubyVersionEndOfLife = New("RubyVersionEndOfLife", "The Ruby version is past its end of life",
	func(branch, date, source, current string) string {
		return fmt.Sprintf("Ruby %s reached its end of life on %s (%s): it gets no security fixes, and current gems drop it "+
			"from their required_ruby_version; move to %s, the default, or another supported branch (the version file, the "+
			"Gemfile's `ruby` and Gemfile.lock's RUBY VERSION together: bundler refuses a Ruby other than an exact one the Gemfile names)",
			branch, date, source, current)
	})

// PacksNotBuilt: gem is shakapacker or webpacker, out where the packs go, why the default
// cannot build them, fix what to write.
var PacksNotBuilt = New("PacksNotBuilt", "A Rails app's Shakapacker or Webpacker packs are not built by default",
	func(gem, out, why, fix string) string {
		return fmt.Sprintf("the bundle has %s, whose packs (%s) the build does not make by default: %s; the image would lack "+
			"them, and its pages fail on the missing manifest.json; %s: a package.json script that runs the bundler with the "+
			"project's config (`\"build:packs\": \"webpack --config config/webpack/webpack.config.js\"`), then `assets: {dir: ., "+
			"script: build:packs, output: %s}` and `build: {env: {NODE_ENV: production, RAILS_ENV: production}}`",
			gem, out, why, fix, out)
	})

// ViteHookNotRun: file is where the hook is, hook the Rake task, task Vite Ruby's task it is
// hooked into, writes what the hook writes ("" when not known).
var ViteHookNotRun = New("ViteHookNotRun", "A Rake task the project hooks into Vite Ruby's build does not run",
	func(file, hook, task, writes string) string {
		what := "what it writes"
		if writes != "" {
			what = writes
		}
		return fmt.Sprintf("%s runs %s before Vite Ruby's %s, which assets:precompile runs; the default assets build Vite in "+
			"a Node.js stage of its own, without Ruby or the bundle, so %s does not run there and the Vite build lacks %s "+
			"(it fails on the import, or the image ships without it); commit %s (and keep it out of .gitignore and "+
			".dockerignore), or build it in a package.json script of its own that `assets: {dir: ., script: ...}` names",
			file, hook, task, hook, what, what)
	})

// PrecompileRunsNode: file is where the hook is, hook the Rake task that assets:precompile is made to
// run first, command the Node.js command it runs.
var PrecompileRunsNode = New("PrecompileRunsNode", "A Rake task hooked into assets:precompile runs Node.js, which the Ruby builder lacks",
	func(file, hook, command string) string {
		return fmt.Sprintf("%s makes assets:precompile run %s first, which runs `%s`; the builder is a Ruby image without Node.js, "+
			"so assets:precompile fails there; add Node.js to the builder (`build: {packages: [nodejs, npm]}`, with package.json's "+
			"packages where the default assets install them), or make the hook skip what a Node.js stage built (`assets`)",
			file, hook, command)
	})

// ExecJSRuntimeMissing: users are the locked gems that depend on execjs (or "the Gemfile" when it
// names execjs itself), comma-separated.
var ExecJSRuntimeMissing = New("ExecJSRuntimeMissing", "A Rails app's bundle has ExecJS, and no image has a JavaScript runtime for it",
	func(users string) string {
		return fmt.Sprintf("Gemfile.lock has execjs (for %s), which finds a JavaScript runtime when it is loaded and raises "+
			"ExecJS::RuntimeUnavailable without one; the builder and the runtime are Ruby images without Node.js, so "+
			"assets:precompile fails, and so does the program at start when a gem of the default group loads execjs "+
			"(Bundler.require); add Node.js, `build: {packages: [nodejs]}` for the build and `packages: [nodejs]` for the "+
			"image (Debian's), or the mini_racer gem (a JavaScript engine inside the bundle)", users)
	})

// PumaConfigNotRun: file is the Puma configuration puma does not read by itself (a root
// puma.rb), line and what the setting that keeps it from running in the container, cmd the
// command that runs it.
var PumaConfigNotRun = New("PumaConfigNotRun", "A Puma configuration outside config/ is not run, since a setting of it does not work in a container",
	func(file string, line int, what, cmd string) string {
		return fmt.Sprintf("%s is a Puma configuration, which puma reads only when told to (by itself it reads config/puma.rb and "+
			"config/puma/<environment>.rb), and the image does not run it: %s:%d %s; so its other settings (workers, threads, "+
			"timeouts) are not applied either; change that line, then write `cmd: [%s]`", file, file, line, what, cmd)
	})

// DatabaseConfigMissing: samples are the database configurations the context has in place of
// config/database.yml (config/database.postgres.yml, config/database.yml.sample).
var DatabaseConfigMissing = New("DatabaseConfigMissing", "A Rails app's config/database.yml is not in the build context, only samples of it",
	func(samples string) string {
		return fmt.Sprintf("config/database.yml is not in the build context, only %s: Active Record reads it when it loads, at "+
			"start and in assets:precompile when an initializer loads a model, and stops with \"Could not load database "+
			"configuration. No such file - [\"config/database.yml\"]\" unless DATABASE_URL is set; copy the one to use to "+
			"config/database.yml before the build (as the project's own Dockerfile may: `cp`), or set DATABASE_URL when the "+
			"container runs and in `build.env` (any URL of the adapter: assets:precompile does not connect)", samples)
	})

// OptionalDatabaseGroup: held are the adapter gems and their optional groups ("mysql2 in mysql;
// pg in postgresql"), group one of them for the example.
var OptionalDatabaseGroup = New("OptionalDatabaseGroup", "The Gemfile's database adapters are only in optional groups, and nothing says which to install",
	func(held, group string) string {
		return fmt.Sprintf("the Gemfile puts its database adapters only in optional groups (%s), which bundle install leaves out "+
			"unless BUNDLE_WITH names them, and no config/database.yml names the production adapter: Active Record stops at "+
			"start with \"Error loading the ... Active Record adapter. Missing a gem it depends on?\"; add config/database.yml "+
			"(its production adapter picks the group), or set the group in `build.env` and `env`, the same in both: "+
			"`build: {env: {BUNDLE_WITH: %s}}` and `env: {BUNDLE_WITH: %s}`", held, group, group)
	})
