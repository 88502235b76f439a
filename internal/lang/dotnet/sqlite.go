package dotnet

import (
	"encoding/json"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// appSettings are the configuration files of an ASP.NET Core or worker project the program reads
// in the image (ASPNETCORE_ENVIRONMENT and DOTNET_ENVIRONMENT are Production there), the later
// over the earlier; publish copies them beside the program.
var appSettings = []string{"appsettings.json", "appsettings.Production.json"}

// forAppSettings calls use with each of the entry project's appSettings that the context has,
// in their order, and its content decoded (JSON with comments) into a T; one that does not
// decode is passed over.
func forAppSettings[T any](f lang.Facts, entry project, use func(file string, cfg T)) {
	for _, name := range appSettings {
		file := path.Join(path.Dir(entry.Path), name)
		var cfg T
		if !f.Has(file) || json.Unmarshal(lang.JSONC(f[file]), &cfg) != nil {
			continue
		}
		use(file, cfg)
	}
}

// connectionSettings are an appsettings file's connection strings, by name.
type connectionSettings struct {
	ConnectionStrings map[string]any `json:"ConnectionStrings"`
}

// sqliteSource is a connection string's SQLite file: Data Source=app.db, DataSource=app.db
// (the Identity templates' "DataSource=app.db;Cache=Shared"), Filename=app.db.
var sqliteSource = regexp.MustCompile(`(?i)(?:^|;)\s*(?:data\s*source|filename)\s*=\s*([^;]+)`)

// sqliteInWorkdir is the SQLite file, and the settings file that names it, of a connection string
// of the entry project's appsettings that puts the database directly in the working directory,
// where Microsoft.Data.Sqlite resolves a relative path: /app, root's in the image, where the
// runtime user could create neither it nor its journal. "" when there is none (a path in a
// directory, an absolute one, :memory:, |DataDirectory|, a server's connection string). When the
// settings have no connection string, a literal one the entry project's Program.cs or Startup.cs
// gives UseSqlite is read the same way.
func sqliteInWorkdir(f lang.Facts, entry project) (db, from string) {
	conns := map[string]string{}
	froms := map[string]string{}
	forAppSettings(f, entry, func(file string, cfg connectionSettings) {
		for k, v := range cfg.ConnectionStrings {
			if s, ok := v.(string); ok {
				conns[k], froms[k] = s, file
			}
		}
	})
	for _, k := range slices.Sorted(maps.Keys(conns)) {
		m := sqliteSource.FindStringSubmatch(conns[k])
		if m == nil {
			continue
		}
		if file := workdirFile(m[1]); file != "" {
			return file, froms[k] + "'s ConnectionStrings." + k
		}
	}
	if len(conns) > 0 {
		return "", "" // the settings' connection strings, which the code reads by name
	}
	// a literal connection string in the code (blazor-workshop's
	// `options.UseSqlite("Data Source=pizza.db")` in Program.cs)
	for _, name := range listenSources {
		file := path.Join(path.Dir(entry.Path), name)
		if !f.Has(file) {
			continue
		}
		for _, c := range codeSqlite.FindAllStringSubmatch(f.Text(file), -1) {
			if m := sqliteSource.FindStringSubmatch(c[1]); m != nil {
				if db := workdirFile(m[1]); db != "" {
					return db, file + "'s UseSqlite"
				}
			}
		}
	}
	return "", ""
}

// codeSqlite is a literal connection string given to Entity Framework Core's UseSqlite.
var codeSqlite = regexp.MustCompile(`\bUseSqlite\s*\(\s*@?"([^"\n]*)"`)

// workdirFile is a connection string's SQLite file when it is directly in the working
// directory, "" otherwise (a path in a directory, an absolute one, :memory:, |DataDirectory|).
func workdirFile(raw string) string {
	file := strings.Trim(strings.TrimSpace(raw), `"'`)
	if file != "" && !strings.ContainsAny(file, `/\|:`) && file != "." && file != ".." {
		return file
	}
	return ""
}
