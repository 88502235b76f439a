package php

import (
	"path"
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
)

// WordPress, by Composer (Bedrock: roots/wordpress into web/wp, its own web/wp-config.php) or
// checked in (wp-settings.php beside index.php), keeps two conventions the php images and a
// root-owned tree break:
//   - it talks to MySQL through mysqli, which the php images do not include (the official
//     wordpress image installs it): without it every request stops with "Your PHP installation
//     appears to be missing the MySQL extension which is required by WordPress", and composer's
//     platform check says nothing, since WordPress's packages only suggest ext-mysqli;
//   - media uploads go to wp-content/uploads (WP_CONTENT_DIR), which WordPress makes at the
//     first upload: the runtime user's, with PHP there never run, as WordPress's hardening
//     guide asks. Bedrock's content directory is web/app, whose uploads/ it keeps with a
//     .gitkeep (keptdirs.go).

// wordPressPackages are the Composer packages of WordPress's core.
var wordPressPackages = []string{"roots/wordpress", "roots/wordpress-no-content", "roots/wordpress-full", "johnpbloch/wordpress", "johnpbloch/wordpress-core"}

// wordPressReads are the files that name a WordPress site, for Language().Reads.
var wordPressReads = []string{"wp-settings.php", "wp-config.php", "wp-config-sample.php", "web/wp-config.php", "public/wp-config.php",
	"web/wp-settings.php", "public/wp-settings.php"}

// wordPress names what makes the project a WordPress site ("" for none): a core package, or a
// core file or configuration of the context.
func wordPress(f lang.Facts, p project) string {
	if i := slices.IndexFunc(wordPressPackages, p.requires); i >= 0 {
		return "WordPress (composer.json requires " + wordPressPackages[i] + ")"
	}
	if i := slices.IndexFunc(wordPressReads, f.Has); i >= 0 {
		return "WordPress (" + wordPressReads[i] + ")"
	}
	return ""
}

// wordPressUploads is the uploads directory of a WordPress site checked in at the web root web:
// wp-content/uploads below it, when the context holds wp-settings.php there (WordPress's own
// layout; a Composer install's content directory is the project's, as Bedrock's web/app).
func wordPressUploads(f lang.Facts, web string) []lang.Volume {
	if !f.Has(path.Join(web, "wp-settings.php")) {
		return nil
	}
	return []lang.Volume{{Dir: path.Join(web, "wp-content/uploads"), From: "WordPress's media uploads (wp-content/uploads, made at the first upload)"}}
}
