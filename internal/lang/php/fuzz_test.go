package php

import (
	"regexp"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// FuzzPHPContextFiles: composer.json, composer.lock and .php-version come from the build
// context, so anyone who can send a context writes them. Whatever they hold, planning and
// converting to LLB ends in a plan or an error, never a panic; copies stay inside the context,
// and the images are php:<version>-cli and -fpm.
func FuzzPHPContextFiles(f *testing.F) {
	f.Add(`{"require": {"php": "^8.2", "laravel/framework": "^11"}, "repositories": [{"type": "path", "url": "packages/*"}]}`,
		`{"packages": [{"name": "laravel/framework", "version": "v11.9.2", "dist": {"type": "zip"}}]}`, "8.3\n")
	f.Add(`{"config": {"platform": {"php": "7.4.33"}, "classmap-authoritative": false}, "scripts": {"test": "x"}}`, ``, "")
	f.Add(`{"repositories": {"a": {"type": "path", "url": "../x"}}, "require": {"ext-intl": "*"}}`, `[]`, "php-8.1")
	s := langtest.Spec(f, "language: php\n")
	tag := regexp.MustCompile(`^php:[0-9]+(\.[0-9]+){0,2}-(cli|fpm)$`)
	hostile := langtest.Hostile{Dest: true, Plain: true, Images: map[string]*regexp.Regexp{"deps": tag, "php-base": tag}}
	f.Fuzz(func(t *testing.T, composerJSON, composerLock, phpVersion string) {
		facts := lang.Facts{"composer.json": []byte(composerJSON), "composer.lock": []byte(composerLock),
			".php-version": []byte(phpVersion), "artisan": nil, "public/index.php": nil}
		hostile.Plans(t, provider, s, facts)
	})
}
