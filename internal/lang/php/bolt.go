package php

import (
	"path"

	"github.com/org/multistage-frontend/internal/lang"
)

// Bolt CMS (bolt/core, a Symfony application; bolt/project is its skeleton) stores what editors
// upload in its web root's files/ and the thumbnails it makes on request in thumbs/, which its
// own image's entrypoint makes and gives www-data (with var/, config/ and public/theme). Its
// .dockerignore leaves out every .gitignore, so the kept directories' sign (keptdirs.go) is not
// in the context: root-owned, every upload and every thumbnail fails. files and thumbs below
// the web root are the runtime user's, a PHP file there answers 404.

// boltData are the directories below the web root Bolt writes, files and thumbs, as the
// application's; web is the web root.
func boltData(p project, web string) []lang.Volume {
	if !p.requires("bolt/core") {
		return nil
	}
	return writtenBy([]string{path.Join(web, "files"), path.Join(web, "thumbs")}, "Bolt's (bolt/core): uploads and the thumbnails it makes on request")
}
