package python

import (
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestProcessFilesAreWritable: a process that names a file it writes at start below /app
// (fastapi-celery's worker: `celery ... worker --logfile=logs/celery.log`, gunicorn's
// `--error-logfile`) gets that file's directory the runtime user's; Celery's beat without
// --schedule (its celerybeat-schedule in the working directory) or a file directly in /app makes
// /app take new files from the user; a schedule elsewhere, a database scheduler, an absolute
// path, the standard stream, a variable's value and an image run as root are left alone.
func TestProcessFilesAreWritable(t *testing.T) {
	app := files("requirements.txt", "fastapi\nuvicorn\ncelery\ngunicorn\n", "main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n",
		"worker.py", "from celery import Celery\n\ncelery = Celery(__name__)\n", "logs/.gitkeep", "")
	worker := "processes:\n  web: uvicorn main:app --host 0.0.0.0\n  worker: celery -A worker.celery worker --loglevel=info --logfile=logs/celery.log\n"
	p := mustContext(t, "language: python\nports: [8000]\n"+worker, app)
	langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p logs", "logs")
	if got := langtest.SharedWorkdir(p, "/app"); got != "" {
		t.Errorf("worker: /app made %q", got)
	}
	// the Procfile's lines, gunicorn's options (an option and its value as two words)
	p = mustContext(t, "language: python\nports: [8000]\n", with(app, "Procfile",
		"web: gunicorn -k uvicorn.workers.UvicornWorker main:app --error-logfile var/log/error.log --access-logfile -\n"+
			"worker: REMAP_SIGTERM=SIGQUIT celery -A worker.celery worker -f $LOG_FILE\n"))
	langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p var/log", "var/log")
	// beat's schedule in the working directory
	beat := func(cmd string) string {
		return "language: python\nports: [8000]\nprocesses:\n  web: uvicorn main:app --host 0.0.0.0\n  beat: " + cmd + "\n"
	}
	for _, tc := range []struct{ cmd, want string }{
		{"celery -A worker.celery beat -l info", "1775 0:65532"},
		{"python -m celery -A worker.celery worker -B", "1775 0:65532"},
		{"celery -A worker.celery worker --pidfile=worker.pid", "1775 0:65532"},
		{"celery -A worker.celery beat --schedule=/tmp/celerybeat-schedule", ""},
		{"celery -A worker.celery beat -S django_celery_beat.schedulers:DatabaseScheduler", ""},
		{"celery -A worker.celery beat -s /tmp/schedule", ""},
		{"celery -A worker.celery worker --logfile=/var/log/celery.log", ""},
	} {
		p := mustContext(t, beat(tc.cmd), app)
		if got := langtest.SharedWorkdir(p, "/app"); got != tc.want {
			t.Errorf("%s: /app made %q, want %q", tc.cmd, got, tc.want)
		}
	}
	// an image run as root writes anywhere
	p = mustContext(t, beat("celery -A worker.celery beat")+"user: root\n", app)
	if got := langtest.SharedWorkdir(p, "/app"); got != "" {
		t.Errorf("root: /app made %q", got)
	}
}
