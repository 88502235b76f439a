package node

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestStartStepsNotRun: the commands a project's container runs before its server, which the
// image does not run, are named: a kutt-shaped Dockerfile's shell-form CMD (a migration script,
// then npm start), a start script running a migration before node. Not a build or a compiler's
// run (Sass) before the server, a Procfile's default process, a spec that says what runs, an exec-form CMD.
func TestStartStepsNotRun(t *testing.T) {
	const kutt = `{"name": "short", "scripts": {"start": "node server/server.js --production", "migrate": "knex migrate:latest"}, "dependencies": {"knex": "3.1.0"}}`
	const migrating = `{"name": "notes", "main": "app.js", "scripts": {"start": "sequelize db:migrate && node app.js"}, "dependencies": {"sequelize-cli": "5.5.1"}}`
	const building = `{"name": "api", "scripts": {"build": "tsc", "start": "npm run build && node dist/index.js"}}`
	const resume = `{"name": "resume", "scripts": {"build": "nx run-many -t build", "prestart": "pnpm prisma:migrate", "start": "node dist/apps/server/main",
 "prisma:migrate": "pnpm exec prisma migrate deploy"}, "dependencies": {"@nestjs/core": "^10"}}`
	shellCmd := "FROM node:22-alpine\nWORKDIR /srv\nCOPY . .\nCMD npm run migrate && npm start\n"
	for _, tc := range []struct {
		name, spec, pkg string
		files           []string
		want            string // "" for no warning
	}{
		{"the Dockerfile's CMD", "language: node\n", kutt, []string{"server/server.js", "", "Dockerfile", shellCmd},
			"Dockerfile's CMD (`npm run migrate && npm start`) runs `npm run migrate` (knex migrate:latest) before the server; the image runs server/server.js alone"},
		{"the start script", "language: node\n", migrating, []string{"app.js", ""},
			"package.json's start script (`sequelize db:migrate && node app.js`) runs `sequelize db:migrate` before the server; the image runs app.js alone"},
		{"a Procfile's process runs the start script", "language: node\n", migrating, []string{"app.js", "", "Procfile", "web: npm start\n"}, ""},
		{"a build before the server", "language: node\n", building, []string{"src/index.ts", ""}, ""},
		{"a compiler before the server", "language: node\n", `{"scripts": {"styles": "sass ./public/css:./public/css", "start": "npm run styles && node server.js"}}`, []string{"server.js", ""}, ""},
		{"the spec's cmd", "language: node\ncmd: [--production]\n", kutt, []string{"server/server.js", "", "Dockerfile", shellCmd}, ""},
		{"an exec-form CMD", "language: node\n", kutt, []string{"server/server.js", "", "Dockerfile", "FROM node:22\nCMD [\"npm\", \"start\"]\n"}, ""},
		// npm, yarn 1 and pnpm run prestart before start (Reactive-Resume's `pnpm run start`)
		{"the start script's prestart", "language: node\n", resume, []string{"dist/apps/server/main.js", ""},
			"package.json's start script with its prestart (`pnpm prisma:migrate && node dist/apps/server/main`) runs `pnpm prisma:migrate` (pnpm exec prisma migrate deploy) before the server"},
		{"a prestart under yarn 2+, which runs none", "language: node\n", resume, []string{"dist/apps/server/main.js", "", "yarn.lock", "__metadata:\n  version: 8\n", ".yarnrc.yml", "nodeLinker: node-modules\n"}, ""},
		{"a prestart that copies a file into place", "language: node\n", `{"scripts": {"prestart": "test -f config.js || cp config.example.js config.js", "start": "node server.js"}}`, []string{"server.js", ""}, ""},
		{"a prestart that builds", "language: node\n", `{"scripts": {"prestart": "tsc", "start": "node dist/server.js"}, "devDependencies": {"typescript": "5.9.3"}}`, []string{"src/server.ts", ""}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := langtest.Messages(provider.MustPlan(t, tc.spec, facts(tc.pkg, tc.files...)), "StartStepsNotRun")
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("warned: %q", got)
			case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
