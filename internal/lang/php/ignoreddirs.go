package php

import (
	"bytes"
	"path"
	"slices"
	"strings"

	"github.com/moby/patternmatcher/ignorefile"
	"github.com/org/multistage-frontend/internal/lang"
)

// A project's own .dockerignore may keep the directories its application writes at run time
// in the build context while leaving out what they hold, which is the runtime's, not the
// build's:
//   - Shaarli's leaves out `data/*`, `cache/*`, `pagecache/*` and `tmp/*` (and the .gitignore and
//     .htaccess that would say so, keptdirs.go and datadir.go), which its own image makes nginx's
//     and mounts as volumes: root-owned, every request stops at its permission check;
//   - shlink's leaves out `data/cache/*`, `data/log/*`, `data/locks/*`, `data/proxies/*` and its
//     SQLite database `data/database.sqlite`, which its images (user 1001 owning the tree) write.
// Such a directory, when the context holds it, is the runtime user's: one whose contents it
// leaves out (`DIR/*`, `DIR/**`, `DIR/*/*`; not one it brings files back into with `!`, Shaarli's
// `tpl/*` and `!tpl/default`), and the directory of an SQLite database it leaves out by name. One
// named for data answers 404 when the root is served (Shaarli's own nginx serves nothing of
// data/; its cache/ holds the thumbnails its pages link). The .dockerignore planning reads is
// the one BuildKit applies, even when it leaves itself out, as Shaarli's does.

// dockerignore is the build context's ignore file, for Language().Reads.
const dockerignore = lang.IgnoreFile

// ignoredContentCandidates are the directories the .dockerignore keeps while leaving out what they
// hold, or where it leaves out an SQLite database, relative to the root, each with why, in the
// file's order; whether the context holds them is Follow's probe.
func ignoredContentCandidates(f lang.Facts) []lang.Volume {
	patterns, err := ignorefile.ReadAll(bytes.NewReader(f[dockerignore]))
	if err != nil {
		return nil
	}
	var back []string // what `!` brings back
	for _, p := range patterns {
		if rest, ok := strings.CutPrefix(p, "!"); ok {
			back = append(back, path.Clean(strings.TrimPrefix(rest, "/")))
		}
	}
	var out []lang.Volume
	for _, p := range patterns {
		if strings.HasPrefix(p, "!") {
			continue
		}
		dir, why := "", ""
		for _, sfx := range []string{"/*/*", "/**", "/*"} {
			if d, ok := strings.CutSuffix(p, sfx); ok {
				dir, why = d, "the .dockerignore leaves out what it holds, "+p
				break
			}
		}
		if dir == "" && sqliteFile(p) && strings.Contains(p, "/") {
			dir, why = path.Dir(p), "the .dockerignore leaves out its SQLite database, "+p
		}
		if dir == "" || dir == "." || strings.ContainsAny(dir, "*?[\\") || strings.HasPrefix(dir, "..") ||
			slices.ContainsFunc(back, func(b string) bool { return b == dir || strings.HasPrefix(b, dir+"/") }) ||
			lang.HasVolume(out, dir) {
			continue
		}
		out = append(out, lang.Volume{Dir: dir, From: "the application's: " + why})
	}
	return out
}

// sqliteFile reports a path naming an SQLite database file, without wildcards.
func sqliteFile(p string) bool {
	ext := path.Ext(p)
	return (ext == ".sqlite" || ext == ".sqlite3" || ext == ".db") && !strings.ContainsAny(p, "*?[\\")
}

// ignoredContentFollow asks whether the context holds the candidates.
func ignoredContentFollow(f lang.Facts) []string {
	var out []string
	for _, v := range ignoredContentCandidates(f) {
		out = append(out, lang.Probe(v.Dir))
	}
	return out
}

// ignoredContentDirs are the candidates the context holds that the build does not fill (not
// vendor/, node_modules, tests, composer's install directories), sorted.
func ignoredContentDirs(f lang.Facts, p project) []lang.Volume {
	out := slices.DeleteFunc(ignoredContentCandidates(f), func(v lang.Volume) bool {
		return !f.HasDir(v.Dir) || buildDir(v.Dir, p)
	})
	slices.SortFunc(out, func(a, b lang.Volume) int { return strings.Compare(a.Dir, b.Dir) })
	return out
}
