package node

import (
	"regexp"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// An entry that only wires modules together (`import "./src/server"`) listens, and writes its
// files, in one of them: Bun's and Deno's providers read the entry's source and the modules it
// imports by a relative path, one level, for the port it listens on (EntryPortNotes) and for a
// file it writes directly in its working directory (NewWorkdirFile).

// EntryModules are src and, of each module it imports by a relative path, the first name the
// facts hold (the callers' Follow read them).
func EntryModules(f lang.Facts, src string) []string {
	files := []string{src}
	for _, cands := range ImportedSources(src, f.Text(src)) {
		if c := f.First(cands...); c != "" {
			files = append(files, c)
		}
	}
	return files
}

// EntryModuleReads are what EntryModules may read: src and the candidate names of each module
// it imports.
func EntryModuleReads(f lang.Facts, src string) []string {
	out := []string{src}
	for _, cands := range ImportedSources(src, f.Text(src)) {
		out = append(out, cands...)
	}
	return out
}

// serves is a call that starts a server (serve, Bun.serve, Deno.serve, listen), or a module's
// default export (Bun's and Deno's server object).
var serves = regexp.MustCompile(`\b(?:serve|listen)\(|\bexport\s+default\s*\{`)

// EntryPortNotes are lang.FixedPortNotes of the entry's source src, else of the first module it
// imports that has some, when src itself starts no server.
func EntryPortNotes(s *spec.Spec, f lang.Facts, src string) []plan.Note {
	files := EntryModules(f, src)
	if serves.MatchString(f.Text(src)) {
		files = files[:1]
	}
	for _, file := range files {
		if notes := lang.FixedPortNotes(s, file, f.Text(file)); len(notes) > 0 {
			return notes
		}
	}
	return nil
}
