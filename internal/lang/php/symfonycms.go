package php

import (
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
)

// Some CMSes on Symfony write below public/ at run time, besides Symfony's var/, into a
// directory their skeletons leave out of git; root-owned or absent in the image, the media of
// the site fail:
//   - Sulu keeps its media's originals below var/ (var/uploads) and writes each image format it
//     serves, the first time it is asked for, into public/uploads/media (SuluMediaBundle's
//     format_cache.path, `%kernel.project_dir%/public/uploads/media` by default; its nginx
//     recipe sends a missing /uploads/media/ file to index.php, which writes it). Its skeleton
//     commits no public/uploads (its .gitignore names `/public/uploads`), and its installation
//     docs give the web server user var/ and public/uploads.
//   - Pimcore stores its assets in public/var/assets and writes their thumbnails into
//     public/var/tmp on their first request (its flysystem storages, pimcore.asset.storage and
//     pimcore.thumbnail.storage; its nginx recipe sends a missing thumbnail to index.php). Its
//     skeleton's .gitignore names `/public/var/`, and its installation docs ask for var/ and
//     public/var writable by the web server.
// The directory is made by the build and belongs to the runtime user; only index.php runs there,
// as everywhere below a Symfony application's public/ (serve.go's onlyIndex). What a
// developer's tree holds there is left out of the source copy: it is made again on request, or
// is the developer's own media.

// symfonyCMS is a CMS on Symfony that writes below public/.
type symfonyCMS struct {
	// Name is the CMS's, Package the one an application requires.
	Name, Package string
	// Writable are the directories it writes besides Symfony's.
	Writable []string
}

var symfonyCMSes = []symfonyCMS{
	{Name: "Sulu", Package: "sulu/sulu", Writable: []string{"public/uploads"}},
	{Name: "Pimcore", Package: "pimcore/pimcore", Writable: []string{"public/var"}},
}

// detectSymfonyCMS is the CMS the project requires, nil for none.
func detectSymfonyCMS(p project) *symfonyCMS {
	for i := range symfonyCMSes {
		if p.requires(symfonyCMSes[i].Package) {
			return &symfonyCMSes[i]
		}
	}
	return nil
}

// declareCMS makes the CMS's directories with Symfony's.
func declareCMS(t *lang.Toolchain, cms *symfonyCMS) {
	t.Build.Dirs = append(slices.Clone(t.Build.Dirs), cms.Writable...)
}

// localContent leaves out of the source copy what a developer's tree holds in the CMS's
// directories.
func (cms *symfonyCMS) localContent() []string {
	var out []string
	for _, d := range cms.Writable {
		out = append(out, d+"/*")
	}
	return out
}
