package golang

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestSQLiteFileInTheWorkingDirectory: a SQLite file directly in the working directory that the
// program opens by default (a configuration struct's envDefault, as flagr's; a flag's default; a
// literal given to sql.Open or gorm's sqlite.Open; one assigned to a field) makes /app, where files put the program,
// take new files from the runtime user (root's, its group's, 1775); the user's own home, a
// user's own /app, root, a path elsewhere, a file below a directory, a commented line, or a
// file the context holds (shipped, root's) leave the plan as it was.
func TestSQLiteFileInTheWorkingDirectory(t *testing.T) {
	const main = "package main\n\nimport _ \"example.com/acme/tool/v2/internal/store\"\n\nfunc main() {}\n"
	for _, c := range []struct {
		name, store, spec, from string
		shared                  bool
	}{
		{"envDefault", "type Config struct {\n\tDSN string `env:\"ACME_DSN\" envDefault:\"acme.sqlite\"`\n}\n", "files: [config.yaml]\n", "internal/store/store.go:4", true},
		{"go-flags default", "type Opts struct {\n\tDB string `long:\"db\" default:\"./acme.db\"`\n}\n", "files: [config.yaml]\n", "internal/store/store.go:4", true},
		{"flag", "var db = flag.String(\"db\", \"acme.sqlite3\", \"database file\")\n", "files: [config.yaml]\n", "internal/store/store.go:3", true},
		{"sql.Open", "func open() { sql.Open(\"sqlite3\", \"file:acme.db?_fk=1\") }\n", "files: [config.yaml]\n", "internal/store/store.go:3", true},
		{"gorm", "func open() { gorm.Open(sqlite.Open(\"acme.db\"), nil) }\n", "files: [config.yaml]\n", "internal/store/store.go:3", true},
		{"a field given it", "func defaults(c *Config) {\n\tc.ConnectionString = \"acme.db\"\n}\n", "files: [config.yaml]\n", "internal/store/store.go:4", true},
		{"a struct literal's field", "var defaults = Config{\n\tPath: \"./acme.sqlite\",\n}\n", "files: [config.yaml]\n", "internal/store/store.go:4", true},
		{"a field given a file below a directory", "func defaults(c *Config) {\n\tc.Path = \"data/acme.db\"\n}\n", "files: [config.yaml]\n", "", false},
		{"a named user", "var db = flag.String(\"db\", \"acme.db\", \"\")\n", "files: [config.yaml]\nuser: nobody\n", "", true},
		{"the user's home", "var db = flag.String(\"db\", \"acme.db\", \"\")\n", "runtime: scratch\n", "", false},
		{"distroless's home", "var db = flag.String(\"db\", \"acme.db\", \"\")\n", "", "", false},
		{"a user's own /app", "var db = flag.String(\"db\", \"acme.db\", \"\")\n", "user: \"1000\"\n", "", false},
		{"root", "var db = flag.String(\"db\", \"acme.db\", \"\")\n", "files: [config.yaml]\nuser: root\n", "", false},
		{"workdir", "var db = flag.String(\"db\", \"acme.db\", \"\")\n", "files: [config.yaml]\nworkdir: /srv\n", "", false},
		{"absolute", "var db = flag.String(\"db\", \"/var/lib/acme/acme.db\", \"\")\n", "files: [config.yaml]\n", "", false},
		{"memory", "func open() { sql.Open(\"sqlite\", \":memory:\") }\n", "files: [config.yaml]\n", "", false},
		{"below a directory", "var db = flag.String(\"db\", \"data/acme.db\", \"\")\n", "files: [config.yaml]\n", "", false},
		{"commented", "// var db = flag.String(\"db\", \"acme.db\", \"\")\n", "files: [config.yaml]\n", "", false},
		{"shipped", "var db = flag.String(\"db\", \"shipped.db\", \"\")\n", "files: [config.yaml]\n", "", false},
		{"another file", "var name = flag.String(\"name\", \"acme.txt\", \"\")\n", "files: [config.yaml]\n", "", false},
	} {
		f := mod("go 1.26")
		f["cmd/server/main.go"] = []byte(main)
		f["internal/store/store.go"] = []byte("package store\n\n" + c.store)
		f["config.yaml"] = []byte("a: 1\n")
		f["shipped.db"] = []byte("SQLite format 3\x00")
		p := provider.MustPlan(t, "language: go\nentrypoint: ./cmd/server\n"+c.spec, f)
		rt := p.Stage("runtime")
		var shared []*plan.Mkdir
		for _, st := range rt.Steps {
			if m, ok := st.(*plan.Mkdir); ok && m.Path == rt.Workdir && (m.Mode == 0o1775 || m.Mode == 0o1777) && !strings.HasPrefix(m.Chown, "1000") {
				shared = append(shared, m)
			}
		}
		said := strings.Contains(rt.Description, "takes new files from the runtime user")
		if (len(shared) == 1) != c.shared || said != c.shared {
			t.Errorf("%s: shared working directory %+v, described %v (%q), want %v", c.name, shared, said, rt.Description, c.shared)
			continue
		}
		if c.from != "" && (shared[0].Path != lang.AppDir || shared[0].Mode != 0o1775 || shared[0].Chown != "0:65532" ||
			!strings.Contains(rt.Description, "the default of "+c.from)) {
			t.Errorf("%s: %+v, %q, want /app 1775 0:65532 from %s", c.name, shared[0], rt.Description, c.from)
		}
	}
}

// TestSQLiteFileInAVolumeWorkdir: when the image works in a data volume its own Dockerfile
// declares and works in (zoraxy's WORKDIR and VOLUME /opt/zoraxy/config), that directory is
// made the runtime user's, so the SQLite file there needs nothing more: it is made once, the
// user's, not also shared (root's, 1775) before.
func TestSQLiteFileInAVolumeWorkdir(t *testing.T) {
	f := mod("go 1.26")
	f["main.go"] = []byte("package main\n\nimport \"flag\"\n\nvar db = flag.String(\"dbpath\", \"./acme.db\", \"database path\")\n\nfunc main() {}\n")
	f["Dockerfile"] = []byte("FROM golang:1.26\nWORKDIR /srv/acme/data\nVOLUME /srv/acme/data\n")
	p := provider.MustPlan(t, "language: go\n", f)
	rt := p.Stage("runtime")
	var made []string
	for _, st := range rt.Steps {
		if m, ok := st.(*plan.Mkdir); ok && m.Path == "/srv/acme/data" {
			made = append(made, fmt.Sprintf("%o %s", m.Mode, m.Chown))
		}
	}
	if p.Image.Workdir != "/srv/acme/data" || !slices.Equal(made, []string{"755 65532:65532"}) || strings.Contains(rt.Description, "takes new files") {
		t.Errorf("workdir %q, made %q, %q; want /srv/acme/data made once, 755 65532:65532", p.Image.Workdir, made, rt.Description)
	}
}
