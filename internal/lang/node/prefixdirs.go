package node

import (
	"cmp"
	"regexp"
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
)

// A root package.json that installs packages in its subdirectories with `npm i --prefix server`
// (planka's postinstall, server/ and client/ with no workspace) runs nothing itself; no field
// selects such a package, so the error names the directories and the one a script starts.

var (
	// prefixDir is an npm command's --prefix directory (`npm i --prefix server`, `--prefix=client`).
	prefixDir = regexp.MustCompile(`\bnpm\b[^;&|]*?--prefix[= ]\s*([\w][\w./-]*)`)
	// prefixStart is an npm start, or run start, in a --prefix directory.
	prefixStart = regexp.MustCompile(`\bnpm\s+(?:run\s+|run-script\s+)?start\b[^;&|]*?--prefix[= ]\s*([\w][\w./-]*)|\bnpm\s+--prefix[= ]\s*([\w][\w./-]*)\s+(?:run\s+)?start\b`)
)

// prefixPackages are the directories the root package's scripts run npm in with --prefix, sorted,
// with "/" (server/), and the one a script starts (of several, the one named as a server), ""
// when none is; none for another package.
func prefixPackages(p pkg) (dirs []string, server string) {
	if p.dir != "." {
		return nil, ""
	}
	var started []string
	for _, script := range p.m.Scripts {
		for _, m := range prefixDir.FindAllStringSubmatch(script, -1) {
			if d, ok := lang.RelPath(m[1]); ok && d != "." && !slices.Contains(dirs, d+"/") {
				dirs = append(dirs, d+"/")
			}
		}
		for _, m := range prefixStart.FindAllStringSubmatch(script, -1) {
			if d, ok := lang.RelPath(cmp.Or(m[1], m[2])); ok && d != "." && !slices.Contains(started, d+"/") {
				started = append(started, d+"/")
			}
		}
	}
	slices.Sort(dirs)
	slices.Sort(started)
	if len(started) == 1 {
		return dirs, started[0]
	}
	// several started (planka's client's dev server too): the one named as a server
	if named := slices.DeleteFunc(started, func(d string) bool { return !serverDirName.MatchString(d) }); len(named) == 1 {
		return dirs, named[0]
	}
	return dirs, ""
}

// serverDirName is a directory named as a server's: server/, api/, backend/.
var serverDirName = regexp.MustCompile(`(?:^|[/_-])(?:server|api|backend)/$`)
