package golang

import (
	"path"
	"regexp"
	"strconv"

	"github.com/org/multistage-frontend/internal/lang"
)

// A Go program may keep its SQLite database in a file of its working directory by default:
// flagr's configuration struct has `env:"FLAGR_DB_DBCONNECTIONSTR" envDefault:"flagr.sqlite"`,
// which it opens with gorm's sqlite.Open. In the image's own working directory (the user's
// home) that works; but where the image works in /app (the spec's or the defaults' `files`),
// /app is root's, and the first write fails ("unable to open database file"). Such a file, read
// from the Go files of the program the image runs (toolFiles), makes the working directory
// shared (lang.Runtime.SharedWorkdir): root's with the runtime user's group, mode 1775, so the
// program creates the file and its journal while the image's own files stay root's. The
// defaults read: a struct tag's `default:` or `envDefault:`, a string flag's default, a
// literal given to sql.Open with a SQLite driver or to a GORM driver's sqlite.Open, and one
// assigned to a field (`config.ConnectionString = "plik.db"`, `Path: "app.db",`). Only a
// file directly in the working directory (`flagr.sqlite`, `./app.db`, `file:app.db?_fk=1`)
// counts: a file below a directory of its own needs that directory, which a program makes
// itself or not.

// sqlitePath is a quoted relative SQLite file directly in the working directory; its submatch
// is the file.
const sqlitePath = `"(?:file:)?(?:\./)?([\w][\w.-]*\.(?:sqlite3?|db))(?:\?[^"]*)?"`

var sqliteDefaults = []*regexp.Regexp{
	regexp.MustCompile("(?:^|[\\s`])" + `(?:envDefault|default):` + sqlitePath),
	regexp.MustCompile(`\b(?:[A-Za-z_]\w*(?:\(\))?\.)+(?:String|StringVar)P?\((?:&[\w.]+,\s*)?"[^"]*",\s*(?:"[A-Za-z0-9]?",\s*)?` + sqlitePath),
	regexp.MustCompile(`\bsql\.Open\(\s*"sqlite3?"\s*,\s*` + sqlitePath),
	regexp.MustCompile(`\bsqlite\.Open\(\s*` + sqlitePath),
	// a field of a configuration given it by the code that makes its defaults (plik's
	// `config.ConnectionString = "plik.db"`), or in a struct literal's line of its own
	regexp.MustCompile(`\.[A-Za-z_]\w*\s*=\s*` + sqlitePath),
	regexp.MustCompile(`(?m)^\s*[A-Z]\w*:\s*` + sqlitePath),
}

// sqliteFile is the first SQLite file directly in the working directory that the program's
// files name as a default (above), with where ("pkg/config/env.go:99"); "" for none.
func sqliteFile(ws *workspace, run binary, f lang.Facts) (db, from string) {
	files, _ := toolFiles(ws, run, f)
	for _, file := range files {
		text := f.Text(file)
		for _, re := range sqliteDefaults {
			for line, m := range lang.CodeMatches(re, text) {
				return path.Clean(text[m[2]:m[3]]), file + ":" + strconv.Itoa(line)
			}
		}
	}
	return "", ""
}
