package golang

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A repository's cmd/ may hold, beside its server, a helper that links a C library through cgo
// (maddy's cmd/maddy-pam-helper: `#cgo LDFLAGS: -lpam`, including security/pam_appl.h). The
// golang builder image has glibc's headers and nothing else, so building it fails the whole
// build, and the project's own image builds the server alone. Such a program is left out of
// the programs found when it is not the one the image runs, and CLibraryNotLinked says so: the
// spec's `binaries` builds it, with the library's development package in `build.packages`.

// cgoLinks is a cgo directive naming what the package links: `#cgo [GOOS...] LDFLAGS: -lpam`
// or `#cgo pkg-config: libpcap`, in the comment before import "C".
var cgoLinks = regexp.MustCompile(`(?m)^\s*(?://)?\s*#cgo\s+(?:[\w!,]+\s+)*(LDFLAGS|pkg-config):(.*)$`)

// libcLibraries are the libraries glibc's development files (in every golang image) provide.
var libcLibraries = []string{"c", "m", "dl", "pthread", "rt", "resolv", "util", "crypt", "anl"}

// linkedLibrary is what a main package in dir links beyond glibc, as its first cgo directive
// naming one writes it (`-lpam`, `pkg-config: libpcap`), and the file and line; "" when none of
// its Go files read for Linux does.
func linkedLibrary(f lang.Facts, dir string) (lib, file string, line int) {
	for _, name := range f.Glob(path.Join(dir, "*.go")) {
		text := f.Text(name)
		if strings.HasSuffix(name, "_test.go") || !strings.Contains(text, `import "C"`) || !matchesLinux(f, name, nil, true) {
			continue
		}
		for _, m := range cgoLinks.FindAllStringSubmatchIndex(text, -1) {
			words := strings.Fields(text[m[4]:m[5]])
			line, _ := lang.CodeLine(text, m[0])
			if text[m[2]:m[3]] == "pkg-config" && len(words) > 0 {
				return "pkg-config: " + strings.Join(words, " "), name, line
			}
			for _, w := range words {
				if l, ok := strings.CutPrefix(w, "-l"); ok && l != "" && !slices.Contains(libcLibraries, l) {
					return w, name, line
				}
			}
		}
	}
	return "", "", 0
}

// withoutLinkedHelpers leaves out of the programs found those linking a C library, but the one
// the image runs (run); it returns the others and the index of that one among them.
func withoutLinkedHelpers(f lang.Facts, cmds []binary, run int) ([]binary, int) {
	chosen := cmds[run]
	cmds = slices.DeleteFunc(slices.Clone(cmds), func(b binary) bool {
		lib, _, _ := linkedLibrary(f, strings.TrimPrefix(b.Pkg, "./"))
		return b.Pkg != chosen.Pkg && lib != ""
	})
	return cmds, slices.IndexFunc(cmds, func(b binary) bool { return b.Pkg == chosen.Pkg })
}

// helperNotes say which programs of cmd/ beside the image's (bins[run]) were left out for the C
// library they link, when the spec names none.
func helperNotes(s *spec.Spec, ws *workspace, bins []binary, run int, f lang.Facts) []plan.Note {
	if !namesNoMain(s) {
		return nil
	}
	var notes []plan.Note
	mod := ws.moduleOf(bins[run].Pkg)
	for _, m := range ws.Main {
		if m.Dir != mod {
			continue
		}
		dirs := cmdMains(f, path.Join(m.Dir, "cmd"))
		slices.Sort(dirs)
		for _, dir := range dirs {
			if slices.ContainsFunc(bins, func(b binary) bool { return b.Pkg == dotSlash(dir) }) {
				continue
			}
			if lib, file, line := linkedLibrary(f, dir); lib != "" {
				notes = append(notes, rules.CLibraryNotLinked.Note(lang.FirstField(s, "language"),
					rules.CLibraryNotLinked.Format(dotSlash(dir), lib, file, line, bins[run].Name)))
			}
		}
	}
	return notes
}
