package php

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
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
//   - a framework's application that keeps its uploads beside its own directories: Koillection
//     (Symfony) writes its users' images into public/uploads, kept by a .gitkeep its root
//     .gitignore ignores around (`/public/uploads/*`), and Leantime (on Laravel's components)
//     its files into userfiles/ and public/userfiles, each holding a .gitignore of `*`.
// Root-owned in the image, the application fails at its first write there. Such a directory is
// the runtime user's, and a PHP file written there never runs (writablephp.go). A directory
// composer installs into (vendor-dir, composer/installers' installer-paths: Bedrock's
// web/app/plugins has a .gitkeep too) is the build's, not the application's, and tests' are not
// in the image. In a Laravel, Symfony or CakePHP application, what the framework writes is its
// own already (storage, var), and a directory its front end's build writes is the build's
// (Leantime's Mix public path, public/dist, also holds a .gitignore of `*`); a .dockerignore's
// directories are not read there (a Laravel project's often names storage's and public's).

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
		if buildDir(dir, p) || lang.HasVolume(out, dir) {
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

// frameworkKeptDirs are the kept directories of a Laravel, Symfony or CakePHP application (kept,
// keptDirs'), less those in or around the framework's own writable directories and those its
// front end's build writes: the default assets' output, Mix's public path, webpack's output,
// public/build (Vite's and Encore's) and public/hot.
func frameworkKeptDirs(s *spec.Spec, f lang.Facts, app appKind, kept []lang.Volume) []lang.Volume {
	own := slices.Clone(app.writable())
	for _, d := range []string{mixPublicPath(f), webpackOutput(f.Text(webpackConfig)), "public/build", "public/hot"} {
		if d != "" {
			own = append(own, d)
		}
	}
	if a := frameworkAssets(s, f); a != nil && a.Output != "" {
		own = append(own, path.Clean(a.Output))
	}
	return slices.DeleteFunc(kept, func(v lang.Volume) bool {
		return slices.ContainsFunc(own, func(d string) bool {
			return v.Dir == d || strings.HasPrefix(v.Dir, d+"/") || strings.HasPrefix(d, v.Dir+"/")
		})
	})
}
