package php

import (
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
)

// Sulu is a CMS on Symfony: it keeps its media's originals below var/ (var/uploads, Symfony's
// writable directory already) and writes each image format it serves, the first time it is
// asked for, into public/uploads/media (SuluMediaBundle's format_cache.path,
// `%kernel.project_dir%/public/uploads/media` by default; its nginx recipe sends a missing
// /uploads/media/ file to index.php, which writes it). Its skeleton commits no public/uploads
// (its .gitignore names `/public/uploads`), and its installation docs give the web server user
// var/ and public/uploads. Root-owned in the image, every image of the site fails on its first
// request. public/uploads is made by the build and belongs to the runtime user; only
// index.php runs there, as everywhere below a Symfony application's public/ (serve.go's
// onlyIndex).

// suluWritable are the directories Sulu writes besides Symfony's.
var suluWritable = []string{"public/uploads"}

// declareSulu makes Sulu's directories with Symfony's.
func declareSulu(t *lang.Toolchain) {
	t.Build.Dirs = append(slices.Clone(t.Build.Dirs), suluWritable...)
}
