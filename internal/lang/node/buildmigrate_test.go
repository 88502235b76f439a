package node

import (
	"strings"
	"testing"
)

// TestBuildRunsMigration: a build script that migrates a database (through run-s, a script of
// an && chain, or the command itself) is warned of with the build.command without it; not a
// build without one, a migration in the start script, a spec's build.command, or prisma
// generate.
func TestBuildRunsMigration(t *testing.T) {
	for _, tc := range []struct {
		name, scripts, spec, want string
	}{
		{"run-s", `"build": "run-s db:migrate build:next", "build:next": "next build", "db:migrate": "dotenv -c -- drizzle-kit migrate"`, "",
			"package.json's build script runs its db:migrate script (`dotenv -c -- drizzle-kit migrate`), a database migration, during the build: " +
				"the builder has no database, so the step fails, or migrates the database a .env of the context names, from the build; " +
				"set `build: {command: \"npm run build:next\"}` to build without it"},
		{"a command of the chain", `"build": "prisma migrate deploy && tsc -p tsconfig.build.json"`, "",
			"runs `prisma migrate deploy`, a database migration, during the build: the builder has no database, so the step fails, or migrates the database a .env of the context names, from the build; set `build: {command: \"tsc -p tsconfig.build.json\"}`"},
		{"npm run of a knex script", `"build": "npm run migrate && npm run compile", "migrate": "knex migrate:latest", "compile": "tsc"`, "",
			"set `build: {command: \"npm run compile\"}`"},
		// cusdis: the schema is chosen by a variable the command sets for the script
		{"npm run of a script with a variable", `"build": "DB_TYPE=pgsql npm run db:generate && DB_TYPE=pgsql npm run db:deploy && next build", ` +
			`"db:deploy": "prisma migrate deploy --schema ./prisma/$DB_TYPE/schema.prisma", "db:generate": "prisma generate --schema ./prisma/$DB_TYPE/schema.prisma"`, "",
			"runs its db:deploy script (`prisma migrate deploy --schema ./prisma/$DB_TYPE/schema.pris...`), a database migration, during the build: " +
				"the builder has no database, so the step fails, or migrates the database a .env of the context names, from the build; " +
				"set `build: {command: \"DB_TYPE=pgsql npm run db:generate && next build\"}`"},
		{"cross-env before npm run", `"build": "cross-env NODE_ENV=production npm run migrate && tsc", "migrate": "knex migrate:latest"`, "",
			"set `build: {command: \"tsc\"}`"},
		{"prisma generate is no migration", `"build": "prisma generate && tsc"`, "", ""},
		{"no migration", `"build": "run-s clean compile", "clean": "rimraf dist", "compile": "tsc"`, "", ""},
		{"build.command", `"build": "drizzle-kit migrate && tsc"`, "build: {command: tsc}\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkg := `{"name": "api", "scripts": {"start": "node dist/index.js", ` + tc.scripts + `}, "dependencies": {"express": "^5"}}`
			p := provider.MustPlan(t, "language: node\nports: [3000]\n"+tc.spec, facts(pkg, "src/index.ts", ""))
			var got string
			for _, n := range p.Notes {
				if n.Rule == "BuildRunsMigration" {
					got = n.Msg
				}
			}
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("note %q, want %q", got, tc.want)
			}
		})
	}
}
