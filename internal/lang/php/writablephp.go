package php

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A directory the runtime user can write that the web server serves holds what the program
// wrote: uploads, a paste bin's pastes, Laravel's public disk (public/storage, storage:link's
// link to storage/app/public). php_fastcgi runs any .php file below the web root, so a PHP file
// the program was made to write there would run as code. The frameworks' own server recipes
// never allow it (Laravel's and Symfony's nginx configurations pass only index.php to PHP;
// WordPress's hardening denies PHP in wp-content/uploads), and PrivateBin's image keeps its data
// outside the web root. The image answers 404 for a PHP file below such a directory; a
// Laravel or Symfony application served from public/ runs its index.php only, as those
// recipes do (serve.go's onlyIndex), which covers its directories.

// noPHPDirs are the directories below the web root web that the runtime user can write,
// relative to it, sorted: the spec's `writable`, the application's data directories and, for
// Laravel served from public/, its public disk's link.
func noPHPDirs(web string, writable []string, data []lang.Volume, a appKind) []string {
	dirs := slices.Clone(writable)
	for _, d := range data {
		dirs = append(dirs, d.Dir)
	}
	if a.Laravel {
		dirs = append(dirs, "public/storage")
	}
	var out []string
	for _, d := range dirs {
		d = path.Clean(strings.TrimPrefix(strings.TrimSpace(d), "./"))
		switch {
		case web == "." && d != "." && !strings.HasPrefix(d, "../"):
			out = append(out, d)
		case strings.HasPrefix(d, web+"/"):
			out = append(out, strings.TrimPrefix(d, web+"/"))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
