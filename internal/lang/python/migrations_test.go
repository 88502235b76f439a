package python

import (
	"maps"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestAMigrationBeforeTheServerIsWarnedOf: the migration a project's own image runs before its
// server (its entrypoint script's, through the copy that put it there; its shell-form CMD's) is
// named by MigrationNotRun with a command that runs it with the image; a spec that says what
// runs, a Procfile, a script without a migration, or one that only echoes it, gets none.
func TestAMigrationBeforeTheServerIsWarnedOf(t *testing.T) {
	fastapi := map[string]string{"requirements.txt": "fastapi\nuvicorn\nalembic\n", "app/__init__.py": "",
		"app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"}
	with := func(kv ...string) map[string]string {
		return langtest.With(maps.Clone(fastapi), kv...)
	}
	const initDockerfile = "FROM python:3.12-slim\nWORKDIR /build\nCOPY init.sh /init.sh\nENTRYPOINT [\"/init.sh\"]\nCMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\"]\n"
	for _, tc := range []struct {
		name string
		ctx  map[string]string
		want []string
	}{
		{"init.sh copied to /", with("Dockerfile", initDockerfile, "init.sh", "#!/bin/bash\nset -e\n# migrate\necho \"alembic upgrade head\"\nalembic upgrade head\n\nexec \"$@\"\n"),
			[]string{"init.sh (the script Dockerfile's image starts with, as /init.sh) runs `alembic upgrade head` before the server",
				"the image starts `uvicorn app.main:app --host 0.0.0.0 --port 8000` alone",
				"`docker run --rm --entrypoint alembic IMAGE upgrade head`"}},
		{"a start script of the copied tree, through sh", with("Dockerfile", "FROM python:3.12\nWORKDIR /srv\nCOPY . .\nCMD [\"sh\", \"docker/start.sh\"]\n",
			"docker/start.sh", "until pg_isready; do sleep 1; done\nif ! poetry run python -m alembic -c alembic.ini upgrade head; then exit 1; fi\npython manage.py migrate --noinput && exec gunicorn\n"),
			[]string{"docker/start.sh (the script Dockerfile's image starts with, as docker/start.sh) runs `poetry run python -m alembic -c alembic.ini upgrade head`, `python manage.py migrate --noinput` before",
				"`docker run --rm --entrypoint python IMAGE -m alembic -c alembic.ini upgrade head`"}},
		{"a shell-form CMD", with("Dockerfile", "FROM python:3.12\nCMD flask db upgrade && ./manage.py migrate && gunicorn app:app\n"),
			[]string{"Dockerfile's CMD (`flask db upgrade && ./manage.py migrate && gunicorn app:app`) runs `flask db upgrade`, `./manage.py migrate` before",
				"`docker run --rm --entrypoint flask IMAGE db upgrade`"}},
		{"a project's script over Django's commands, copied from a stage", with("Dockerfile", "FROM python:3.12 AS build\nWORKDIR /srv/umap\nCOPY . /srv/umap\n"+
			"FROM python:3.12-slim\nCOPY --from=build /srv/umap/docker/ /srv/umap/docker/\nENTRYPOINT [\"/usr/bin/tini\", \"--\"]\nCMD [\"/srv/umap/docker/entrypoint.sh\"]\n",
			"docker/entrypoint.sh", "umap collectstatic --noinput\numap wait_for_database\numap migrate\nexec uvicorn umap.asgi:application\n"),
			[]string{"docker/entrypoint.sh (the script Dockerfile's image starts with, as /srv/umap/docker/entrypoint.sh) runs `umap migrate` before",
				"`docker run --rm --entrypoint umap IMAGE migrate`"}},
		{"a script named entry, through sh -c", with("Dockerfile", "FROM python:3.11-slim\nWORKDIR /app\nCOPY . ./\nENTRYPOINT [\"/bin/sh\", \"-c\"]\nCMD [\"./scripts/entry\"]\n",
			"scripts/entry", "#!/bin/bash\nset -o errexit\necho Running migrations...\nalembic upgrade head\nuvicorn app.main:app\n"),
			[]string{"scripts/entry (the script Dockerfile's image starts with, as ./scripts/entry) runs `alembic upgrade head` before"}},
		{"a variable", with("Dockerfile", "FROM python:3.12\nCMD FLASK_APP=x flask db upgrade && gunicorn app:app\n"),
			[]string{"`docker run --rm --entrypoint /bin/sh IMAGE -c 'FLASK_APP=x flask db upgrade'`"}},
	} {
		p := provider.MustPlan(t, "language: python\nports: [8000]\n", provider.Gathered(t, "language: python\n", tc.ctx))
		msgs := langtest.Messages(p, "MigrationNotRun")
		if len(msgs) != 1 {
			t.Errorf("%s: MigrationNotRun %q, want one", tc.name, msgs)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(msgs[0], w) {
				t.Errorf("%s: %q\nwant it to hold %q", tc.name, msgs[0], w)
			}
		}
	}
	for _, tc := range []struct {
		name, spec string
		ctx        map[string]string
	}{
		{"cmd", "language: python\ncmd: [--workers, '2']\n", with("Dockerfile", initDockerfile, "init.sh", "alembic upgrade head\nexec \"$@\"\n")},
		{"entrypoint", "language: python\nentrypoint: app.main:app\n", with("Dockerfile", initDockerfile, "init.sh", "alembic upgrade head\nexec \"$@\"\n")},
		{"a Procfile", "language: python\n", with("Dockerfile", initDockerfile, "init.sh", "alembic upgrade head\nexec \"$@\"\n",
			"Procfile", "release: alembic upgrade head\nweb: uvicorn app.main:app --host 0.0.0.0 --port $PORT\n")},
		{"no migration", "language: python\n", with("Dockerfile", initDockerfile, "init.sh", "echo starting; python -m app.wait_for_db\nexec \"$@\"\n")},
		{"the script not in the context", "language: python\n", with("Dockerfile", initDockerfile)},
		{"a Python program started by its path", "language: python\n", with("Dockerfile", "FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD [\"./start\"]\n",
			"start", "#!/usr/bin/env python\n\"\"\"Before the first start:\n    python manage.py migrate\n\"\"\"\n")},
		{"the server alone", "language: python\n", with("Dockerfile", "FROM python:3.12\nCMD alembic upgrade head\n")},
	} {
		f := provider.Gathered(t, tc.spec, tc.ctx)
		if procfile, ok := tc.ctx["Procfile"]; ok { // read by internal/lang/procs, around the provider
			f["Procfile"] = []byte(procfile)
		}
		p := provider.MustPlan(t, tc.spec, f)
		if msgs := langtest.Messages(p, "MigrationNotRun"); len(msgs) != 0 {
			t.Errorf("%s: %q, want none", tc.name, msgs)
		}
	}
}
