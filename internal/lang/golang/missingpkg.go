package golang

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
	"golang.org/x/mod/modfile"
)

// A package of the module that a generator writes and the repository does not commit
// (pgbackweb's internal/database/dbgen, sqlc's output, which its Taskfile's gen:db makes) is
// missing from the context, and go build fails with "no required module provides package",
// late and far from the cause. Planning probes the directory of each import of the root
// module's own path in the image's main package, and warns of the first the context lacks
// (PackageNotInContext), naming sqlc's configuration when its `out` is that directory. A build
// that runs go generate (generate.go) may make it, so nothing is said then.

// sqlcConfigs are the names sqlc reads its configuration from.
var sqlcConfigs = []string{"sqlc.yaml", "sqlc.yml", "sqlc.json"}

// ownImports are the import paths below the root module's path in the main package's files,
// with their directories in the context.
func ownImports(ws *workspace, run binary, f lang.Facts) (imports, dirs []string) {
	mod := modfile.ModulePath(f["go.mod"])
	if mod == "" || ws.Work || len(ws.Main) != 1 || ws.Main[0].Dir != "." {
		return nil, nil
	}
	for _, imp := range fileImports(f, goFiles(f, strings.TrimPrefix(run.Pkg, "./"))) {
		if dir, ok := strings.CutPrefix(imp, mod+"/"); ok && !slices.Contains(dirs, dir) {
			imports, dirs = append(imports, imp), append(dirs, dir)
		}
	}
	return imports, dirs
}

// missingPackageFollow asks whether each own import's directory is in the context, and for
// sqlc's configuration.
func missingPackageFollow(ws *workspace, run binary, f lang.Facts) []string {
	_, dirs := ownImports(ws, run, f)
	if len(dirs) == 0 {
		return nil
	}
	out := slices.Clone(sqlcConfigs)
	for _, d := range dirs {
		out = append(out, lang.Probe(d))
	}
	return out
}

// missingPackageNote is PackageNotInContext for the first own import of the main package whose
// directory the context lacks, when the build runs no go generate.
func missingPackageNote(s *spec.Spec, ws *workspace, run binary, f lang.Facts, gen generation) (notes []plan.Note) {
	if len(gen.Pkgs) > 0 {
		return nil
	}
	imports, dirs := ownImports(ws, run, f)
	for i, d := range dirs {
		if f.HasDir(d) || f.Has(d) {
			continue
		}
		why := "no file of the context is there"
		if cfg := f.First(sqlcConfigs...); cfg != "" && sqlcWrites(f.Text(cfg), d) {
			why = cfg + " generates it with sqlc, which this build does not run"
		}
		return append(notes, rules.PackageNotInContext.Note(lang.FirstField(s, "entrypoint", "language"),
			rules.PackageNotInContext.Format(strings.TrimPrefix(run.Pkg, "./"), imports[i], d, why)))
	}
	return nil
}

// sqlcWrites reports an sqlc configuration naming dir as an output (`out: internal/db`, a
// `"out": "./internal/db"`).
func sqlcWrites(text, dir string) bool {
	for _, line := range strings.Split(text, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok || strings.Trim(k, `"' `) != "out" {
			continue
		}
		if path.Clean(strings.Trim(strings.TrimSpace(v), `"',`)) == dir {
			return true
		}
	}
	return false
}
