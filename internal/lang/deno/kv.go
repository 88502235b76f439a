package deno

import (
	"path"
	"regexp"
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
)

// Deno KV, in the module the image runs or one it imports (one level, node.EntryModules):
//   - `Deno.openKv` is unstable: without `--unstable-kv` (or deno.json's `"unstable": ["kv"]`)
//     it is not there, and the program fails at start ("Deno.openKv() is an unstable API",
//     Deno 2.9.6). simple-kvs's own Dockerfile runs it with the flag, which no task has.
//   - without a path (or with one the program computes, which may be undefined: simple-kvs's
//     `Deno.openKv(kvsPath)` from $KVS_PATH), the database is DENO_DIR's
//     `location_data/<hash>/kv.sqlite3`, which Deno makes at the first openKv: the image's
//     DENO_DIR is root's, so the runtime user could not (seen with Deno 2.9.6 as uid 65534 on a
//     root-owned DENO_DIR: the open failed; with location_data the user's, it worked).
//     location_data is then made the runtime user's. A literal path is the program's:
//     workdirFile shares the working directory for one there.

// openKv is a call of Deno.openKv, with the first character of its argument.
var openKv = regexp.MustCompile(`\bDeno\.openKv\(\s*(.?)`)

// kvUse is what the modules do with Deno KV: the module that opens it (relative to the
// project; "" for none), and whether one opens it without a literal path.
type kvUse struct {
	module string
	inDir  bool
}

// readKV reads module (relative to the project, whose facts f are) and those it imports.
func readKV(f lang.Facts, module string) kvUse {
	var u kvUse
	for _, file := range node.EntryModules(f, module) {
		for _, m := range openKv.FindAllStringSubmatch(f.Text(file), -1) {
			if u.module == "" {
				u.module = file
			}
			if q := m[1]; q != `"` && q != `'` && q != "`" {
				u.module, u.inDir = file, true
				return u
			}
		}
	}
	return u
}

// unstableKV is the flag the image adds for a program that opens Deno KV when neither its
// flags nor the configs enable it; nil when something does.
func unstableKV(u kvUse, flags []string, configs ...config) []string {
	if u.module == "" || slices.Contains(flags, "--unstable-kv") || slices.Contains(flags, "--unstable") {
		return nil
	}
	for _, c := range configs {
		if slices.Contains(c.Unstable, "kv") {
			return nil
		}
	}
	return []string{"--unstable-kv"}
}

// kvVolume is DENO_DIR's location_data, the runtime user's, for a program that opens Deno KV
// where Deno chooses (project is the module's directory relative to the context, for messages).
func kvVolume(u kvUse, dir string) []lang.Volume {
	if !u.inDir {
		return nil
	}
	return []lang.Volume{{Dir: path.Join(denoDir, "location_data"), Written: true,
		From: "Deno KV's database when no path is given, opened by " + path.Join(dir, u.module)}}
}
