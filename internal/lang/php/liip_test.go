package php

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestLiipImagineCache: a Symfony application configuring LiipImagineBundle (Sylius-Standard's
// config/packages/liip_imagine.yaml) gets the directory its web_path resolver writes the
// thumbnails into as the runtime user's, public/media/cache by default; a cache elsewhere (a
// cloud resolver, a web root outside the project) and a project that is not Symfony's get none.
func TestLiipImagineCache(t *testing.T) {
	symfony := func(liip string) lang.Facts {
		f := langtest.With(lang.Facts{}, "composer.json", `{"require": {"php": ">=8.2", "symfony/framework-bundle": "7.3.*", "liip/imagine-bundle": "^2.13"}}`,
			"composer.lock", `{"packages": []}`, "bin/console", "#!/usr/bin/env php\n", "public/index.php", "<?php\n")
		if liip != "" {
			f["config/packages/liip_imagine.yaml"] = []byte(liip)
		}
		return f
	}
	for _, c := range []struct {
		name, liip string
		want       []string
	}{
		{"Sylius-Standard's", "liip_imagine:\n    resolvers:\n        default:\n            web_path:\n                web_root: \"%kernel.project_dir%/public\"\n                cache_prefix: \"media/cache\"\n",
			[]string{"/app>/app/ ", "/app/var>/app/var/ 33:33", "/app/public/media/cache>/app/public/media/cache/ 33:33"}},
		{"the bundle's defaults", "liip_imagine:\n    driver: gd\n    filter_sets:\n        thumb: {quality: 75}\n",
			[]string{"/app>/app/ ", "/app/var>/app/var/ 33:33", "/app/public/media/cache>/app/public/media/cache/ 33:33"}},
		{"a cache prefix and resolver of its own", "liip_imagine:\n    cache: local\n    resolvers:\n        local:\n            web_path: {cache_prefix: thumbs}\n",
			[]string{"/app>/app/ ", "/app/var>/app/var/ 33:33", "/app/public/thumbs>/app/public/thumbs/ 33:33"}},
		{"a cloud resolver", "liip_imagine:\n    cache: s3\n    resolvers:\n        s3:\n            aws_s3: {bucket: pics}\n",
			[]string{"/app>/app/ ", "/app/var>/app/var/ 33:33"}},
		{"a web root outside the project", "liip_imagine:\n    resolvers:\n        default:\n            web_path: {web_root: /srv/media}\n",
			[]string{"/app>/app/ ", "/app/var>/app/var/ 33:33"}},
		{"out of the project", "liip_imagine:\n    resolvers:\n        default:\n            web_path: {cache_prefix: ../../etc}\n",
			[]string{"/app>/app/ ", "/app/var>/app/var/ 33:33"}},
		{"no configuration", "", []string{"/app>/app/ ", "/app/var>/app/var/ 33:33"}},
	} {
		p := provider.MustPlan(t, "language: php\n", symfony(c.liip))
		if got := builderCopies(t, p); !slices.Equal(got, c.want) {
			t.Errorf("%s: the runtime copies %q, want %q", c.name, got, c.want)
		}
	}
	// a project that is not a Symfony application: the configuration is not read
	f := langtest.With(lang.Facts{}, "composer.json", `{"require": {"php": ">=8.2"}}`, "composer.lock", `{"packages": []}`, "public/index.php", "<?php\n",
		"config/packages/liip_imagine.yaml", "liip_imagine: {}\n")
	if got := builderCopies(t, provider.MustPlan(t, "language: php\n", f)); len(got) != 1 {
		t.Errorf("plain PHP: the runtime copies %q", got)
	}
}
