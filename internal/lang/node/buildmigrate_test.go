package node

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestBuildRunsMigration: a build script that migrates a database (through run-s, a script of
// an && chain, or the command itself) is warned of with the build.command without it; not a
// build without one, a migration in the start script, a spec's build.command, or prisma
// generate. A module a build step runs with tsx or node that migrates (ai-chatbot's `tsx
// lib/db/migrate && next build`, drizzle-orm's migrator) is one too; a module that does not is not.
func TestBuildRunsMigration(t *testing.T) {
	drizzle := `import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
config({ path: ".env.local" });
const runMigrate = async () => {
  if (!process.env.POSTGRES_URL) { process.exit(0); }
  await migrate(drizzle(postgres(process.env.POSTGRES_URL, { max: 1 })), { migrationsFolder: "./lib/db/migrations" });
};
runMigrate();
`
	for _, tc := range []struct {
		name, scripts, spec, want string
		files                     []string
	}{
		{"run-s", `"build": "run-s db:migrate build:next", "build:next": "next build", "db:migrate": "dotenv -c -- drizzle-kit migrate"`, "",
			"package.json's build script runs its db:migrate script (`dotenv -c -- drizzle-kit migrate`), a database migration, during the build: " +
				"the builder has no database, so the step fails, or migrates the database a .env of the context names, from the build; " +
				"set `build: {command: \"npm run build:next\"}` to build without it", nil},
		{"a command of the chain", `"build": "prisma migrate deploy && tsc -p tsconfig.build.json"`, "",
			"runs `prisma migrate deploy`, a database migration, during the build: the builder has no database, so the step fails, or migrates the database a .env of the context names, from the build; set `build: {command: \"tsc -p tsconfig.build.json\"}`", nil},
		{"npm run of a knex script", `"build": "npm run migrate && npm run compile", "migrate": "knex migrate:latest", "compile": "tsc"`, "",
			"set `build: {command: \"npm run compile\"}`", nil},
		// cusdis: the schema is chosen by a variable the command sets for the script
		{"npm run of a script with a variable", `"build": "DB_TYPE=pgsql npm run db:generate && DB_TYPE=pgsql npm run db:deploy && next build", ` +
			`"db:deploy": "prisma migrate deploy --schema ./prisma/$DB_TYPE/schema.prisma", "db:generate": "prisma generate --schema ./prisma/$DB_TYPE/schema.prisma"`, "",
			"runs its db:deploy script (`prisma migrate deploy --schema ./prisma/$DB_TYPE/schema.pris...`), a database migration, during the build: " +
				"the builder has no database, so the step fails, or migrates the database a .env of the context names, from the build; " +
				"set `build: {command: \"DB_TYPE=pgsql npm run db:generate && next build\"}`", nil},
		{"cross-env before npm run", `"build": "cross-env NODE_ENV=production npm run migrate && tsc", "migrate": "knex migrate:latest"`, "",
			"set `build: {command: \"tsc\"}`", nil},
		{"prisma generate is no migration", `"build": "prisma generate && tsc"`, "", "", nil},
		{"no migration", `"build": "run-s clean compile", "clean": "rimraf dist", "compile": "tsc"`, "", "", nil},
		{"build.command", `"build": "drizzle-kit migrate && tsc"`, "build: {command: tsc}\n", "", nil},
		{"a module of drizzle's migrator run by tsx", `"build": "tsx lib/db/migrate && tsc"`, "",
			"package.json's build script runs `tsx lib/db/migrate` (lib/db/migrate.ts imports drizzle-orm/postgres-js/migrator), a database migration, " +
				"during the build: the builder has no database, so the step fails, or migrates the database a .env of the context names, from the build; " +
				"set `build: {command: \"tsc\"}`", []string{"lib/db/migrate.ts", drizzle}},
		{"knex's migrate.latest run by a script", `"build": "npm run db && tsc", "db": "node scripts/migrate.mjs"`, "",
			"runs its db script (`node scripts/migrate.mjs`) (scripts/migrate.mjs calls knex's migrate.latest)",
			[]string{"scripts/migrate.mjs", "import knex from 'knex';\nawait knex(config).migrate.latest();\n"}},
		{"a module that does not migrate", `"build": "tsx scripts/icons.ts && tsc"`, "", "",
			[]string{"scripts/icons.ts", "import { writeFileSync } from 'node:fs';\nwriteFileSync('src/icons.json', '[]');\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkg := `{"name": "api", "scripts": {"start": "node dist/index.js", ` + tc.scripts + `}, "dependencies": {"express": "^5"}}`
			spec := "language: node\nports: [3000]\n" + tc.spec
			ctx := langtest.With(map[string]string{"package.json": pkg, "src/index.ts": ""}, tc.files...)
			p := provider.MustPlan(t, spec, langtest.Gathered(t, Provider{}, spec, ctx)) // the modules are read as planning reads them
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
