package php

import "github.com/org/multistage-frontend/internal/lang"

// Kirby (getkirby/cms) is a flat-file CMS served from the project's root: its pages are text
// files below content/, which the Panel edits; it writes thumbnails and the Panel's and
// plugins' assets into media/ on request (its docs: "managed by Kirby ... auto-generated"), and
// its accounts, caches and sessions below site/, each of which the starterkit's .gitignore
// ignores as runtime state (`/media/*`, `/site/accounts/*`, `/site/cache/*`,
// `/site/sessions/*`). Its repository holds only site/cache, and root-owned, the first
// thumbnail, Panel login or edit fails. content, media, site/accounts, site/cache and
// site/sessions are the runtime user's, made when missing; the root .htaccess's rules keep
// content/, site/ and kirby/ from the web (htaccess.go).

// kirbyDirs are the directories Kirby writes, relative to the project's root.
var kirbyDirs = []string{"content", "media", "site/accounts", "site/cache", "site/sessions"}

// kirbyData are Kirby's directories as the application's, when it requires getkirby/cms.
func kirbyData(p project) []lang.Volume {
	if !p.requires("getkirby/cms") {
		return nil
	}
	return writtenBy(kirbyDirs, "Kirby's (getkirby/cms): it writes there at run time")
}

// writtenBy are dirs, the directories a framework writes, as the application's, each with from
// saying whose they are.
func writtenBy(dirs []string, from string) []lang.Volume {
	out := make([]lang.Volume, len(dirs))
	for i, d := range dirs {
		out[i] = lang.Volume{Dir: d, From: from}
	}
	return out
}
