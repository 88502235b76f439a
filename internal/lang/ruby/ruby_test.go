package ruby

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

var provider = langtest.For(Provider{})

// TestMain plans on a fixed day, so that a branch's end of life (RubyVersionEndOfLife) does not
// change the tests' plans as time passes: 3.2 and older have ended then, 3.3 has not.
func TestMain(m *testing.M) {
	langtest.MainOn(m, 2026, 12, 5)
}

func copies(st *plan.Stage) []string {
	var out []string
	for _, c := range langtest.Copies(st) {
		out = append(out, c.FromStage+":"+strings.Join(c.Paths, ",")+">"+c.Dest+" "+c.Chown)
	}
	return out
}

func TestExampleStagesCachesAndImage(t *testing.T) {
	p := provider.MustPlan(t, "ports: [9292]\n", provider.Example(t, "ruby"))
	deps := langtest.Deps(t, p, "ruby:3.1.2")
	for _, e := range []plan.Env{{Key: "BUNDLE_PATH", Value: "/usr/local/bundle"}, {Key: "BUNDLE_DEPLOYMENT", Value: "1"},
		{Key: "BUNDLE_WITHOUT", Value: "development:test"}, {Key: "BUNDLE_GLOBAL_GEM_CACHE", Value: "true"}} {
		if !slices.Contains(deps.Env, e) {
			t.Errorf("deps env %+v lacks %v", deps.Env, e)
		}
	}
	if cp := langtest.Copies(deps)[0]; !slices.Equal(cp.Include, []string{"Gemfile", "Gemfile.lock", "vendor/cache"}) {
		t.Errorf("dependency files %q", cp.Include)
	}
	install := langtest.Runs(deps)[0]
	cache := plan.Mount{Type: plan.MountCache, ID: "bundler", Target: "/root/.cache/bundle", Sharing: "locked"}
	if install.Display != "bundle install" || !strings.Contains(install.Args[2], `rm -rf "$BUNDLE_PATH"/ruby/*/cache`) ||
		!slices.Equal(install.Mounts, []plan.Mount{cache}) || !slices.Equal(install.UseArgs, []string{"BUNDLE_MIRROR__ALL"}) {
		t.Errorf("install %+v", install)
	}
	b := p.Stage("builder")
	got := langtest.Commands(b)
	if len(got) != 2 || !strings.Contains(got[0], "test -e \"$f\"") || got[1] != "ruby /run/multistage-frontend/native-check.rb /usr/local/bundle /app" ||
		!langtest.Runs(b)[1].CrossOnly {
		t.Errorf("builder runs %q: want the check of config.ru and the cross-platform native check", got)
	}
	test := langtest.Runs(p.Stage("tester"))
	if got := langtest.Commands(p.Stage("tester")); !slices.Equal(got, []string{"bundle install", "bundle exec rake test"}) ||
		!slices.Contains(test[0].Env, plan.Env{Key: "BUNDLE_WITHOUT", Value: "development"}) ||
		!slices.Contains(test[1].Env, plan.Env{Key: "BUNDLE_WITHOUT", Value: "development"}) ||
		!slices.Equal(test[0].UseArgs, []string{"BUNDLE_MIRROR__ALL"}) {
		t.Errorf("tester runs %q with %+v", got, test)
	}

	rt := p.Stage("runtime")
	if rt.Base.Stage != "runtime-base" || p.Stage("runtime-base").Base.Image != "ruby:3.1.2-slim" || p.Image.User != "65532:65532" ||
		!slices.Equal(p.Image.Entrypoint, []string{"bundle", "exec"}) || !slices.Equal(p.Image.Cmd, []string{"rackup"}) ||
		!slices.Contains(p.Image.Env, plan.Env{Key: "RACK_ENV", Value: "production"}) {
		t.Errorf("runtime %+v: image %+v", rt.Base, p.Image)
	}
	if got := copies(rt); !slices.Equal(got[len(got)-2:], []string{"deps:/usr/local/bundle>/usr/local/bundle/ ", "builder:/app>/app/ "}) {
		t.Errorf("the runtime copies %q", got)
	}
	// the example pins Ruby 3.1, the testbed's stand-in (hack/fixtures.md), past its end of life
	if len(p.Notes) != 1 || p.Notes[0].Rule != "RubyVersionEndOfLife" ||
		!strings.HasPrefix(p.Notes[0].Msg, "Ruby 3.1 reached its end of life on 2025-03-26 (.ruby-version 3.1.2)") {
		t.Errorf("notes %+v", p.Notes)
	}
}

func TestRails(t *testing.T) {
	p := provider.MustPlan(t, "ports: [3000]\n", provider.Read(t, filepath.Join("testdata", "rails")))
	deps := p.Stage("deps")
	if deps.Base.Image != "ruby:3.3.6" {
		t.Errorf("builder %s: want .ruby-version's 3.3.6", deps.Base.Image)
	}
	if cp := langtest.Copies(deps)[0]; !slices.Equal(cp.Include, []string{"Gemfile", "Gemfile.lock", ".ruby-version", "vendor/cache"}) {
		t.Errorf("dependency files %q: `ruby file:` needs .ruby-version", cp.Include)
	}
	if got := langtest.Commands(deps); len(got) != 2 || got[1] != "bundle exec bootsnap precompile --gemfile" {
		t.Errorf("deps runs %q", got)
	}
	b := p.Stage("builder")
	got := langtest.Commands(b)
	want := []string{"mkdir -p db log storage tmp", "bundle exec bootsnap precompile app/ lib/", "./bin/rails assets:precompile"}
	if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		t.Errorf("builder runs %q, want %q first", got, want)
	}
	assets := langtest.Runs(b)[2]
	for _, e := range []plan.Env{{Key: "RAILS_ENV", Value: "production"}, {Key: "SECRET_KEY_BASE_DUMMY", Value: "1"}} {
		if !slices.Contains(assets.Env, e) {
			t.Errorf("assets:precompile env %+v lacks %v", assets.Env, e)
		}
	}
	src := langtest.Copies(b)[0]
	for _, x := range []string{"config/master.key", "storage/*", "log/*", "tmp/*", ".env*", "public/assets", "vendor/bundle"} {
		if !slices.Contains(src.Exclude, x) {
			t.Errorf("the source copy keeps %s: %q", x, src.Exclude)
		}
	}
	if got := langtest.Commands(p.Stage("tester")); got[len(got)-1] != "./bin/rails test" {
		t.Errorf("tester runs %q", got)
	}

	rt := p.Stage("runtime")
	if p.Stage("runtime-base").Base.Image != "ruby:3.3.6-slim" || !slices.Equal(p.Image.Entrypoint, []string{"/app/bin/docker-entrypoint"}) ||
		!slices.Equal(p.Image.Cmd, []string{"./bin/rails", "server"}) {
		t.Errorf("runtime %s runs %q %q", p.Stage("runtime-base").Base.Image, p.Image.Entrypoint, p.Image.Cmd)
	}
	for _, e := range []plan.Env{{Key: "RAILS_ENV", Value: "production"}, {Key: "RAILS_LOG_TO_STDOUT", Value: "1"},
		{Key: "BUNDLE_DEPLOYMENT", Value: "1"}} {
		if !slices.Contains(p.Image.Env, e) {
			t.Errorf("image env %+v lacks %v", p.Image.Env, e)
		}
	}
	if install := langtest.Runs(rt); len(install) != 1 || install[0].Display != "apt-get install libpq5" {
		t.Errorf("the runtime does not install pg's library: %+v", install)
	}
	want = []string{"deps:/usr/local/bundle>/usr/local/bundle/ ", "builder:/app>/app/ ", "builder:/app/db>/app/db/ 65532:65532",
		"builder:/app/log>/app/log/ 65532:65532", "builder:/app/storage>/app/storage/ 65532:65532", "builder:/app/tmp>/app/tmp/ 65532:65532"}
	if got := copies(rt); !slices.Equal(got[len(got)-len(want):], want) {
		t.Errorf("the runtime copies %q, want %q", got, want)
	}
	if p.Image.Labels[0].Value != "shop" {
		t.Errorf("labels %+v: want the title of module Shop", p.Image.Labels)
	}

	// Rails 7.0 has no SECRET_KEY_BASE_DUMMY; a named user cannot own tmp/; alpine
	f := provider.Read(t, filepath.Join("testdata", "rails"))
	f["Gemfile.lock"] = []byte(strings.ReplaceAll(string(f["Gemfile.lock"]), "7.1.5", "7.0.8"))
	if e := langtest.Runs(provider.MustPlan(t, "language: ruby\n", f).Stage("builder"))[2].Env; !slices.Contains(e, plan.Env{Key: "SECRET_KEY_BASE", Value: "precompile-placeholder"}) {
		t.Errorf("Rails 7.0 assets env %+v", e)
	}
	if _, err := provider.TryPlan(t, "language: ruby\nuser: rails\n", f); err == nil || !strings.Contains(err.Error(), "must be a uid") {
		t.Errorf("user: rails: %v", err)
	}
	p = provider.MustPlan(t, "language: ruby\nruntime: alpine\n", f)
	if p.Stage("deps").Base.Image != "ruby:3.3.6-alpine" || p.Stage("runtime-base").Base.Image != "ruby:3.3.6-alpine" ||
		langtest.Runs(p.Stage("runtime"))[0].Display != "apk add libpq" {
		t.Errorf("alpine: builder %s, runtime %s", p.Stage("deps").Base.Image, p.Stage("runtime-base").Base.Image)
	}
}

func gems(more ...string) lang.Facts {
	f := lang.Facts{"Gemfile": []byte("source \"https://rubygems.org\"\n"), "config.ru": nil}
	lock := "GEM\n  remote: https://rubygems.org/\n  specs:\n"
	for i := 0; i+1 < len(more); i += 2 {
		if more[i] == "gem" {
			lock += "    " + more[i+1] + "\n"
			continue
		}
		f[more[i]] = []byte(more[i+1])
	}
	f["Gemfile.lock"] = []byte(lock + "\nPLATFORMS\n  ruby\n\nRUBY VERSION\n   ruby 3.2.4p170\n")
	return f
}

func TestVersion(t *testing.T) {
	for _, c := range []struct {
		spec string
		more []string
		want string
	}{
		{"", nil, "3.2.4"},
		{"version: \"3.3\"\n", []string{".ruby-version", "3.1.2"}, "3.3"},
		{"", []string{".ruby-version", "ruby-3.3.1\n"}, "3.3.1"},
		{"", []string{".tool-versions", "nodejs 20.1.0\nruby 3.2.2\n"}, "3.2.2"},
		// a requirement that allows the default gets it; else its lower bound (redmine's range
		// gave 3.2, the lower bound, past its support)
		{"", []string{"Gemfile", "ruby \"~> 3.1\"\n"}, "3.4"},
		{"", []string{"Gemfile", "ruby '>= 3.2.0', '< 4.1.0'\n"}, "3.4"},
		{"", []string{"Gemfile", "ruby \"~> 3.2.0\"\n"}, "3.2"},
		{"", []string{"Gemfile", "ruby '>= 3.1', '< 3.4'\n"}, "3.1"},
		{"", []string{"Gemfile", "ruby \">= 4.0\"\n"}, "4.0"},
		{"", []string{"Gemfile", "ruby \"= 3.3.5\"\n"}, "3.3.5"},
		{"", []string{"Gemfile", "ruby '3.3.5'\n"}, "3.3.5"},
		{"", []string{"Gemfile", "ruby \">= 3.0\"\n", ".ruby-version", "3.2.1"}, "3.2.1"},
	} {
		f := gems(append([]string{"gem", "rack (2.2.8)"}, c.more...)...)
		p := provider.MustPlan(t, "language: ruby\n"+c.spec, f)
		if got := p.Stage("deps").Base.Image; got != "ruby:"+c.want {
			t.Errorf("%s%q: builder %s, want ruby %s", c.spec, c.more, got, c.want)
		}
	}
	f := gems("Gemfile", "source \"https://rubygems.org\"\ngem \"rack\"\n")
	delete(f, "Gemfile.lock")
	if p := provider.MustPlan(t, "language: ruby\n", f); p.Stage("deps").Base.Image != "ruby:3.4" || p.Image.Cmd[0] != "rackup" {
		t.Errorf("no version anywhere: %s", p.Stage("deps").Base.Image)
	}
	if _, err := provider.TryPlan(t, "language: ruby\nversion: \"3\"\n", f); err == nil || !strings.Contains(err.Error(), "not a Ruby version") {
		t.Errorf("version 3: %v", err)
	}
}

func TestWhatTheImageRuns(t *testing.T) {
	for _, c := range []struct {
		spec  string
		more  []string
		cmd   string
		tests string
	}{
		{"", []string{"gem", "rack (2.2.8)", "gem", "puma (6.4.2)", "gem", "rspec-core (3.13.0)"}, "puma", "bundle exec rspec"},
		{"", []string{"gem", "rack (3.0.9)", "gem", "rackup (2.1.0)", "gem", "minitest (5.22.0)"}, "rackup", "bundle exec rake test"},
		{"entrypoint: app.rb\n", []string{"gem", "sinatra (4.0.0)", "gem", "test-unit (3.6.1)"}, "ruby app.rb", "bundle exec rake test"},
		{"entrypoint: web.ru\n", []string{"gem", "rack (2.2.8)"}, "rackup web.ru", "bundle exec rake test"},
	} {
		p := provider.MustPlan(t, "language: ruby\n"+c.spec, gems(c.more...))
		if got := strings.Join(p.Image.Cmd, " "); got != c.cmd || !slices.Equal(p.Image.Entrypoint, []string{"bundle", "exec"}) {
			t.Errorf("%s%q: runs %q %q, want %s", c.spec, c.more, p.Image.Entrypoint, p.Image.Cmd, c.cmd)
		}
		if got := langtest.Commands(p.Stage("tester")); got[len(got)-1] != c.tests {
			t.Errorf("%s%q: tests %q, want %s", c.spec, c.more, got, c.tests)
		}
	}
	notes := langtest.Rules(provider.MustPlan(t, "language: ruby\n", gems("gem", "rack (2.2.8)")))
	if !slices.Equal(notes, []string{"NoTestRunner", "RubyVersionEndOfLife"}) { // Gemfile.lock's 3.2.4
		t.Errorf("notes %q", notes)
	}
	f := gems("gem", "rack (3.0.9)")
	if _, err := provider.TryPlan(t, "language: ruby\n", f); err == nil || !strings.Contains(err.Error(), "nothing in Gemfile.lock serves config.ru") {
		t.Errorf("rack 3 without rackup: %v", err)
	}
	delete(f, "config.ru")
	if _, err := provider.TryPlan(t, "language: ruby\n", f); err == nil || !strings.Contains(err.Error(), "nothing says what the image runs") {
		t.Errorf("no config.ru: %v", err)
	}
	if _, err := provider.TryPlan(t, "language: ruby\nentrypoint: ../x.rb\n", f); err == nil {
		t.Error("entrypoint ../x.rb was accepted")
	}
	if _, err := provider.TryPlan(t, "language: ruby\nruntime: scratch\n", gems()); err == nil || !strings.Contains(err.Error(), "Ruby cannot run on scratch") {
		t.Errorf("scratch: %v", err)
	}
}

func TestBundleSources(t *testing.T) {
	f := gems("gem", "rack (2.2.8)", "Gemfile", "source \"https://rubygems.org\"\ngemspec\n")
	f["Gemfile.lock"] = []byte("PATH\n  remote: .\n  specs:\n    mygem (0.1.0)\n\nPATH\n  remote: engines/billing\n  specs:\n" +
		"    billing (1.0.0)\n\n" + string(f["Gemfile.lock"]))
	p := provider.MustPlan(t, "language: ruby\n", f)
	if cp := langtest.Copies(p.Stage("deps"))[0]; !slices.Equal(cp.Include,
		[]string{"Gemfile", "Gemfile.lock", "vendor/cache", "engines/billing", "*.gemspec", "lib/*/version.rb"}) {
		t.Errorf("dependency files %q", cp.Include)
	}
	f["Gemfile.lock"] = []byte("PATH\n  remote: ../shared\n  specs:\n    shared (1.0.0)\n\n" + string(gems("gem", "rack (2.2.8)")["Gemfile.lock"]))
	if _, err := provider.TryPlan(t, "language: ruby\n", f); err == nil || !strings.Contains(err.Error(), "not a directory inside the build context") {
		t.Errorf("a PATH source outside: %v", err)
	}
	delete(f, "Gemfile.lock")
	f["Gemfile"] = []byte("source \"https://rubygems.org\"\ngem \"puma\"\n")
	p = provider.MustPlan(t, "language: ruby\n", f)
	if slices.ContainsFunc(p.Stage("deps").Env, func(e plan.Env) bool { return e.Key == "BUNDLE_DEPLOYMENT" }) || p.Notes[0].Rule != "MissingLockfile" {
		t.Errorf("without Gemfile.lock: env %+v notes %+v", p.Stage("deps").Env, p.Notes)
	}
}

func TestLockfile(t *testing.T) {
	l := readLockfile("GIT\n  remote: https://github.com/x/y.git\n  revision: abc\n  specs:\n    y (0.1.0)\n\n" +
		"GEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri (1.16.7-x86_64-linux)\n      racc (~> 1.4)\n" +
		"    nokogiri (1.16.7-aarch64-linux)\n    railties (7.1.5.1)\n\nRUBY VERSION\n   ruby 3.3.6p108\n")
	if !l.Git || l.Gems["nokogiri"] != "1.16.7" || l.Gems["racc"] != "" || l.Ruby != "3.3.6" || !l.has("y") {
		t.Errorf("%+v", l)
	}
	if major, minor := l.version("railties"); major != 7 || minor != 1 {
		t.Errorf("railties %d.%d", major, minor)
	}
}

// TestThePortTheServerListensOn: the spec's port reaches the server: PORT for Rails' server and
// puma, HTTP_PORT for thruster in front of Rails (basecamp/once-campfire: `ports: [80]` listened
// on 8080 before), which sets PORT for the server behind it itself; PORT too, for a command that
// runs the server without thruster (errbit's Procfile `web: bin/rails server` listened on 3000).
func TestThePortTheServerListensOn(t *testing.T) {
	rails := provider.Read(t, filepath.Join("testdata", "rails"))
	thrust := lang.Facts{"bin/thrust": nil}
	for k, v := range rails {
		thrust[k] = v
	}
	thrust["Gemfile.lock"] = []byte(strings.Replace(string(rails["Gemfile.lock"]), "    rails (", "    thruster (0.1.9)\n    rails (", 1))
	thrustGem := lang.Facts{}
	for k, v := range thrust {
		thrustGem[k] = v
	}
	delete(thrustGem, "bin/thrust")
	for _, c := range []struct {
		name, spec string
		f          lang.Facts
		want, not  string
	}{
		{"rails", "ports: [3000]\n", rails, "PORT=3000", "HTTP_PORT"},
		{"rails without ports", "", rails, "", "PORT"},
		{"thruster", "ports: [80]\n", thrust, "PORT=80 HTTP_PORT=80", "HTTP_PORT=8080"},
		{"thruster without ports", "", thrust, "HTTP_PORT=8080", "PORT="},
		{"thruster, PORT in the spec's env", "ports: [80]\nenv:\n  PORT: \"3000\"\n", thrust, "HTTP_PORT=80", "HTTP_PORT=8080"},
		{"thruster without bin/thrust (a Procfile's web runs it)", "ports: [8080]\n", thrustGem, "PORT=8080 HTTP_PORT=8080", "HTTP_PORT=80 "},
		{"thruster without bin/thrust or ports", "", thrustGem, "", "PORT"},
		{"puma", "language: ruby\nports: [9292]\n", gems("gem", "rack (2.2.8)", "gem", "puma (6.4.2)"), "PORT=9292", "HTTP_PORT"},
	} {
		p := provider.MustPlan(t, c.spec, c.f)
		var env []string
		for _, e := range p.Image.Env {
			env = append(env, e.Key+"="+e.Value)
		}
		all := " " + strings.Join(env, " ")
		if c.want != "" && !strings.Contains(all, " "+c.want) || strings.Contains(all, " "+c.not) {
			t.Errorf("%s: env %q, want %s and no %s", c.name, env, c.want, c.not)
		}
	}
	if p := provider.MustPlan(t, "ports: [80]\n", thrust); !slices.Equal(p.Image.Cmd, []string{"./bin/thrust", "./bin/rails", "server"}) {
		t.Errorf("thruster: cmd %q", p.Image.Cmd)
	}
}

// TestCmdReplacesEntrypoint: with an entrypoint in the spec, a `cmd` that does not run its file
// is the entrypoint's arguments (gemstash's `entrypoint: exe/gemstash`, `cmd: [start,
// --no-daemonize]`), as a Dockerfile's ENTRYPOINT and CMD; one that runs the file is the whole
// command, and without an entrypoint `cmd` replaces the command. CmdReplacesEntrypoint warns, at
// the cmd line, of arguments that start with a command of their own.
func TestCmdReplacesEntrypoint(t *testing.T) {
	bundle := gems("gem", "sinatra (4.0.0)", "gem", "puma (6.4.2)", "gem", "sidekiq (7.3.0)", "gem", "rspec-core (3.13.0)")
	for _, tc := range []struct {
		src             string
		entrypoint, cmd []string
		warns           string // the note's words, "" for none
	}{
		{"entrypoint: exe/server\ncmd: [start, --port, \"9292\"]\n", []string{"bundle", "exec", "ruby", "exe/server"}, []string{"start", "--port", "9292"}, ""},
		{"entrypoint: ./exe/server\ncmd: start\n", []string{"bundle", "exec", "ruby", "exe/server"}, []string{"start"}, ""},
		{"entrypoint: web.ru\ncmd: [-C, config/puma.rb]\n", []string{"bundle", "exec", "puma", "web.ru"}, []string{"-C", "config/puma.rb"}, ""},
		// the file in cmd: the whole command
		{"entrypoint: exe/server\ncmd: [ruby, exe/server, start]\n", []string{"bundle", "exec"}, []string{"ruby", "exe/server", "start"}, ""},
		{"entrypoint: ./exe/server\ncmd: [ruby, ./exe/server, start]\n", []string{"bundle", "exec"}, []string{"ruby", "./exe/server", "start"}, ""},
		{"entrypoint: exe/server\n", []string{"bundle", "exec"}, []string{"ruby", "exe/server"}, ""},
		{"cmd: [sidekiq]\n", []string{"bundle", "exec"}, []string{"sidekiq"}, ""},
		// arguments that look like a command: a gem of the bundle, a path, ruby
		{"entrypoint: app.rb\ncmd: [sidekiq]\n", []string{"bundle", "exec", "ruby", "app.rb"}, []string{"sidekiq"},
			"with `entrypoint: app.rb`, `cmd` is the entrypoint's arguments, so the image runs `bundle exec ruby app.rb sidekiq`; `sidekiq` looks like a command of its own"},
		{"entrypoint: app.rb\ncmd: [./bin/worker]\n", []string{"bundle", "exec", "ruby", "app.rb"}, []string{"./bin/worker"}, "`./bin/worker` looks like a command"},
		{"entrypoint: app.rb\ncmd: [rake, db:migrate]\n", []string{"bundle", "exec", "ruby", "app.rb"}, []string{"rake", "db:migrate"}, "`rake` looks like a command"},
	} {
		p := provider.MustPlan(t, "language: ruby\n"+tc.src, bundle)
		if !slices.Equal(p.Image.Entrypoint, tc.entrypoint) || !slices.Equal(p.Image.Cmd, tc.cmd) {
			t.Errorf("%q: entrypoint %q cmd %q, want %q %q", tc.src, p.Image.Entrypoint, p.Image.Cmd, tc.entrypoint, tc.cmd)
		}
		got := langtest.NotesOf(p, "CmdReplacesEntrypoint")
		switch {
		case tc.warns == "" && len(got) != 0:
			t.Errorf("%q: %+v", tc.src, got)
		case tc.warns != "" && (len(got) != 1 || !strings.Contains(got[0].Msg, tc.warns) || got[0].Field != "cmd"):
			t.Errorf("%q: notes %+v, want %q", tc.src, got, tc.warns)
		}
	}
}

// TestRubyVersionEndOfLife: a version of a branch past its end of life, wherever it comes from,
// is warned of with its date and source, at `version` when the spec names it; a supported one,
// the default, and a range that allows the default are not.
func TestRubyVersionEndOfLife(t *testing.T) {
	for _, c := range []struct {
		spec string
		more []string
		want string // the message's start, "" for no warning
	}{
		{"", nil, "Ruby 3.2 reached its end of life on 2026-04-01 (Gemfile.lock's RUBY VERSION 3.2.4)"},
		{"version: \"3.1\"\n", nil, "Ruby 3.1 reached its end of life on 2025-03-26 (the spec's `version`)"},
		{"", []string{".ruby-version", "ruby-2.7.8\n"}, "Ruby 2.7 reached its end of life on 2023-03-31 (.ruby-version 2.7.8)"},
		{"", []string{".tool-versions", "ruby 3.0.6\n"}, "Ruby 3.0 reached its end of life on 2024-04-23 (.tool-versions' ruby 3.0.6)"},
		{"", []string{"Gemfile", "ruby '3.2.2'\n"}, "Ruby 3.2 reached its end of life on 2026-04-01 (the Gemfile's ruby '3.2.2')"},
		// the range's lower bound is the only choice: 3.4 is not allowed
		{"", []string{"Gemfile", "ruby '>= 3.1', '< 3.3'\n"}, "Ruby 3.1 reached its end of life on 2025-03-26 (the Gemfile's ruby '>= 3.1', '< 3.3')"},
		{"", []string{"Gemfile", "ruby '1.9.3'\n"}, "Ruby 1.9 reached its end of life on 2015-02-23 (the Gemfile's ruby '1.9.3')"},
		{"", []string{".ruby-version", "1.6.8"}, "Ruby 1.6 reached its end of life on 2013-06-30 or earlier (.ruby-version 1.6.8)"},
		{"", []string{".ruby-version", "3.3.6"}, ""},
		{"version: \"4.0\"\n", nil, ""},
		{"", []string{"Gemfile", "ruby '>= 3.2.0', '< 4.1.0'\n"}, ""}, // 3.4, the default
	} {
		f := gems(append([]string{"gem", "rack (2.2.8)", "gem", "minitest (5.22.0)"}, c.more...)...)
		var got []plan.Note
		for _, n := range provider.MustPlan(t, "language: ruby\n"+c.spec, f).Notes {
			if n.Rule == "RubyVersionEndOfLife" {
				got = append(got, n)
			}
		}
		if c.want == "" {
			if len(got) != 0 {
				t.Errorf("%s%q: %+v", c.spec, c.more, got)
			}
			continue
		}
		field := "language"
		if c.spec != "" {
			field = "version"
		}
		if len(got) != 1 || !strings.HasPrefix(got[0].Msg, c.want+": it gets no security fixes") || got[0].Field != field ||
			!strings.Contains(got[0].Msg, "move to 3.4, the default") {
			t.Errorf("%s%q: %+v, want %q at %s", c.spec, c.more, got, c.want, field)
		}
	}
	// a branch's end of life is a day: the day before, 3.3 is supported
	langtest.OnDay(t, 2027, 3, 30)
	if n := provider.MustPlan(t, "language: ruby\nversion: \"3.3\"\n", gems("gem", "rack (2.2.8)", "gem", "minitest (5.22.0)")).Notes; len(n) != 0 {
		t.Errorf("3.3 on 2027-03-30: %+v", n)
	}
	langtest.OnDay(t, 2027, 3, 31)
	if n := provider.MustPlan(t, "language: ruby\nversion: \"3.3\"\n", gems("gem", "rack (2.2.8)", "gem", "minitest (5.22.0)")).Notes; len(n) != 1 {
		t.Errorf("3.3 on 2027-03-31: %+v", n)
	}
}

// TestPacks: Shakapacker's (and Webpacker's) packs are default assets when planning can tell how
// bin/shakapacker would build them; else PacksNotBuilt says why, and there are none.
func TestPacks(t *testing.T) {
	yml := "default: &default\n  source_path: app/javascript\n  public_root_path: public\n  public_output_path: packs\n" +
		"production:\n  <<: *default\n  compile: false\n"
	base := func(more ...string) lang.Facts {
		f := gems(append([]string{"gem", "rails (7.1.5)", "gem", "railties (7.1.5)", "gem", "shakapacker (9.5.0)",
			"config/application.rb", "module Shop\nend\n", "bin/rails", "",
			"package.json", `{"private": true, "dependencies": {"shakapacker": "9.5.0", "webpack": "5.104.1", "webpack-cli": "6.0.1"}}`,
			"config/shakapacker.yml", yml, "config/webpack/webpack.config.js", "module.exports = {}\n"}, more...)...)
		return f
	}
	for _, c := range []struct {
		name string
		f    lang.Facts
		// command and output of the default assets, or the warning's words
		command, output, warn string
	}{
		{"shakapacker", base(), "node_modules/.bin/webpack --config config/webpack/webpack.config.js", "public/packs", ""},
		{"a TypeScript config first", base("config/webpack/webpack.config.ts", "export default {}\n"),
			"node_modules/.bin/webpack --config config/webpack/webpack.config.ts", "public/packs", ""},
		{"production's output", base("config/shakapacker.yml", yml+"  public_root_path: web\n  public_output_path: assets/js\n"),
			"node_modules/.bin/webpack --config config/webpack/webpack.config.js", "web/assets/js", ""},
		{"Webpacker 5", langtest.With(gems("gem", "railties (6.1.7)", "gem", "webpacker (5.4.4)", "config/application.rb", "module Shop\nend\n",
			"package.json", `{"dependencies": {"@rails/webpacker": "5.4.4"}}`, "config/webpacker.yml", yml, "config/webpack/production.js", "")),
			"node_modules/.bin/webpack --config config/webpack/production.js", "public/packs", ""},
		{"Webpacker without a lockfile", lang.Facts{"Gemfile": []byte("source \"https://rubygems.org\"\ngem \"rails\"\ngem \"webpacker\"\n"),
			"config/application.rb": []byte("module Shop\nend\n"), "package.json": []byte(`{}`), "config/webpacker.yml": []byte(yml),
			"config/webpack/production.js": nil}, "node_modules/.bin/webpack --config config/webpack/production.js", "public/packs", ""},
		{"Webpacker 5 without its config", langtest.With(gems("gem", "railties (6.1.7)", "gem", "webpacker (5.4.4)", "config/application.rb", "module Shop\nend\n",
			"package.json", `{}`, "config/webpacker.yml", yml, "config/webpack/webpack.config.js", "")), "", "",
			"no webpack config is where it looks (config/webpack/production.js)"},
		{"no configuration", base("config/shakapacker.yml", "<none>"), "", "", "it has no config/shakapacker.yml"},
		{"no webpack config", base("config/webpack/webpack.config.js", "<none>"), "", "",
			"no webpack config is where it looks (config/webpack/webpack.config.ts, config/webpack/webpack.config.js)"},
		{"no package.json", base("package.json", "<none>"), "", "", "no package.json"},
		{"an unknown bundler", base("config/shakapacker.yml", yml+"  assets_bundler: esbuild\n"), "", "", `assets_bundler is "esbuild"`},
		{"packs outside the context", base("config/shakapacker.yml", yml+"  public_root_path: ../public\n"), "", "", "not a directory inside the build context"},
		{"a manifest elsewhere", base("config/shakapacker.yml", yml+"  manifest_path: config/manifest.json\n"), "", "", "manifest_path config/manifest.json is outside public/packs"},
		{"not YAML", base("config/shakapacker.yml", "production: [\n"), "", "", "is not YAML planning can read"},
	} {
		for name, dt := range c.f {
			if string(dt) == "<none>" {
				delete(c.f, name)
			}
		}
		a := frontEndAssets(langtest.Spec(t, "language: ruby\n"), c.f)
		p := provider.MustPlan(t, "language: ruby\n", c.f)
		warns := langtest.Messages(p, "PacksNotBuilt")
		if c.warn == "" {
			if a == nil || strings.Join(a.Command, " ") != c.command || a.Output != c.output || a.Dir != "." || len(warns) != 0 {
				t.Errorf("%s: assets %+v, warnings %q", c.name, a, warns)
			}
			continue
		}
		if a != nil || len(warns) != 1 || !strings.Contains(warns[0], c.warn) || !strings.Contains(warns[0], "assets: {dir: ., script: build:packs") {
			t.Errorf("%s: assets %+v, warnings %q, want one saying %q", c.name, a, warns, c.warn)
		}
	}
	// jsbundling-rails' scripts are built instead, with no warning
	f := base("package.json", `{"scripts": {"build": "esbuild app/javascript/*.* --bundle --outdir=app/assets/builds"}}`, "gem", "jsbundling-rails (1.3.1)")
	if a := frontEndAssets(langtest.Spec(t, "language: ruby\n"), f); a == nil || a.Script != "build" || a.Command != nil {
		t.Errorf("jsbundling-rails with shakapacker: %+v", a)
	}
	// a bundle without either gem: nothing, whatever the files say
	if a := frontEndAssets(langtest.Spec(t, "language: ruby\n"), gems("gem", "railties (7.1.5)", "config/shakapacker.yml", yml)); a != nil {
		t.Errorf("without the gem: %+v", a)
	}
}

// TestGemfileLoads: the files a Gemfile loads by a path relative to itself (huginn's `require
// File.join(File.dirname(__FILE__), 'lib/gemfile_helper.rb')`) are copied into deps with it,
// or bundle install fails reading the Gemfile; a path out of the context or a gem's require is not.
func TestGemfileLoads(t *testing.T) {
	for _, tc := range []struct {
		line string
		want []string
	}{
		{"require File.join(File.dirname(__FILE__), 'lib/gemfile_helper.rb')", []string{"lib/gemfile_helper.rb"}},
		{"require_relative \"lib/gemfile_helper\"", []string{"lib/gemfile_helper.rb"}},
		{"require File.expand_path('config/gems', __dir__)", []string{"config/gems.rb"}},
		{"eval_gemfile 'Gemfile.local'", []string{"Gemfile.local"}},
		{"eval_gemfile(\"gemfiles/plugins.rb\")", []string{"gemfiles/plugins.rb"}},
		{"require_relative '../shared/helper'", nil},
		{"require 'json'", nil},
	} {
		f := gems("gem", "rack (2.2.8)", "Gemfile", "source \"https://rubygems.org\"\n"+tc.line+"\ngem \"rack\"\n")
		p := provider.MustPlan(t, "language: ruby\n", f)
		want := append([]string{"Gemfile", "Gemfile.lock", "vendor/cache"}, tc.want...)
		if cp := langtest.Copies(p.Stage("deps"))[0]; !slices.Equal(cp.Include, want) {
			t.Errorf("%s: dependency files %q, want %q", tc.line, cp.Include, want)
		}
	}
}

// A Gemfile that reads the version file itself (identity-oidc-sinatra's `ruby "~>
// #{File.read(File.join(__dir__, '.ruby-version')).strip}"`) gets it in deps, as `ruby file:`
// does: without it bundle install fails on the Gemfile (ENOENT); the line is not a version.
func TestGemfileReadsTheVersionFile(t *testing.T) {
	for _, line := range []string{
		`ruby "~> #{File.read(File.join(__dir__, '.ruby-version')).strip}"`,
		`ruby File.read(".ruby-version").strip`,
		`ruby IO.read('./.ruby-version').chomp`,
		`ruby file: ".ruby-version"`,
	} {
		f := gems("gem", "rack (2.2.8)", "Gemfile", "source \"https://rubygems.org\"\n"+line+"\ngem \"rack\"\n", ".ruby-version", "3.4.4\n")
		p := provider.MustPlan(t, "language: ruby\n", f)
		deps := p.Stage("deps")
		if cp := langtest.Copies(deps)[0]; !slices.Equal(cp.Include, []string{"Gemfile", "Gemfile.lock", ".ruby-version", "vendor/cache"}) {
			t.Errorf("%s: dependency files %q, want .ruby-version among them", line, cp.Include)
		}
		if deps.Base.Image != "ruby:3.4.4" {
			t.Errorf("%s: builder %s, want .ruby-version's 3.4.4", line, deps.Base.Image)
		}
	}
	// the version file is not read for a Gemfile that does not name it
	f := gems("gem", "rack (2.2.8)", "Gemfile", "source \"https://rubygems.org\"\nruby \"3.4.4\"\ngem \"rack\"\n", ".ruby-version", "3.4.4\n")
	if cp := langtest.Copies(provider.MustPlan(t, "language: ruby\n", f).Stage("deps"))[0]; slices.Contains(cp.Include, ".ruby-version") {
		t.Errorf("dependency files %q: the Gemfile does not read .ruby-version", cp.Include)
	}
}

// A Hanami 2 app (byos_hanami's shape, sixteenth Ruby sweep) runs in production and listens on
// HANAMI_PORT: Hanami's generated config/puma.rb reads `ENV.fetch("HANAMI_ENV", "development")`
// and `ENV.fetch("HANAMI_PORT", 2300)` (byos_hanami's without a default, a KeyError at start),
// not RACK_ENV and PORT. The spec's first port, else Hanami's 2300; the spec's own HANAMI_PORT
// is kept. A Rack app without Hanami gets neither.
func TestHanami(t *testing.T) {
	f := gems("gem", "hanami (2.3.1)", "gem", "puma (7.1.0)", "gem", "rack (3.2.4)", "config/puma.rb", "port ENV.fetch(\"HANAMI_PORT\")\n")
	envOf := func(src string, f lang.Facts) map[string]string {
		out := map[string]string{}
		for _, e := range provider.MustPlan(t, src, f).Image.Env {
			out[e.Key] = e.Value
		}
		return out
	}
	for src, want := range map[string]map[string]string{
		"language: ruby\nports: [8080]\n": {"RACK_ENV": "production", "HANAMI_ENV": "production", "PORT": "8080", "HANAMI_PORT": "8080"},
		"language: ruby\n":                {"RACK_ENV": "production", "HANAMI_ENV": "production", "HANAMI_PORT": "2300"},
		"language: ruby\nports: [8080]\nenv: {HANAMI_PORT: \"9000\"}\n": {"RACK_ENV": "production", "HANAMI_ENV": "production", "PORT": "8080", "HANAMI_PORT": "9000"},
	} {
		got := envOf(src, f)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%q: %s=%q, want %q (env %v)", src, k, got[k], v, got)
			}
		}
	}
	rack := envOf("language: ruby\nports: [8080]\n", gems("gem", "puma (7.1.0)", "gem", "rack (3.2.4)"))
	if _, ok := rack["HANAMI_ENV"]; ok || rack["PORT"] != "8080" {
		t.Errorf("a Rack app without Hanami: env %v", rack)
	}
}
