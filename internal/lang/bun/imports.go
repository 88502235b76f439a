package bun

import (
	"path"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
)

// A Bun server that writes a file directly in its working directory (substreams-sink-clickhouse's
// `buffer.txt`, written by a module its entry imports) fails as the runtime user, /app being
// root's. Its working directory is then shared as Node.js's is (node.NewWorkdirFile,
// lang.Runtime.SharedWorkdir): read in the entry's source (portSource) and the modules it
// imports by a relative path, one level (node.EntryModules), of a single package or of the
// workspace package selected. `__dirname` is the module's own directory when bun runs the
// source, not known when a build bundles it. The same modules are read for the port the server
// listens on (node.EntryPortNotes).

// workdirFile says which file the entry's source src, or a module it imports, writes directly in
// the working directory ("buffer.txt, written at start by src/buffer.ts"); "" for none. f and src
// are the package's (f.In of a workspace package's directory).
func workdirFile(f lang.Facts, m manifest, src string) string {
	for _, file := range node.EntryModules(f, src) {
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
