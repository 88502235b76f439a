package rules

import "fmt"

// IncludedFileMissing: a Rust source compiles in a file or directory (include_str!,
// include_bytes!, include_dir!, rust-embed's #[folder]) that the build context lacks, the
// output of a build the project runs first; cargo would stop there.
var IncludedFileMissing = New("IncludedFileMissing", "A Rust program compiles in a file the build context lacks",
	func(file string, line int, macro, path, into string) string {
		return fmt.Sprintf("%s:%d %s %s, which is not in the build context: cargo stops there. If a build of the "+
			"project writes it first (a front end's), build it with `assets: {dir: ..., into: %s}` or a `build.command`; "+
			"if .dockerignore leaves it out, let it in", file, line, macro, path, into)
	})

// SqlxOfflineDataMissing: sqlx's query macros, which check each query against a database when
// they compile, in a project whose build has neither a database nor the offline data `cargo
// sqlx prepare` writes.
var SqlxOfflineDataMissing = New("SqlxOfflineDataMissing", "sqlx's query macros have no database and no offline data to check against",
	func(file string, line int, macro string) string {
		return fmt.Sprintf("%s:%d %s checks its query against a database when it compiles, and the build has neither "+
			"DATABASE_URL nor the offline data `cargo sqlx prepare` writes (.sqlx/, or sqlx-data.json before sqlx 0.7): "+
			"cargo stops there. Commit that data (sqlx reads it when DATABASE_URL is unset), or give a database "+
			"reachable from the build in `build.env` or a build secret", file, line, macro)
	})
