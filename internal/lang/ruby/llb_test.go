package ruby

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/graph/graphtest"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestRailsLLB builds the Rails-shaped project's plan for arm64 on amd64, as BuildKit would run
// it: bundle install, bootsnap and the assets run on the build platform, the check of native
// code is there (a cross build), pg's library is installed on the target (the one step run
// under emulation, as in Rails' own Dockerfile), tmp/ is nonroot's, and the ejected Dockerfile
// says the same.
func TestRailsLLB(t *testing.T) {
	p := provider.MustPlan(t, "language: ruby\nports: [3000]\n", provider.Read(t, filepath.Join("testdata", "rails")))
	ops, res := langtest.CrossBuild(t, p, graphtest.Images{Cmd: []string{"irb"}}, "apt-get install libpq5")
	install := ops.Named(t, "[deps 3/4] RUN bundle install").GetExec()
	if m := graphtest.CacheMount(install, "/root/.cache/bundle"); m == nil || m.CacheOpt.ID != "/bundler" ||
		!slices.Contains(install.Meta.Env, "BUNDLE_DEPLOYMENT=1") {
		t.Errorf("bundle install mounts %+v env %q", install.Mounts, install.Meta.Env)
	}
	assets := ops.Named(t, "[builder 5/7] RUN ./bin/rails assets:precompile").GetExec()
	if !slices.Contains(assets.Meta.Env, "SECRET_KEY_BASE_DUMMY=1") || !slices.Contains(assets.Meta.Env, "RAILS_ENV=production") {
		t.Errorf("assets:precompile env %q", assets.Meta.Env)
	}
	check := ops.Named(t, "[builder 7/7] RUN check that the native code in /usr/local/bundle /app is for <TARGETARCH>").GetExec()
	if !slices.Contains(check.Meta.Env, "TARGETARCH=arm64") {
		t.Errorf("the native check's env %q", check.Meta.Env)
	}
	tmp := ops.Named(t, "[runtime 10/10] COPY --from=builder --chown=65532:65532 /app/tmp /app/tmp/").GetFile().Actions[0].GetCopy()
	if tmp.Owner == nil || tmp.Owner.User.GetByID() != 65532 {
		t.Errorf("tmp/ is owned by %+v", tmp.Owner)
	}
	cfg := res.Image.Config
	if cfg.User != "65532:65532" || !slices.Equal(cfg.Entrypoint, []string{"/app/bin/docker-entrypoint"}) ||
		!slices.Equal(cfg.Cmd, []string{"./bin/rails", "server"}) || !slices.Contains(cfg.Env, "RAILS_ENV=production") {
		t.Errorf("config %+v", cfg)
	}

	langtest.Ejects(t, p, "FROM --platform=$BUILDPLATFORM ruby:3.3.6 AS deps", "FROM ruby:3.3.6-slim AS runtime-base",
		"RAILS_ENV=production SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile", "COPY --from=builder --chown=65532:65532 /app/storage /app/storage/",
		`ENTRYPOINT ["/app/bin/docker-entrypoint"]`, `CMD ["./bin/rails", "server"]`)
}
