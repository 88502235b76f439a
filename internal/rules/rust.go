package rules

import "fmt"

// IncludedFileMissing: a Rust source compiles in a file or directory (include_str!,
// include_bytes!, include_dir!, rust-embed's #[folder]) that the build context lacks, the
// output of a build the project runs first; cargo would stop there.
var IncludedFileMissing = New("IncludedFileMissing", "A Rust program compiles in a file the build context lacks",
	func(file string, line int, macro, path, into, submodule string) string {
		if submodule != "" {
			// oxigraph's cli/templates/yasgui, a submodule of a clone made without --recursive
			return fmt.Sprintf("%s:%d %s %s, which is not in the build context: cargo stops there. %s is a git "+
				"submodule (.gitmodules) the context lacks: check it out before the build (`git submodule update --init "+
				"--recursive`), or build from the repository's git URL, whose submodules BuildKit checks out", file, line, macro, path, submodule)
		}
		return fmt.Sprintf("%s:%d %s %s, which is not in the build context: cargo stops there. If a build of the "+
			"project writes it first (a front end's), build it with `assets: {dir: ..., into: %s}` or a `build.command`; "+
			"if .dockerignore leaves it out, let it in", file, line, macro, path, into)
	})

// SqlxOfflineDataMissing: sqlx's query macros, which check each query against a database when
// they compile, in a crate whose build has neither a database nor the offline data `cargo sqlx
// prepare` writes where the locked sqlx reads it (SQLX_OFFLINE_DIR, the crate's directory, the
// workspace's root).
var SqlxOfflineDataMissing = New("SqlxOfflineDataMissing", "sqlx's query macros have no database and no offline data to check against",
	func(file string, line int, macro, where string) string {
		return fmt.Sprintf("%s:%d %s checks its query against a database when it compiles, and %s; "+
			"cargo stops there otherwise. Or give a database reachable from the build in `build.env` or a build secret (DATABASE_URL)",
			file, line, macro, where)
	})
