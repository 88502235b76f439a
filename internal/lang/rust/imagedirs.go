package rust

import (
	"github.com/org/multistage-frontend/internal/lang"
)

// A Rust project's own image may give its user, below its working directory, the directories
// the program writes its data in: rauthy's Dockerfile copies an empty directory its release
// script makes (`COPY --chown=$TARGET_USER ./out/empty/ ./data`, and `./tls`), where Hiqlite,
// its embedded database, keeps its Raft logs and SQLite files by default (`data`, relative to
// the working directory). The context lacks that empty directory, so no default file copies
// it; without the directory being the user's, a working directory of root's (/app, which the
// program's configuration file makes the image's) fails the program at start. Each such
// directory, its source missing from the context, is made empty and the runtime user's
// (Runtime.EmptyWritable), as the project's image does.

// ownedDirProbes ask whether each context directory the project's Dockerfile copies with
// --chown below its working directory is in the context.
func ownedDirProbes(f lang.Facts) []string {
	_, dirs := lang.DockerfileOwnedDirs(f)
	var out []string
	for _, d := range dirs {
		out = append(out, lang.Probe(d.Src))
	}
	return out
}

// ownedEmptyDirs are the directories below the working directory the project's Dockerfile
// gives its user by copying a context directory that the context lacks (an empty directory
// its own build script makes): the runtime's EmptyWritable.
func ownedEmptyDirs(f lang.Facts) []string {
	_, dirs := lang.DockerfileOwnedDirs(f)
	var out []string
	for _, d := range dirs {
		if !f.Has(d.Src) && !f.HasDir(d.Src) {
			out = append(out, d.Dest)
		}
	}
	return out
}
