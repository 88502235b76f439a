package bun

import (
	"path"
	"regexp"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// A Bun server that writes a file directly in its working directory (substreams-sink-clickhouse's
// `buffer.txt`, written by a module its entry imports) fails as the runtime user, /app being
// root's. Its working directory is then shared as Node.js's is (node.NewWorkdirFile,
// lang.Runtime.SharedWorkdir): read in a single package's entry source (portSource) and the
// modules it imports by a relative path, one level. `__dirname` is the module's own directory
// when bun runs the source, not known when a build bundles it.

// workdirFile says which file the entry's source src, or a module it imports, writes directly in
// the working directory ("buffer.txt, written at start by src/buffer.ts"); "" for none.
func workdirFile(f lang.Facts, m manifest, src string) string {
	for _, file := range withImports(f, src) {
		here := ""
		if m.Scripts["build"] == "" {
			here = path.Dir(file)
		}
		if why := node.NewWorkdirFile(f, file, here); why != "" {
			return why
		}
	}
	return ""
}

// withImports are src and, of each module it imports by a relative path, the first name the
// context holds (read by singleReads).
func withImports(f lang.Facts, src string) []string {
	files := []string{src}
	for _, cands := range node.ImportedSources(src, f.Text(src)) {
		if c := f.First(cands...); c != "" {
			files = append(files, c)
		}
	}
	return files
}

// A Bun entry that only wires modules together (`import "./src/server"`) listens in one of them:
// PortNotPublished reads, when the entry's source calls no serve or listen and exports no server,
// the modules it imports by a relative path, one level, and warns of the first that listens only
// on literal ports none of the spec's.

// serves is a call that starts a server, or a module's default export (Bun's server object).
var serves = regexp.MustCompile(`\b(?:serve|listen)\(|\bexport\s+default\s*\{`)

// portNotes are lang.FixedPortNotes of the entry's source src, else of the first module it imports
// that has some, when src itself starts no server.
func portNotes(s *spec.Spec, f lang.Facts, src string) []plan.Note {
	files := withImports(f, src)
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
