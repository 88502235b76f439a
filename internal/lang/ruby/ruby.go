// Package ruby plans Ruby projects: bundle install in deployment mode without the development
// and test groups in deps, into BUNDLE_PATH with bundler's download cache mounted and only the
// Gemfile, Gemfile.lock and the gems of the project's own tree copied; the source, bootsnap and
// Rails' assets in builder; the test group and the tests in tester; and ruby slim at runtime
// with the bundle and the app, as a non-root user, running Rails' server, puma or rackup. It
// declares its toolchain (lang.Declarer): the stages are the skeleton's.
package ruby

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// Provider plans Ruby projects.
type Provider struct{}

var _ lang.Follower = Provider{}

const (
	// defaultRuby is the ruby tag when nothing names a version: the newest Ruby.
	defaultRuby = "3.4"
	// bundlePath holds the installed gems (the official images' GEM_HOME), copied to the runtime.
	bundlePath = "/usr/local/bundle"
	// bundleCacheDir is bundler's own cache: downloaded gems and built extensions.
	bundleCacheDir = "/root/.cache/bundle"
)

// bundleCache holds bundler's downloads and the native extensions it built (global_gem_cache).
// Locked: bundler documents no guarantee for several installs writing one cache at once.
var bundleCache = lang.Cache{ID: "bundler", Target: bundleCacheDir, Sharing: lang.Locked}

// toolArgs reach bundle install only.
var toolArgs = []plan.Arg{
	{Name: "BUNDLE_MIRROR__ALL", Description: "a mirror every gem source is fetched from (a company's RubyGems mirror)"},
}

// Language is Ruby's registry entry.
func (Provider) Language() lang.Language {
	return lang.Language{
		Name: "ruby", Markers: []string{"Gemfile", "Gemfile.lock"}, Supersedes: []string{"node"},
		Reads: slices.Concat([]string{"Gemfile", "Gemfile.lock", ".ruby-version", ".tool-versions", "config.ru", "config/application.rb", railsProductionConfig,
			"config/puma.rb", "config/puma/production.rb", rootPumaConfig, "bin/rails", "bin/docker-entrypoint", "bin/thrust", "Rakefile", rakeLib, "package.json", assetsInitializer, hanamiAssetsConfig, viteRubyConfig}, packerConfigs, packerReads, rakeFiles[1:], i18nJSConfigs, databaseConfigReads),
		Runtimes: []string{"slim", "alpine"},
		Assets:   frontEndAssets,
	}
}

// Follow reads the bundler's configs where a Shakapacker configuration puts them
// (assets_bundler_config_path), when not where Reads looks.
func (Provider) Follow(_ *spec.Spec, f lang.Facts) []string {
	return slices.Concat(packerFollow(f), hanamiFollow(f), gemspecFollow(f))
}

// Toolchain declares a Ruby build.
func (Provider) Toolchain(s *spec.Spec, f lang.Facts) (*lang.Toolchain, error) {
	if err := f.Need(s, "Gemfile", "run `bundle init` and `bundle lock`, or set `language`"); err != nil {
		return nil, err
	}
	if err := lang.NoScratch(s, "Ruby", "the ruby interpreter and the C library it links",
		"use `runtime: slim` (the default) or alpine"); err != nil {
		return nil, err
	}
	gf := readGemfile(f.Text("Gemfile"))
	lock, hasLock := lockedGems(f, gf), f.Has("Gemfile.lock")
	v, from, err := rubyVersion(s, f, gf, lock)
	if err != nil {
		return nil, err
	}
	rt := runtimeFor(v)
	_, alias := rt.RuntimeImage(s)
	builder := "ruby:" + v
	if alias == "alpine" { // musl: what bundle install compiles must load at run time
		builder += "-alpine"
	}
	a, err := detectApp(s, f, lock)
	if err != nil {
		return nil, err
	}
	a.skips, a.assetsGroup = bundleSkips(s, f, lock), gf.AssetsGroup
	field := lang.FirstField(s, "language")
	env := bundleEnv(hasLock)
	with, withNotes := bundleWith(s, f) // optionalgroups.go
	env = append(env, with...)

	deps, err := depFiles(s, f, gf, lock)
	if err != nil {
		return nil, err
	}
	t := &lang.Toolchain{
		Image: builder, Workdir: lang.AppDir, ToolArgs: toolArgs, ToolArgsReach: lang.FetchOnly,
		Env:     slices.Concat(env, []plan.Env{{Key: "BUNDLE_GLOBAL_GEM_CACHE", Value: "true"}, {Key: "BUNDLE_USER_CACHE", Value: bundleCacheDir}}),
		Scripts: []plan.File{lang.Script("native-check.rb", nativeCheckScript)},
		Deps: lang.Deps{
			Description: "install the gems of the default group (bundle install, without development and test) from " +
				strings.Join(slices.Concat(deps.files, deps.patterns), " ") + " only; ruby " + v,
			Files: deps.files, Patterns: deps.patterns,
			Steps: []plan.Step{&lang.Cmd{Args: []string{"/bin/sh", "-c", bundleInstall}, Display: "bundle install", Caches: []lang.Cache{bundleCache}}},
		},
		Build: lang.Build{
			Description: "copy the source",
			Fields:      []string{"entrypoint", "language"},
			Exclude:     sourceExcludes(a),
			Dirs:        a.writable,
			Commands:    a.buildCommands(),
			Custom:      &lang.Cmd{Env: a.buildEnv()},
			Expect:      []lang.Expected{a.expect()},
			After:       []plan.Step{nativeCheck(field, bundlePath, lang.AppDir)},
		},
		Test: lang.Test{
			Before: []plan.Step{&lang.Cmd{Args: []string{"bundle", "install"}, Phase: lang.Fetch, Caches: []lang.Cache{bundleCache},
				Env: []plan.Env{{Key: "BUNDLE_WITHOUT", Value: "development"}}}},
			// the tests' test:prepare runs the bundles' builds too, which the assets made
			Command: lang.Cmd{Args: a.testCommand(lock), Env: append([]plan.Env{{Key: "BUNDLE_WITHOUT", Value: "development"}}, a.skips...)},
		},
	}
	if lock.has("bootsnap") {
		t.Deps.Steps = append(t.Deps.Steps, &lang.Cmd{Args: []string{"bundle", "exec", "bootsnap", "precompile", "--gemfile"}, NoNetwork: true})
	}
	if len(t.Build.Commands) > 0 {
		var words []string
		for _, c := range t.Build.Commands {
			words = append(words, strings.Join(c.Args, " "))
		}
		t.Build.Description = "copy the source, then " + strings.Join(words, ", ")
	}
	if s.Build.Command != nil {
		t.Build.Description = "copy the source and run " + s.Build.Command.String()
	}
	t.Notes = slices.Concat(notes(s, lock, hasLock, a), a.notes, endOfLifeNote(s, v, from), packsNote(s, f, lock), viteHookNote(s, f), precompileHookNote(s, f, a), execJSNote(s, f, lock), databaseConfigNote(s, f, lock, a), withNotes)

	rt.Title = title(f)
	rt.Workdir = lang.AppDir
	rt.Env = slices.Concat(env, a.env(s, f), hanamiServeAssets(s, f))
	rt.Entrypoint, rt.Cmd = a.entrypoint, a.cmd
	if cmdIsArguments(s, a) {
		// the spec's entrypoint is the program, its cmd the program's arguments, as the README
		// says of `cmd` and as a Dockerfile's ENTRYPOINT and CMD (gemstash: exe/gemstash start)
		rt.Entrypoint, rt.Cmd = slices.Concat(a.entrypoint, a.cmd), nil
	}
	rt.Packages = nativeLibraries(lock, programPackages(f, gf, lock), alias)
	jemalloc(s, f, &rt, alias, field) // jemalloc.go
	rt.Artifacts = a.artifacts(field)
	if s.Assets == nil && sprocketsPackages(f, lock) != nil { // the packages were for assets:precompile
		rt.Artifacts[1].Exclude = append(rt.Artifacts[1].Exclude, "node_modules")
	}
	rt.Writable, rt.WritableFrom = a.writable, a.writableFrom()
	t.Runtime = rt
	return t, nil
}

// bundleInstall installs the bundle, then removes what the image must not hold: the .gem files
// rubygems keeps beside the installed gems (bundler's own cache, mounted, keeps them between
// builds) and the git checkouts' history.
const bundleInstall = `bundle install && rm -rf "$BUNDLE_PATH"/ruby/*/cache "$BUNDLE_PATH"/ruby/*/bundler/gems/*/.git`

// bundleEnv is bundler's settings in every stage and the image: the gems in BUNDLE_PATH, the
// development and test groups left out, and, with a lockfile, deployment mode (frozen: the
// lockfile must match the Gemfile, and nothing is resolved anew).
func bundleEnv(hasLock bool) []plan.Env {
	env := []plan.Env{{Key: "BUNDLE_PATH", Value: bundlePath}, {Key: "BUNDLE_WITHOUT", Value: "development:test"}}
	if hasLock {
		env = append(env, plan.Env{Key: "BUNDLE_DEPLOYMENT", Value: "1"})
	}
	return env
}

// deps are the dependency files: Gemfile and Gemfile.lock, and what bundle install reads beside
// them: the version file a `ruby file:` names or the Gemfile reads, gems packaged in vendor/cache, the gems of PATH
// sources, the project's own gemspec (and the version file it usually loads).
type depSet struct{ files, patterns []string }

func depFiles(s *spec.Spec, f lang.Facts, gf gemfile, lock lockfile) (depSet, error) {
	d := depSet{files: []string{"Gemfile"}}
	if f.Has("Gemfile.lock") {
		d.files = append(d.files, "Gemfile.lock")
	}
	if gf.RubyFile {
		for _, name := range []string{".ruby-version", ".tool-versions"} {
			if f.Has(name) {
				d.files = append(d.files, name)
			}
		}
	}
	d.patterns = []string{"vendor/cache"}
	for _, p := range lock.Paths {
		rel, ok := lang.CleanRelPath(p)
		if !ok || !entryChars.MatchString(p) {
			return d, lang.FieldError(s, lang.FirstField(s, "language"), "keep path gems inside the project, e.g. `gem \"engine\", path: \"engines/engine\"`",
				"Gemfile.lock's PATH source %q is not a directory inside the build context", p)
		}
		if rel != "." {
			d.patterns = append(d.patterns, strings.TrimPrefix(rel, "./"))
		}
	}
	if gf.Gemspec || slices.Contains(lock.Paths, ".") {
		d.patterns = append(d.patterns, "*.gemspec", "lib/*/version.rb")
	}
	// the files the Gemfile loads (huginn's lib/gemfile_helper.rb): without them bundle install
	// fails on the Gemfile itself; a pattern, so one the context lacks copies nothing
	d.patterns = append(d.patterns, gf.Loads...)
	return d, nil
}

// runtimeFor is the runtime table: the official ruby images, with the nonroot user added.
func runtimeFor(v string) lang.Runtime {
	return lang.Runtime{
		Aliases: map[string]string{"slim": "ruby:" + v + "-slim", "alpine": "ruby:" + v + "-alpine"},
		Default: "slim", Shells: []string{"slim", "alpine"}, AddUser: []string{"slim", "alpine"},
	}
}

// notes are the warnings about the bundle.
func notes(s *spec.Spec, lock lockfile, hasLock bool, a app) []plan.Note {
	field := lang.FirstField(s, "language")
	var out []plan.Note
	if !hasLock {
		out = append(out, rules.MissingLockfile.Note(field, rules.MissingLockfile.Format(
			"the build context has no Gemfile.lock: bundle install resolves every version anew on every build, not in deployment mode; "+
				"run `bundle lock` and commit Gemfile.lock (and keep it out of .dockerignore)")))
	}
	if cmdIsArguments(s, a) && looksLikeCommand((*s.Cmd)[0], lock) {
		// the cmd, the entrypoint's arguments, starts with what runs on its own
		out = append(out, rules.CmdReplacesEntrypoint.Note(lang.FirstField(s, "cmd"), rules.CmdReplacesEntrypoint.Format(
			strings.TrimSpace(s.Entrypoint), strings.Join(slices.Concat(a.entrypoint, a.cmd, *s.Cmd), " "), (*s.Cmd)[0])))
	}
	if _, found := a.testRunner(lock); !found && s.Test == nil {
		out = append(out, rules.NoTestRunner.Note(field, rules.NoTestRunner.Format("Gemfile.lock",
			"rspec-core, or minitest or test-unit with a Rakefile, or Rails", strings.Join(a.testCommand(lock), " "))))
	}
	return out
}

// cmdIsArguments reports a spec whose `cmd` is its entrypoint's arguments: with an `entrypoint`, a
// `cmd` that does not run the entrypoint's file itself (`cmd: [ruby, exe/server, start]` is the
// whole command, after `bundle exec`).
func cmdIsArguments(s *spec.Spec, a app) bool {
	return strings.TrimSpace(s.Entrypoint) != "" && s.Cmd != nil && len(*s.Cmd) > 0 && !slices.ContainsFunc(*s.Cmd, func(w string) bool {
		return strings.TrimPrefix(w, "./") == a.runs || w == inApp(a.runs)
	})
}

// commandWords are programs a Ruby image's command starts with, besides the bundle's gems.
var commandWords = []string{"ruby", "bundle", "rake", "rails", "rackup", "puma", "irb", "sh", "bash"}

// looksLikeCommand reports a word that runs on its own rather than as an argument: a path, a
// program of commandWords, or a gem of the bundle (sidekiq), whose executable is usually named
// so.
func looksLikeCommand(w string, lock lockfile) bool {
	return strings.Contains(w, "/") || slices.Contains(commandWords, w) || lock.has(w)
}

// title names the image after the Rails application's module (`module Shop` in
// config/application.rb), else "app".
func title(f lang.Facts) string {
	if m := railsModule.FindStringSubmatch(f.Text("config/application.rb")); m != nil {
		return strings.ToLower(m[1])
	}
	return "app"
}

var railsModule = regexp.MustCompile(`(?m)^module ([A-Z][A-Za-z0-9]*)\s*$`)

// native libraries: the shared libraries gems with C extensions link, which the slim and alpine
// images lack (the full builder image has their -dev packages).
var runtimeLibraries = map[string]lang.Library{
	"pg":        {Apt: "libpq5", Apk: "libpq"},
	"mysql2":    {Apt: "libmariadb3", Apk: "mariadb-connector-c"},
	"sqlite3":   {Apt: "libsqlite3-0", Apk: "sqlite-libs"},
	"ruby-vips": {Apt: "libvips42", Apk: "vips"},
	"rmagick":   {Apt: "libmagickwand-6.q16-6", Apk: "imagemagick-libs"},
}

// nativeLibraries are the runtime packages the locked gems need, with those of the programs
// they run (programs.go), for the runtime's package manager, sorted; none for an image the spec
// names (its packages are its own).
func nativeLibraries(lock lockfile, programs []lang.Library, alias string) []string {
	libs := programs
	for gem, lib := range runtimeLibraries {
		if lock.has(gem) {
			libs = append(libs, lib)
		}
	}
	return lang.LibraryPackages(libs, alias)
}

// inApp is a path of the project in the image.
func inApp(p string) string { return path.Join(lang.AppDir, p) }
