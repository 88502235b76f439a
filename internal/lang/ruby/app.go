package ruby

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// app is what the project is and how its image runs it.
type app struct {
	// Rails: rails (railties) in the lockfile, or a config/application.rb that is Rails' (railsApp).
	Rails bool
	// Major and Minor are railties' version (0 when unknown).
	Major, Minor int
	// binRails: bin/rails is there to run; bootsnap: the bootsnap gem; assets: an asset
	// pipeline to precompile (sprockets-rails, propshaft).
	binRails, bootsnap, assets bool
	// thruster: the thruster gem is in the lockfile (a Procfile's `web: bundle exec thrust
	// bin/start-app` runs it without bin/thrust)
	thruster bool
	// Hanami: the hanami gem is in the lockfile (Hanami 2 reads HANAMI_ENV and HANAMI_PORT)
	Hanami bool
	// writable are the directories the program writes at run time (relative to /app).
	writable []string
	// entrypoint and cmd are the image's.
	entrypoint, cmd []string
	// runs is the file the image needs (bin/rails, config.ru, the entrypoint's file), for the
	// builder's check.
	runs string
	// skips make assets:precompile skip the bundles the assets built (bundleSkips).
	skips []plan.Env
	// assetsGroup: the Gemfile has an assets group, which assets:precompile requires
	// (RAILS_GROUPS=assets, as Rails' Bundler.require(*Rails.groups) reads it).
	assetsGroup bool
	// notes are the warnings about what the image runs (PumaConfigNotRun).
	notes []plan.Note
	// rakeDefault: the Rakefile's default task runs the tests, and it has no test task (raketest.go).
	rakeDefault bool
}

var (
	entryChars = regexp.MustCompile(`^[A-Za-z0-9._/@+-]+$`)
	tagVersion = regexp.MustCompile(`^[0-9]+\.[0-9]+(\.[0-9]+)?$`)
)

// detectApp finds the framework and what the image runs: the spec's entrypoint (a Ruby file run
// with ruby, or a rackup file served), Rails' server (through bin/docker-entrypoint when the
// project has one, as Rails' own Dockerfile does), or config.ru served by puma, else rackup.
func detectApp(s *spec.Spec, f lang.Facts, lock lockfile) (app, error) {
	a := app{Rails: railsApp(f, lock), binRails: f.Has("bin/rails"),
		bootsnap: lock.has("bootsnap"), assets: lock.has("sprockets-rails") || lock.has("propshaft"),
		thruster: lock.has("thruster"), Hanami: lock.has("hanami"), rakeDefault: rakeDefaultRunsTests(f)}
	a.Major, a.Minor = lock.version("railties")
	if a.Rails {
		a.writable = []string{"db", "log", "storage", "tmp"}
	} else if f.Has("config/puma.rb") {
		a.writable = []string{"tmp"} // puma's pid and state files
	}
	a.entrypoint = []string{"bundle", "exec"}
	field := lang.FirstField(s, "entrypoint", "language")
	switch {
	case s.Entrypoint != "":
		rel, ok := lang.CleanRelPath(strings.TrimSpace(s.Entrypoint))
		if !ok || rel == "." || !entryChars.MatchString(s.Entrypoint) {
			return a, lang.FieldError(s, "entrypoint", "write the Ruby file the image runs (app.rb) or its rackup file (config.ru)",
				"%q is not a file inside the build context", s.Entrypoint)
		}
		a.runs = strings.TrimPrefix(rel, "./")
		if strings.HasSuffix(a.runs, ".ru") {
			server, err := rackServer(s, f, lock, field)
			if err != nil {
				return a, err
			}
			a.cmd = withRackPort(s, f, []string{server, a.runs})
		} else {
			a.cmd = []string{"ruby", a.runs}
		}
	case a.Rails:
		rails := "./bin/rails"
		a.runs = "bin/rails"
		if !a.binRails {
			rails, a.runs = "rails", "config/application.rb"
		}
		a.cmd = []string{rails, "server"}
		if f.Has("bin/thrust") && lock.has("thruster") {
			a.cmd = append([]string{"./bin/thrust"}, a.cmd...)
		}
		if f.Has("bin/docker-entrypoint") {
			a.entrypoint = []string{inApp("bin/docker-entrypoint")}
		}
	case f.Has("config.ru") && onlyComments(f.Text("config.ru")): // gollum's (gemspec.go)
		fix := "set `entrypoint` to the Ruby file that starts the application"
		if exe := gemspecExecutables(f, gemspecText(f)); len(exe) > 0 {
			fix += ", e.g. `entrypoint: " + exe[0] + "` (the gemspec's executable)"
		}
		return a, lang.FieldError(s, field, fix+", or write the application into config.ru (`run App`)",
			"config.ru runs no application: it holds only comments, so no server can serve it")
	case f.Has("config.ru"):
		server, err := rackServer(s, f, lock, field)
		if err != nil {
			return a, err
		}
		a.runs, a.cmd = "config.ru", withRackPort(s, f, []string{server})
		if server == "puma" { // a root puma.rb, which puma does not read by itself (pumaconfig.go)
			if cmd, notes := pumaConfigCmd(s, f); cmd != nil {
				a.cmd = cmd
			} else {
				a.notes = notes
			}
		}
	default:
		return a, lang.FieldError(s, field, "set `entrypoint` to the Ruby file the image runs (app.rb), or add a config.ru",
			"nothing says what the image runs: no config/application.rb (Rails) and no config.ru (Rack)")
	}
	return a, nil
}

// railsConfig is what Rails' config/application.rb holds: its Rails::Application subclass, or a
// require of rails or rails/all.
var railsConfig = regexp.MustCompile(`\bRails::Application\b|\brequire\s*\(?\s*["']rails(?:/all)?["']`)

// railsApp reports a Rails application: railties or rails among the gems, or a
// config/application.rb that is Rails'. Other Rack applications name their setup so too:
// usetrmnl/byos_sinatra's config/application.rb requires sinatra and sets up Zeitwerk, and as
// Rails it got RAILS_ENV and no RACK_ENV, so its Procfile's puma, whose config/puma.rb reads
// RACK_ENV, ran in development and required a development gem the image has not.
func railsApp(f lang.Facts, lock lockfile) bool {
	return lock.has("railties") || lock.has("rails") || railsConfig.MatchString(f.Text("config/application.rb"))
}

// rackServer is what serves a rackup file: puma when the bundle has it, else rackup (rack 2's
// own, or the rackup gem that rack 3 moved it to).
// Without a Gemfile.lock the Gemfile's gems (and its gemspec's dependencies) are all there is to
// read, and the error says so.
func rackServer(s *spec.Spec, f lang.Facts, lock lockfile, field string) (string, error) {
	if !f.Has("Gemfile.lock") && readGemfile(f.Text("Gemfile")).Gemspec { // its gemspec's servers too (gemspec.go)
		lock = lockfile{Gems: maps.Clone(lock.Gems)}
		for g, v := range gemspecDependencies(gemspecText(f)) {
			if _, ok := lock.Gems[g]; !ok {
				lock.Gems[g] = v
			}
		}
	}
	switch major, _ := lock.version("rack"); {
	case lock.has("puma"):
		return "puma", nil
	case lock.has("rackup") || lock.has("rack") && major < 3:
		return "rackup", nil
	}
	if !f.Has("Gemfile.lock") {
		return "", lang.FieldError(s, field, "add puma (or the rackup gem) to the Gemfile, then run `bundle lock` and commit Gemfile.lock",
			"the build context has no Gemfile.lock, and neither the Gemfile nor its gemspec names puma or rackup to serve config.ru")
	}
	return "", lang.FieldError(s, field, "add puma (or the rackup gem) to the Gemfile",
		"nothing in Gemfile.lock serves config.ru: no puma, no rackup (rack 3 has no rackup of its own)")
}

// env is the runtime's environment of the framework, and the port it listens on: PORT, which
// Rails' server and the config/puma.rb Rails generates read, set to the spec's first port; with
// thruster in the lockfile, HTTP_PORT too, which thruster listens on. PORT is set with thruster
// in front as well: thruster sets PORT for the server it starts itself (to its TARGET_PORT), and
// any other command of the image that runs the server without it (errbit's Procfile `web:
// bin/rails server`, the default target, beside its Dockerfile's `./bin/thrust ./bin/rails
// server`) listened on Puma's 3000 while the image exposed the spec's port.
func (a app) env(s *spec.Spec, f lang.Facts) []plan.Env {
	if !a.Rails {
		return slices.Concat(a.buildEnv(), lang.PortEnv(s), a.hanamiPort(s), pumaPortEnv(s, f))
	}
	env := slices.Concat([]plan.Env{{Key: "RAILS_ENV", Value: "production"}, {Key: "RAILS_LOG_TO_STDOUT", Value: "1"},
		{Key: "RAILS_SERVE_STATIC_FILES", Value: "1"}}, lang.PortEnv(s), pumaPortEnv(s, f))
	if _, set := s.Env.Get("HTTP_PORT"); set || !a.thruster {
		return env
	}
	// thruster listens on HTTP_PORT, 80 by default, whatever PORT says (campfire's `ports: [80]`
	// listened on 8080, writebook's Procfile-run thruster on 80 for `ports: [8080]`)
	port, ok := lang.FirstTCPPort(s)
	switch {
	case !ok && !slices.Contains(a.cmd, "./bin/thrust"):
		return env // a Procfile's thruster, no port to give it
	case !ok:
		port = 8080 // thruster would listen on 80: a privileged port
	}
	return append(env, plan.Env{Key: "HTTP_PORT", Value: strconv.Itoa(port)})
}

// hanamiPort is HANAMI_PORT, which Hanami 2's generated config/puma.rb listens on (`port
// ENV.fetch("HANAMI_PORT", 2300)`; byos_hanami's fetches it without a default, and failed at
// start without it): the spec's first port, else Hanami's 2300; nil when the spec's env sets it.
func (a app) hanamiPort(s *spec.Spec) []plan.Env {
	if _, set := s.Env.Get("HANAMI_PORT"); !a.Hanami || a.Rails || set {
		return nil
	}
	port, ok := lang.FirstTCPPort(s)
	if !ok {
		port = 2300
	}
	return []plan.Env{{Key: "HANAMI_PORT", Value: strconv.Itoa(port)}}
}

// buildEnv is the environment of the build commands: production, and for the assets a dummy
// secret (Rails 7.1's SECRET_KEY_BASE_DUMMY; before it, a placeholder secret), since
// precompiling reads the configuration but never signs anything.
func (a app) buildEnv() []plan.Env {
	switch {
	case a.Hanami && !a.Rails:
		// Hanami 2's generated config/puma.rb runs in ENV.fetch("HANAMI_ENV", "development")
		return []plan.Env{{Key: "RACK_ENV", Value: "production"}, {Key: "HANAMI_ENV", Value: "production"}}
	case !a.Rails:
		return []plan.Env{{Key: "RACK_ENV", Value: "production"}}
	}
	env := []plan.Env{{Key: "RAILS_ENV", Value: "production"}}
	if a.Major == 0 || a.Major > 7 || a.Major == 7 && a.Minor >= 1 {
		return append(env, plan.Env{Key: "SECRET_KEY_BASE_DUMMY", Value: "1"})
	}
	return append(env, plan.Env{Key: "SECRET_KEY_BASE", Value: "precompile-placeholder"})
}

// rails is the command that runs Rails' tasks.
func (a app) rails() []string {
	if a.binRails {
		return []string{"./bin/rails"}
	}
	return []string{"bundle", "exec", "rails"}
}

// buildCommands are the default build: bootsnap's cache of the app's code, Rails' assets.
func (a app) buildCommands() []*lang.Cmd {
	var out []*lang.Cmd
	if a.Rails && a.bootsnap {
		out = append(out, &lang.Cmd{Args: []string{"bundle", "exec", "bootsnap", "precompile", "app/", "lib/"}, Env: a.buildEnv()})
	}
	if a.Rails && a.assets {
		env := slices.Concat(a.buildEnv(), a.skips)
		if a.assetsGroup {
			// the group's gems (tailwindcss-rails, sassc-rails) add their builds to the task only when loaded
			env = append(env, plan.Env{Key: "RAILS_GROUPS", Value: "assets"})
		}
		out = append(out, &lang.Cmd{Args: append(a.rails(), "assets:precompile"), Env: env})
	}
	return out
}

// expect is the builder's check of what the image runs.
func (a app) expect() lang.Expected {
	return lang.Expected{Paths: []string{inApp(a.runs)}, What: "the file the image runs",
		Fix: "set `entrypoint` to the Ruby file the image runs, or add a config.ru"}
}

// testRunner is the project's test command: RSpec (rspec-core, or rspec-rails in a Gemfile
// without a lock: publify's), Rails' runner, or rake's test task for minitest or test-unit, or
// its default task when the Rakefile has no test task (raketest.go); found is false when
// nothing names one (rake test is then a guess).
func (a app) testRunner(lock lockfile) (cmd []string, found bool) {
	switch {
	case lock.has("rspec-core") || lock.has("rspec-rails"):
		return []string{"bundle", "exec", "rspec"}, true
	case a.Rails:
		return append(a.rails(), "test"), true
	case (lock.has("minitest") || lock.has("test-unit")) && a.rakeDefault:
		return []string{"bundle", "exec", "rake"}, true
	case lock.has("minitest") || lock.has("test-unit"):
		return []string{"bundle", "exec", "rake", "test"}, true
	}
	return []string{"bundle", "exec", "rake", "test"}, false
}

func (a app) testCommand(lock lockfile) []string {
	cmd, _ := a.testRunner(lock)
	return cmd
}

// sourceExcludes never reach the builder: a local bundle and its settings, logs, temporary files,
// node_modules, the credentials' keys, and Rails' local state (development databases in
// storage/, stale precompiled assets, .env files), as Rails' own .dockerignore leaves out.
func sourceExcludes(a app) []string {
	out := []string{".git", ".bundle", "vendor/bundle", "node_modules", "log/*", "tmp/*", "config/master.key", "config/credentials/*.key"}
	if a.Rails {
		out = append(out, "storage/*", "public/assets", ".env*")
	}
	return out
}

// runtimeExcludes are left out of the image: the tests, the packaged .gem files (installed
// already), coverage reports.
var runtimeExcludes = []string{"test", "spec", "vendor/cache", "coverage", ".rspec"}

// writableFrom names whose the writable directories are: Rails', else puma's.
func (a app) writableFrom() string {
	if a.Rails {
		return "Rails"
	}
	return "puma"
}

// artifacts are what the image holds: the bundle, then the app, root-owned (the runtime copies
// the directories the program writes with their owner). The bundle comes from deps, so a source
// change keeps its layer.
func (a app) artifacts(field string) []*plan.Copy {
	o := plan.Origin{Field: field}
	return []*plan.Copy{
		{Origin: o, FromStage: "deps", Paths: []string{bundlePath}, Dest: bundlePath + "/"},
		{Origin: o, FromStage: "builder", Paths: []string{lang.AppDir}, Dest: lang.AppDir + "/", Exclude: slices.Clone(runtimeExcludes)},
	}
}
