package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/ociimage"
)

var (
	gemMirrorOnce sync.Once
	gemMirrorURL  string
)

// sharedGemMirror serves the offline gem index (hack/fixtures.sh gem_index writes it to
// $MSF_CACHE/gems/root) on 127.0.0.1, as a company's mirror of rubygems.org: buildkitd runs its
// steps on the host network, so BUNDLE_MIRROR__ALL reaches it. One serves every test of the
// process (TestRuby*, bake).
func sharedGemMirror(t *testing.T) string {
	t.Helper()
	gemMirrorOnce.Do(func() {
		root := filepath.Join(os.Getenv("MSF_CACHE"), "gems", "root")
		if _, err := os.Stat(filepath.Join(root, "specs.4.8.gz")); err != nil {
			return
		}
		srv := httptest.NewServer(http.FileServer(http.Dir(root)))
		atExit = append(atExit, srv.Close)
		gemMirrorURL = srv.URL
	})
	if gemMirrorURL == "" {
		t.Fatalf("no gem index in $MSF_CACHE/gems/root (MSF_CACHE=%q): run hack/fixtures.sh gem_index", os.Getenv("MSF_CACHE"))
	}
	return gemMirrorURL
}

// gemMirrorArg is the build option that points bundler at the mirror.
func gemMirrorArg(t *testing.T) string { return "build-arg:BUNDLE_MIRROR__ALL=" + sharedGemMirror(t) }

// checkRubyAnswers runs img (examples/ruby) on a free loopback port (rackup -p, -o) and fails
// unless it greets through the C extension, on Ruby 3.1, as uid wantUID.
func checkRubyAnswers(t *testing.T, img *ociimage.Image, wantUID int) {
	t.Helper()
	port := freePort(t)
	c := startContainer(t, img, "-p", fmt.Sprint(port), "-o", "127.0.0.1")
	body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/?name=ada+lovelace", port), 60*time.Second)
	var got struct {
		Message, Title, Ruby string
		UID                  int
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || got.Message != "hello, ada lovelace" || got.Title != "Hello, Ada Lovelace" ||
		!strings.HasPrefix(got.Ruby, "3.1.") || got.UID != wantUID {
		t.Errorf("answer %q (%v), want the greeting, title-cased by msf-textcase, as uid %d", body, err, wantUID)
	}
}

// TestRubyImage builds examples/ruby (a Rack app: rack, webrick and msf-textcase, a gem with a C
// extension, from the offline index; minitest and rake in the test group), whose spec is
// `ports: [9292]`, and checks the image: ruby slim with the bundle of the default group only,
// the extension built in the builder and no compiler in the image, no tests, nonroot, rackup
// through bundle exec; it runs it (read-only root) and asks it over HTTP.
func TestRubyImage(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "examples", "ruby")
	// deps is rebuilt every time: the progress must show the extension compiled there, which a
	// builder that has built this example before would otherwise answer from its cache
	img, r := buildImage(t, dir, "build examples/ruby", "--opt", gemMirrorArg(t), "--opt", "no-cache=deps")
	checkProgress(t, r, "[deps 2/3] COPY Gemfile Gemfile.lock vendor/cache ./", "[deps 3/3] RUN bundle install",
		"Installing msf-textcase 1.0.0 with native extensions", "[runtime 4/5] COPY --from=deps /usr/local/bundle /usr/local/bundle/",
		"[runtime 5/5] COPY --from=builder /app /app/")
	cfg := img.Config.Config
	if cfg.User != "65532:65532" || !slices.Equal(cfg.Entrypoint, []string{"bundle", "exec"}) || !slices.Equal(cfg.Cmd, []string{"rackup"}) ||
		cfg.WorkingDir != "/app" || !slices.Contains(cfg.Env, "RACK_ENV=production") || !slices.Contains(cfg.Env, "BUNDLE_DEPLOYMENT=1") ||
		!slices.Contains(cfg.Env, "BUNDLE_WITHOUT=development:test") {
		t.Errorf("config user %q entrypoint %q cmd %q workdir %q env %q", cfg.User, cfg.Entrypoint, cfg.Cmd, cfg.WorkingDir, cfg.Env)
	}
	if base := cfg.Labels["org.opencontainers.image.base.name"]; base != "ruby:3.1.2-slim" {
		t.Errorf("base %q", base)
	}
	files := files(t, img)
	gems := "/usr/local/bundle/ruby/3.1.0/gems/"
	for _, want := range []string{gems + "rack-2.2.22/lib/rack.rb", gems + "webrick-1.8.1/lib/webrick.rb",
		"/usr/local/bundle/ruby/3.1.0/extensions/x86_64-linux/3.1.0/msf-textcase-1.0.0/msf_textcase/msf_textcase.so",
		"/app/config.ru", "/app/app/greeter.rb"} {
		if f, ok := files[want]; !ok || f.UID != 0 {
			t.Errorf("%s: %+v (present=%v), want it root-owned", want, f, ok)
		}
	}
	for name := range files {
		for _, p := range []string{gems + "minitest-", gems + "rake-", "/usr/local/bundle/ruby/3.1.0/cache/", "/app/test/",
			"/app/Dockerfile", "/usr/bin/gcc", "/usr/bin/make", "/root/.cache"} {
			if strings.HasPrefix(name, p) {
				t.Errorf("the runtime image holds %s", name)
			}
		}
	}
	checkRubyAnswers(t, img, 65532)
}

// TestRubyTesterAndCache runs the example's tests (--target tester: the test group installed,
// then `bundle exec rake test`), then a failing test, checks that a source change keeps the
// bundle install cached, and that an arm64 build stops in the builder at the C extension built
// for amd64 (bundle install runs on the build platform).
func TestRubyTesterAndCache(t *testing.T) {
	need(t)
	t.Parallel()
	mirror := gemMirrorArg(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "ruby"))
	r := buildctl(t, dir, "--opt", "target=tester", "--opt", mirror).mustSucceed(t, "--target tester")
	step := "[tester 3/3] RUN bundle exec rake test"
	if !strings.Contains(r.out, step) || (!strings.Contains(r.out, "4 runs, 7 assertions, 0 failures, 0 errors") && !cachedSteps(r.out)[step]) {
		t.Errorf("progress lacks the passing tests:\n%s", tail(r.out, 30))
	}
	writeFile(t, filepath.Join(dir, "test", "broken_test.rb"), "require \"minitest/autorun\"\n\n"+
		"class BrokenTest < Minitest::Test\n  def test_deliberately_broken\n    assert_equal 1, 2\n  end\nend\n")
	r = buildctl(t, dir, "--opt", "target=tester", "--opt", mirror).mustFail(t, "--target tester with a failing test")
	if !strings.Contains(r.out, "BrokenTest#test_deliberately_broken") {
		t.Errorf("the failure does not show the failing test:\n%s", tail(r.out, 30))
	}
	r = buildctl(t, dir, "--opt", mirror).mustSucceed(t, "the image after a source change")
	if !cachedSteps(r.out)["[deps 3/3] RUN bundle install"] {
		t.Errorf("bundle install ran again after a source change:\n%s", tail(r.out, 30))
	}

	r = buildctl(t, dir, "--opt", "target=builder", "--opt", "platform=linux/arm64", "--opt", mirror).mustFail(t, "an arm64 builder")
	for _, want := range []string{"this image is for arm64, but bundle install ran on the build platform (amd64)",
		"msf_textcase.so (amd64)"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("the arm64 build's failure lacks %q:\n%s", want, tail(r.out, 30))
		}
	}
}

// assetsTarget builds `--target assets` of testdata/NAME, in parallel with the other tests. The
// assets stage runs every time: its bundler's report is what shows the assets built, which a
// builder that built them before would otherwise answer from its cache.
func assetsTarget(t *testing.T, name string) result {
	t.Helper()
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "internal", "e2e", "testdata", name)
	return buildctl(t, dir, "--opt", "target=assets", "--opt", "no-cache=assets").mustSucceed(t, "--target assets of testdata/"+name)
}

// TestRailsShakapackerPacks builds the packs of testdata/rails-shakapacker, a Rails-shaped app
// (rails, propshaft, puma and shakapacker in Gemfile.lock; config/shakapacker.yml and
// config/webpack/webpack.config.js, which builds with Shakapacker's generateWebpackConfig; npm's
// lockfile naming shakapacker, webpack and webpack-cli), from `ports: [3000]`: `--target assets`
// installs the JavaScript dependencies and runs webpack with the project's config, production's
// section of the configuration and NODE_ENV production (minimized), into public/packs with its
// manifest. Only the Node.js stages are built: the Rails gems are not in the offline index.
func TestRailsShakapackerPacks(t *testing.T) {
	r := assetsTarget(t, "rails-shakapacker")
	checkProgress(t, r, "[assets-deps 2/3] COPY package.json package-lock.json ./", "[assets-deps 3/3] RUN npm ci",
		"RUN node_modules/.bin/webpack --config config/webpack/webpack.config.js", "CHECK /app/public/packs exists: the assets' output",
		"asset manifest.json", "[minimized]", "compiled successfully")
	if !regexp.MustCompile(`asset js/application-[0-9a-f]+\.js .*\[minimized\] \(name: application\)`).MatchString(r.out) {
		t.Errorf("webpack did not write the application pack, minimized:\n%s", tail(r.out, 30))
	}
}

// TestHanamiAssets builds the assets of testdata/hanami-assets, a Hanami-shaped app (hanami,
// hanami-assets and puma in Gemfile.lock; hanami-assets in package.json with npm's lockfile;
// config/assets.js, app/assets and a slice with assets of its own), from `ports: [2300]`:
// `--target assets` installs the JavaScript dependencies and runs `hanami assets compile`'s
// commands, the app's into public/assets, then the admin slice's into public/assets/_admin, as
// hanami-cli runs them. Only the Node.js stages are built: the Hanami gems are not in the
// offline index.
func TestHanamiAssets(t *testing.T) {
	r := assetsTarget(t, "hanami-assets")
	checkProgress(t, r, "[assets-deps 3/3] RUN npm ci", "RUN node config/assets.js -- --path=app --dest=public/assets",
		"RUN node config/assets.js -- --path=slices/admin --dest=public/assets/_admin", "CHECK /app/public/assets exists: the assets' output")
	for _, re := range []string{`public/assets/app-[0-9A-Z]+\.js `, `public/assets/app-[0-9A-Z]+\.css `, `public/assets/_admin/app-[0-9A-Z]+\.js `} {
		if !regexp.MustCompile(re).MatchString(r.out) {
			t.Errorf("esbuild did not write %s:\n%s", re, tail(r.out, 30))
		}
	}
}

// TestRubyEntrypointWithCmd builds testdata/ruby-cli, a gem-shaped command line (exe/greetd,
// webrick from the offline index) whose spec names `entrypoint: exe/greetd` and `cmd: [start]`:
// the entrypoint is the program and cmd its arguments, as gemstash's `exe/gemstash start` needs
// (the image ran `bundle exec start` before). Its Gemfile requires lib/gemfile_helper.rb, as
// huginn's does, which deps copies beside it (bundle install failed reading the Gemfile before),
// and reads .ruby-version for its `ruby` line, as identity-oidc-sinatra's does, which deps copies
// too (ENOENT on the Gemfile before).
// It runs the image, with more arguments after the command as `docker run IMAGE ARGS` would
// replace it, and asks it over HTTP.
func TestRubyEntrypointWithCmd(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "ruby-cli")
	img, _ := buildImage(t, dir, "build testdata/ruby-cli", "--opt", gemMirrorArg(t))
	cfg := img.Config.Config
	if !slices.Equal(cfg.Entrypoint, []string{"bundle", "exec", "ruby", "exe/greetd"}) || !slices.Equal(cfg.Cmd, []string{"start"}) ||
		cfg.User != "65532:65532" {
		t.Fatalf("config entrypoint %q cmd %q user %q, want bundle exec ruby exe/greetd, start, 65532", cfg.Entrypoint, cfg.Cmd, cfg.User)
	}
	port := freePort(t)
	c := startContainer(t, img, "--port", fmt.Sprint(port), "--host", "127.0.0.1")
	body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/?name=ada", port), 60*time.Second)
	var got struct {
		Command, Greeting string
		UID               int
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || got.Command != "start" || got.Greeting != "hello, ada" || got.UID != 65532 {
		t.Errorf("answer %q (%v), want greetd's start command greeting ada as uid 65532", body, err)
	}
}
