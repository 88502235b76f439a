package php

import (
	"cmp"
	"path"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"gopkg.in/yaml.v3"
)

// LiipImagineBundle (Sylius's thumbnails, and many Symfony shops') writes the filtered images
// it makes on request below the web root, through its web_path resolver: web_root
// `%kernel.project_dir%/public` and cache_prefix `media/cache` by default, as its Flex recipe's
// config/packages/liip_imagine.yaml says. That directory must be the runtime user's, or the
// first thumbnail fails (Sylius-Standard's own Dockerfile makes public/media a volume).

// liipConfigs are where the bundle's configuration is, its recipe's name first.
var liipConfigs = []string{"config/packages/liip_imagine.yaml", "config/packages/liip_imagine.yml"}

// liipCacheDir is the directory, relative to the project, that the bundle's cache resolver
// writes into, with the file that says so; false when the project has no configuration of the
// bundle, or its cache is not the web_path resolver below the project (a cloud storage's).
func liipCacheDir(f lang.Facts) (lang.Volume, bool) {
	name := f.First(liipConfigs...)
	if name == "" {
		return lang.Volume{}, false
	}
	type webPath struct {
		WebRoot     string `yaml:"web_root"`
		CachePrefix string `yaml:"cache_prefix"`
	}
	var cfg struct {
		Liip struct {
			Cache     string `yaml:"cache"`
			Resolvers map[string]struct {
				WebPath *webPath `yaml:"web_path"`
			} `yaml:"resolvers"`
		} `yaml:"liip_imagine"`
	}
	if yaml.Unmarshal(f[name], &cfg) != nil {
		return lang.Volume{}, false
	}
	wp := &webPath{}
	if len(cfg.Liip.Resolvers) > 0 { // the bundle's default resolver only without any of the project's
		wp = cfg.Liip.Resolvers[cmp.Or(cfg.Liip.Cache, "default")].WebPath
	}
	if wp == nil {
		return lang.Volume{}, false
	}
	root, ok := strings.CutPrefix(cmp.Or(wp.WebRoot, "%kernel.project_dir%/public"), "%kernel.project_dir%/")
	if !ok {
		return lang.Volume{}, false
	}
	dir, ok := lang.RelPath(path.Join(root, cmp.Or(wp.CachePrefix, "media/cache")))
	if !ok || dir == "." || strings.HasPrefix(dir, "../") || strings.ContainsAny(dir, "%$") {
		return lang.Volume{}, false
	}
	return lang.Volume{Dir: dir, From: "written by LiipImagineBundle's cache resolver, as " + name + " configures it"}, true
}
