package python

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/procs"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A project's own image often migrates its database before the server starts: its Dockerfile's
// ENTRYPOINT runs init.sh (`alembic upgrade head`, then `exec "$@"`: rafsaf's
// minimal-fastapi-postgres-template), or its CMD is `python manage.py migrate && gunicorn ...`.
// The image runs the server alone: a migration needs the database, which the build has not, and
// whether every start of every replica runs one is the deployment's choice. So MigrationNotRun
// names the migration, where it was, and how to run it with the image.

// migration is a command that migrates a database: Alembic's upgrade (options before it
// included), a program whose command is `migrate` (Django's manage.py and django-admin, a
// project's script over them: umap's `umap migrate`), Flask-Migrate's and other tools' `db
// upgrade`/`db migrate` (superset, airflow), Advanced Alchemy's `database upgrade` (Litestar's
// CLI), Aerich, Piccolo, yoyo, Prisma's client for Python.
var migration = regexp.MustCompile(`(?:^|[\s/])(?:alembic(?:\s+-\S+(?:\s+[^-\s]\S*)?)*\s+upgrade\b|[\w.-]+\s+migrate(?:\s|$)|(?:db|database)\s+(?:upgrade|migrate)\b|aerich\s+upgrade\b|piccolo\s+migrations\s+forwards\b|yoyo(?:-migrate)?\s+apply\b|prisma\s+migrate\s+deploy\b)`)

// shellSeparators split a shell line into its commands.
var shellSeparators = regexp.MustCompile(`&&|\|\||;|\||\n`)

// shellKeywords are words before a command in a script's line: `if ! alembic upgrade head; then`.
var shellKeywords = []string{"then", "do", "else", "if", "while", "until", "!", "exec", "time", "{", "("}

// migrations are the migration commands of a shell text, as written, in order and once each;
// comments, and lines that only print (echo, printf), are passed over.
func migrations(text string) []string {
	text = strings.ReplaceAll(text, "\\\n", " ")
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") {
			continue
		}
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		for _, seg := range shellSeparators.Split(line, -1) {
			w := strings.Fields(seg)
			for len(w) > 0 && slices.Contains(shellKeywords, w[0]) {
				w = w[1:]
			}
			if len(w) == 0 || w[0] == "echo" || w[0] == "printf" || w[0] == ":" {
				continue
			}
			cmd := strings.Join(w, " ")
			if migration.MatchString(cmd) && !slices.Contains(out, cmd) {
				out = append(out, cmd)
			}
		}
	}
	return out
}

// migrationNotes warn (MigrationNotRun) of the migrations the project's own image runs before
// its server that this image does not: those of the script its Dockerfile's last stage starts
// with (lang.DockerfileStartScript), else those before the last command of a shell-form CMD.
// None when the spec says what runs (entrypoint, cmd, processes), or when a Procfile's processes
// are the targets (its release process is one).
func migrationNotes(s *spec.Spec, f lang.Facts, e entry) []plan.Note {
	if s.Entrypoint != "" || s.Cmd != nil || len(s.Processes) > 0 || f.Has(procs.Procfile) || len(e.args) == 0 {
		return nil
	}
	where, steps := "", []string(nil)
	if sc, ok := lang.DockerfileStartScript(f); ok {
		for _, src := range sc.Sources {
			if f.Has(src) && shellScript(src, f.Text(src)) {
				where = fmt.Sprintf("%s (the script %s's image starts with, as %s)", src, sc.Dockerfile, sc.Path)
				steps = migrations(f.Text(src))
				break
			}
		}
	}
	if name, line := lang.DockerfileShellCmd(f); len(steps) == 0 && line != "" {
		segs := shellSeparators.Split(line, -1)
		where, steps = fmt.Sprintf("%s's CMD (`%s`)", name, line), migrations(strings.Join(segs[:len(segs)-1], "\n"))
	}
	if len(steps) == 0 {
		return nil
	}
	quoted := make([]string, len(steps))
	for i, st := range steps {
		quoted[i] = "`" + st + "`"
	}
	server := "`" + strings.Join(append([]string{path.Base(e.args[0])}, e.args[1:]...), " ") + "`"
	return append([]plan.Note(nil), rules.MigrationNotRun.Note(lang.FirstField(s, "language"),
		rules.MigrationNotRun.Format(where, strings.Join(quoted, ", "), server, runWithImage(steps[0]))))
}

// shellScript: a file /bin/sh or bash runs, by its name (.sh) or its first line (#!/bin/bash,
// #!/usr/bin/env sh): not a Python program that a Dockerfile starts by its path (./manage.py).
func shellScript(name, text string) bool {
	first, _, _ := strings.Cut(text, "\n")
	return strings.HasSuffix(name, ".sh") || shebangShell.MatchString(first)
}

// shebangShell is a first line that names a shell.
var shebangShell = regexp.MustCompile(`^#!\s*\S*/(?:env\s+)?(?:ba|da|a|z)?sh\b`)

// runWithImage is a docker command that runs step with the image, whose entrypoint is the
// server: the step's program as the entrypoint (found on the image's PATH, the venv's bin; a
// manage.py by python in /app), without the project manager's `run` (the image has none), or
// through /bin/sh when the step needs a shell (variables, quotes).
func runWithImage(step string) string {
	if strings.ContainsAny(step, "$'\"`<>*") {
		return "docker run --rm --entrypoint /bin/sh IMAGE -c '" + strings.ReplaceAll(step, "'", `'\''`) + "'"
	}
	w := strings.Fields(step)
	if len(w) > 2 && slices.Contains([]string{"poetry", "uv", "pdm", "pipenv", "hatch", "rye"}, w[0]) && w[1] == "run" {
		w = w[2:]
	}
	switch base := path.Base(w[0]); {
	case strings.Contains(w[0], "="): // a variable for the command: a shell sets it
		return "docker run --rm --entrypoint /bin/sh IMAGE -c '" + step + "'"
	case strings.HasPrefix(base, "python"):
		w[0] = "python"
	case base == "manage.py":
		w = append([]string{"python", "manage.py"}, w[1:]...)
	}
	return strings.Join(append([]string{"docker run --rm --entrypoint", w[0], "IMAGE"}, w[1:]...), " ")
}
