package php

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A PHP application that writes below its own tree at run time keeps the directories it writes
// in its repository empty, so that they exist in every checkout, and makes git ignore what
// they come to hold: its installation docs then ask for them to be the web server user's.
//   - Flarum: storage/cache, storage/logs... and public/assets each hold only a .gitignore of
//     `*` and `!.gitignore` (its docs: "public/assets, storage ... writable");
//   - Grav: cache/, logs/, images/, assets/, backup/, tmp/, user/data, user/accounts hold a
//     .gitkeep, its root .gitignore ignoring `cache/*` and the others (its images chown them);
//   - Bedrock (WordPress): web/app/uploads holds a .gitkeep, its .gitignore ignoring
//     `web/app/uploads/*` (media uploads fail without it);
//   - shlink: data/cache, data/log, data/proxies hold a .gitignore of `*`.
// Root-owned in the image, the application fails at its first write there. Such a directory is
// the runtime user's, and a PHP file written there never runs (writablephp.go). A directory
// composer installs into (vendor-dir, composer/installers' installer-paths: Bedrock's
// web/app/plugins has a .gitkeep too) is the build's, not the application's, and tests' are not
// in the image.

// keptDirReads are the files that keep a directory, for Language().Reads: three levels down.
var keptDirReads = []string{".gitignore", "*/.gitignore", "*/*/.gitignore", "*/*/*/.gitignore",
	"*/.gitkeep", "*/*/.gitkeep", "*/*/*/.gitkeep", "*/.keep", "*/*/.keep", "*/*/*/.keep"}

// keepFiles are the names of the empty file that keeps a directory in git.
var keepFiles = []string{".gitkeep", ".keep"}

// keptDirs are the directories kept only to be written at run time, relative to the root,
// sorted: those whose .gitignore ignores everything in them, and those holding only a keep file
// as far as git is concerned (the root .gitignore ignores `DIR/*`).
func keptDirs(f lang.Facts, p project) []lang.Volume {
	ignored := rootIgnoredContents(f.Text(".gitignore"))
	var out []lang.Volume
	add := func(dir, from string) {
		if buildDir(dir, p) || slices.ContainsFunc(out, func(v lang.Volume) bool { return v.Dir == dir }) {
			return
		}
		out = append(out, lang.Volume{Dir: dir, From: from})
	}
	for _, pat := range keptDirReads {
		for _, name := range f.Glob(pat) {
			dir, base := path.Dir(name), path.Base(name)
			switch {
			case dir == ".":
			case base == ".gitignore" && ignoresAll(f.Text(name)):
				add(dir, "kept empty for the application's writes: its .gitignore ignores everything in it")
			case slices.Contains(keepFiles, base) && slices.Contains(ignored, dir):
				add(dir, "kept empty for the application's writes: it holds "+base+" and .gitignore ignores "+dir+"/*")
			}
		}
	}
	slices.SortFunc(out, func(a, b lang.Volume) int { return strings.Compare(a.Dir, b.Dir) })
	return out
}

// rootIgnoredContents are the directories whose contents the root .gitignore ignores with
// `DIR/*` or `DIR/**` (a leading / allowed), cleaned.
func rootIgnoredContents(src string) []string {
	var out []string
	for line := range strings.Lines(src) {
		line = strings.TrimSpace(line)
		dir, ok := strings.CutSuffix(line, "/*")
		if !ok {
			dir, ok = strings.CutSuffix(line, "/**")
		}
		dir = strings.TrimPrefix(dir, "/")
		if ok && dir != "" && !strings.ContainsAny(dir, "*?[!#\\") {
			out = append(out, path.Clean(dir))
		}
	}
	return out
}

// buildDir reports a directory the build fills or the image leaves out: composer's vendor-dir
// and install directories, node_modules, tests, or one below them.
func buildDir(dir string, p project) bool {
	for _, d := range slices.Concat([]string{p.vendorDir(), "node_modules", "tests", "test", ".git"}, p.InstallDirs) {
		if dir == d || strings.HasPrefix(dir, d+"/") || strings.HasPrefix(d, dir+"/") {
			return true
		}
	}
	return false
}
