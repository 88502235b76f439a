package python

import (
	"slices"
	"strings"
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
		{"celery -A worker.celery worker --logfile=/var/log/celery/worker.log", ""},
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

// TestProcessFilesOutsideTheAppAreTheUsers: a process's log or pid file at an absolute path
// (Celery's documented `--logfile=/var/log/celery/worker.log`, gunicorn's `--error-logfile`)
// has its directory made, empty, the runtime user's, as a data volume is, and the stage says
// which option wants it; a system directory (/run, /etc), one the user writes already (/tmp, its
// home, which /home/nonroot is not for a user the spec names), a
// directory named with a variable or Celery's `%n` and an image run as root get none.
func TestProcessFilesOutsideTheAppAreTheUsers(t *testing.T) {
	app := files("requirements.txt", "fastapi\nuvicorn\ncelery\ngunicorn\n", "main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n",
		"worker.py", "from celery import Celery\n\ncelery = Celery(__name__)\n")
	for _, tc := range []struct {
		name, worker, spec string
		want               []string // the directories made, with mode and owner
	}{
		{"Celery's log", "celery -A worker.celery worker --logfile=/var/log/celery/worker.log", "", []string{"/var/log/celery 755 65532:65532"}},
		{"Celery's log per node", "celery multi start w1 -A worker.celery --logfile=/var/log/celery/%n%I.log", "", []string{"/var/log/celery 755 65532:65532"}},
		{"a log and a pid file, twice", "celery -A worker.celery worker -f /var/log/celery/w.log --pidfile /srv/celery/w.pid && celery -A worker.celery beat -f /var/log/celery/b.log",
			"", []string{"/var/log/celery 755 65532:65532", "/srv/celery 755 65532:65532"}},
		{"gunicorn's", "gunicorn main:app --error-logfile /var/log/gunicorn/error.log --access-logfile -", "", []string{"/var/log/gunicorn 755 65532:65532"}},
		{"another user", "celery -A worker.celery worker --logfile=/var/log/celery/worker.log", "user: \"1000:1000\"\n", []string{"/var/log/celery 755 1000:1000"}},
		{"system and the user's directories, variables", "celery -A worker.celery worker --pidfile=/run/celery/w.pid --logfile=/tmp/w.log -f /var/log/%n/w.log -s $SCHEDULE", "", nil},
		{"as root", "celery -A worker.celery worker --logfile=/var/log/celery/worker.log", "user: root\n", nil},
		{"the user's home", "celery -A worker.celery worker --logfile=/home/nonroot/logs/worker.log", "", nil},
		{"another user's home", "celery -A worker.celery worker --logfile=/home/nonroot/logs/worker.log", "user: \"1000:1000\"\n", []string{"/home/nonroot/logs 755 1000:1000"}},
	} {
		p := mustContext(t, "language: python\nports: [8000]\n"+tc.spec+"processes:\n  web: uvicorn main:app --host 0.0.0.0\n  worker: "+tc.worker+"\n", app)
		if made := dataDirsMade(p); !slices.Equal(made, tc.want) {
			t.Errorf("%s: made %q, want %q", tc.name, made, tc.want)
		}
		if desc := p.Stage("runtime").Description; len(tc.want) > 0 && !strings.Contains(desc, "(the "+strings.Fields(tc.worker)[0]+" process's ") {
			t.Errorf("%s: the runtime's description does not say which option wants the directory: %s", tc.name, desc)
		}
	}
}
