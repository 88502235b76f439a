package php

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/graph/graphtest"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestLaravelLLB builds the Laravel-shaped project's plan for arm64 on amd64, as BuildKit would
// run it: composer and artisan run on the build platform, Caddy and the runtime base come for
// arm64 and the runtime only copies (nothing runs under emulation), storage/ and
// bootstrap/cache are owned by www-data, and the ejected Dockerfile says the same.
func TestLaravelLLB(t *testing.T) {
	p := provider.MustPlan(t, "language: php\nports: [8080]\n", provider.Read(t, filepath.Join("testdata", "laravel")))
	ops, res := langtest.CrossBuild(t, p, graphtest.Images{Entrypoint: []string{"docker-php-entrypoint"}, Cmd: []string{"php-fpm"}})
	for _, name := range []string{"[php-base 1/1] FROM php:8.3-fpm", "[caddy 1/1] FROM caddy:2"} {
		if o := ops.Named(t, name); o.Platform == nil || o.Platform.Architecture != "arm64" {
			t.Errorf("%s for %v, want arm64", name, o.Platform)
		}
	}
	if o := ops.Named(t, "[composer 1/1] FROM composer:2"); o.Platform.Architecture != "amd64" {
		t.Errorf("composer for %v, want the build platform", o.Platform)
	}
	ops.Named(t, "[builder 5/9] RUN php artisan storage:link")
	view := ops.Named(t, "[builder 7/9] RUN php artisan view:cache").GetExec()
	if !slices.Contains(view.Meta.Env, "APP_ENV=production") || view.Meta.Cwd != "/app" {
		t.Errorf("view:cache env %q cwd %q", view.Meta.Env, view.Meta.Cwd)
	}
	storage := ops.Named(t, "[runtime 6/7] COPY --from=builder --chown=33:33 /app/storage /app/storage/").GetFile().Actions[0].GetCopy()
	if storage.Owner == nil || storage.Owner.User.GetByID() != 33 || storage.Owner.Group.GetByID() != 33 {
		t.Errorf("storage/ is owned by %+v, want 33:33", storage.Owner)
	}
	cfg := res.Image.Config
	if cfg.User != "33:33" || !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/php-serve"}) || cfg.Cmd != nil ||
		!slices.Contains(cfg.Env, "APP_ENV=production") || !slices.Contains(cfg.Env, "LOG_CHANNEL=stderr") {
		t.Errorf("config %+v", cfg)
	}

	langtest.Ejects(t, p, "FROM --platform=$BUILDPLATFORM composer:2 AS composer", "FROM caddy:2 AS caddy",
		"RUN APP_ENV=production php artisan route:cache", "COPY --from=builder --chown=33:33 /app/storage /app/storage/",
		"php /app/artisan config:cache", "ENV APP_ENV=production")
}
