package node

import (
	"path"
	"regexp"

	"github.com/org/multistage-frontend/internal/lang"
)

// patch-package applies the patch files of a directory (patches/, or the one --patch-dir names)
// to node_modules when an install script of the project runs it. deps installs from the
// dependency files alone: without the patches beside them, patch-package finds none, says so
// and succeeds, and the image ships the dependencies unpatched. So the patch files are
// dependency files: read while planning and copied before the install.

var (
	patchPackageRun = regexp.MustCompile(`(?:^|[\s;&|(])patch-package(\s[^;&|)]*)?(?:$|[;&|)])`)
	patchDirFlag    = regexp.MustCompile(`--patch-dir(?:=|\s+)["']?([^\s"']+)`)
)

// patchDirs are the directories of patch files the manifest's install scripts have
// patch-package apply, in the order the scripts run.
func patchDirs(m manifest) []string {
	var out []string
	for _, name := range installScripts {
		for _, run := range patchPackageRun.FindAllStringSubmatch(m.Scripts[name], -1) {
			dir := "patches"
			if d := patchDirFlag.FindStringSubmatch(run[1]); d != nil {
				dir = d[1]
			}
			if clean, ok := entryPath(dir); ok && clean != "." {
				out = append(out, clean)
			}
		}
	}
	return lang.Unique(out)
}

// patchGlobs are the patterns of the patch files in those directories, two levels deep
// (patch-package reads its directory's whole tree; patches are kept flat in practice).
func patchGlobs(m manifest) []string {
	var out []string
	for _, dir := range patchDirs(m) {
		out = append(out, path.Join(dir, "*.patch"), path.Join(dir, "*", "*.patch"))
	}
	return out
}

// patchFiles are the patch files read for those patterns: the ones deps copies.
func patchFiles(f lang.Facts, m manifest) []string {
	var out []string
	for _, g := range patchGlobs(m) {
		out = append(out, f.Glob(g)...)
	}
	return out
}

// scriptCommands splits a script into its commands at && and ;.
var scriptCommands = regexp.MustCompile(`&&|;`)

// dependencyOnly: a script whose every command deps can run, having what they read:
// patch-package (its patch files are copied before the install), `prisma generate` where the
// schema is there (prismaGenerates), and only-allow, which reads only which package manager
// runs the install (pnpm's docs' `preinstall: npx only-allow pnpm`). It needs no InstallScript
// warning.
func dependencyOnly(script string, prismaGenerates bool) bool {
	for _, command := range scriptCommands.Split(script, -1) {
		w := binCommand(command)
		if len(w) > 0 && (w[0] == "dlx" || w[0] == "-y" || w[0] == "--yes") { // pnpm dlx, npx -y
			w = w[1:]
		}
		patch := len(w) > 0 && w[0] == "patch-package"
		onlyAllow := len(w) == 2 && w[0] == "only-allow"
		if !patch && !onlyAllow && !(prismaGenerates && runsPrismaGenerate(command)) {
			return false
		}
	}
	return true
}
