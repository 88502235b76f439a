package node

import (
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A build script may migrate a database before it builds: Next-js-Boilerplate's build is
// `run-s db:migrate build:next`, db:migrate being `dotenv -c -- drizzle-kit migrate` against
// .env's DATABASE_URL (127.0.0.1:5432). The builder has no database: the step fails, or
// migrates whatever database the context's .env names from inside the build. Planning does
// not drop the step (the script is the project's), BuildRunsMigration names it and the
// build.command without it.

// migrationRun is a command that migrates a database: drizzle-kit's migrate and push, Prisma's
// migrate deploy/dev and db push, knex's, sequelize's, TypeORM's, MikroORM's, node-pg-migrate
// and db-migrate.
var migrationRun = regexp.MustCompile(`\b(?:drizzle-kit\s+(?:migrate|push)|prisma\s+(?:migrate\s+(?:deploy|dev|reset)|db\s+push)|knex\s+migrate:(?:latest|up)|sequelize(?:-cli)?\s+db:migrate|typeorm(?:-ts-node-\w+)?\b[^&|;]*\bmigration:run|mikro-orm\s+migration:up|node-pg-migrate\s+up|db-migrate\s+up)\b`)

// migrationModule is a module that migrates a database when a build step runs it with node or
// tsx: drizzle-orm's migrator (ai-chatbot's build `tsx lib/db/migrate && next build`, whose
// lib/db/migrate.ts imports drizzle-orm/postgres-js/migrator and loads .env.local), knex's
// migrate.latest, umzug's and kysely's Migrator.
var migrationModule = regexp.MustCompile(`["'](drizzle-orm/[\w-]+/migrator)["']|(\.migrate\.latest)\s*\(|\bnew\s+(Umzug|Migrator)\s*\(`)

// stepFiles are the files a build step's command runs with node or tsx (`npx tsx
// lib/db/migrate`): the file, or for a path without a script's extension the ones tsx tries.
func stepFiles(cmd string) []string {
	sf, ok := parseServer(strings.TrimPrefix(strings.TrimSpace(cmd), "npx "))
	f, valid := entryPath(sf.File)
	switch {
	case !ok || !valid || f == ".":
		return nil
	case jsSource.MatchString(f):
		return []string{f}
	}
	return []string{f + ".ts", f + ".mts", f + ".js", f + ".mjs", f + ".cjs"}
}

// buildMigrationReads are the files the root's build steps run with node or tsx, read for a
// migration (migrationModule).
func buildMigrationReads(m manifest) []string {
	var out []string
	for _, st := range buildSteps(m.Scripts) {
		out = append(out, stepFiles(st.text)...)
		if st.script != "" && st.text != m.Scripts[st.script] {
			out = append(out, stepFiles(m.Scripts[st.script])...)
		}
	}
	return out
}

// migratingModule is the file of those a build step's command runs that migrates a database, and
// what says so ("" when none does).
func migratingModule(p pkg, cmd string) (file, what string) {
	for _, f := range stepFiles(cmd) {
		switch m := migrationModule.FindStringSubmatch(p.text(f)); {
		case m == nil:
		case m[1] != "":
			return f, "imports " + m[1]
		case m[2] != "":
			return f, "calls knex's migrate.latest"
		default:
			return f, "makes a " + m[3]
		}
	}
	return "", ""
}

// buildStep is one command of the build script: its text, and the script it runs ("" for a
// command of its own).
type buildStep struct{ text, script string }

// buildSteps are the build script's commands: those of an `&&` chain, and the scripts run-s or
// npm-run-all (serial) run, each named (also one a chain's command runs with its variables).
func buildSteps(scripts map[string]string) []buildStep {
	var out []buildStep
	for _, seg := range strings.Split(scripts["build"], "&&") {
		w := strings.Fields(seg)
		switch {
		case len(w) == 0:
		case w[0] == "run-s" || w[0] == "npm-run-all" && !slices.Contains(w, "-p") && !slices.Contains(w, "--parallel"):
			for _, name := range w[1:] {
				if !strings.HasPrefix(name, "-") && !strings.ContainsAny(name, "*{") {
					out = append(out, buildStep{scripts[name], name})
				}
			}
		default:
			out = append(out, buildStep{strings.Join(w, " "), scriptRun(w)})
		}
	}
	return out
}

// scriptRun is the script the command words w run (runsScript) after the variables they set for
// it: cusdis's build runs `DB_TYPE=pgsql npm run db:deploy` (prisma migrate deploy); cross-env's too.
func scriptRun(w []string) string {
	if len(w) > 0 && w[0] == "cross-env" {
		w = w[1:]
	}
	for len(w) > 0 && assignment.MatchString(w[0]) {
		w = w[1:]
	}
	return runsScript(w)
}

// buildMigrationNotes warn of a migration the build script runs, when the builder runs that
// script (no build.command, no framework build instead of it) at the root.
func buildMigrationNotes(s *spec.Spec, p pkg, e entry, pm manager) []plan.Note {
	if s.Build.Command != nil || e.Build != nil || p.dir != "." || p.m.Scripts["build"] == "" {
		return nil
	}
	steps := buildSteps(p.m.Scripts)
	runs := func(cmd string) bool {
		f, _ := migratingModule(p, cmd)
		return migrationRun.MatchString(cmd) || f != ""
	}
	i := slices.IndexFunc(steps, func(st buildStep) bool {
		return runs(st.text) || st.script != "" && runs(p.m.Scripts[st.script])
	})
	if i < 0 {
		return nil
	}
	cmd := steps[i].text
	what := "`" + oneLine(cmd) + "`"
	if steps[i].script != "" {
		cmd = p.m.Scripts[steps[i].script]
		what = "its " + steps[i].script + " script (`" + oneLine(cmd) + "`)"
	}
	if f, module := migratingModule(p, cmd); f != "" && !migrationRun.MatchString(cmd) {
		what += " (" + f + " " + module + ")"
	}
	var rest []string
	for j, st := range steps {
		if j == i {
			continue
		}
		if st.script != "" && st.text == p.m.Scripts[st.script] && !strings.Contains(st.text, "&&") {
			rest = append(rest, strings.Join(pm.run(st.script), " "))
		} else {
			rest = append(rest, st.text)
		}
	}
	fix := "set `build.command` to the build's other steps"
	if len(rest) > 0 {
		fix = "set `build: {command: \"" + strings.Join(rest, " && ") + "\"}`"
	}
	return append([]plan.Note(nil), rules.BuildRunsMigration.Note(lang.FirstField(s, "build", "language"),
		rules.BuildRunsMigration.Format("package.json's build script", what, fix)))
}
