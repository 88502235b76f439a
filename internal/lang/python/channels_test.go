package python

import (
	"strings"
	"testing"
)

// A cookiecutter-django project with Django Channels (Ghostwriter's shape): its settings set
// both WSGI_APPLICATION and ASGI_APPLICATION, and its websocket consumers answer only through
// the ASGI application, which its start script serves with uvicorn.
func TestDjangoChannelsServesTheASGIApplication(t *testing.T) {
	base := "WSGI_APPLICATION = \"config.wsgi.application\"\n" +
		"INSTALLED_APPS = [\n    \"django.contrib.admin\",\n    \"channels\",\n    \"reports\",\n]\n" +
		"ASGI_APPLICATION = \"config.asgi.application\"\nSTATIC_ROOT = \"/app/staticfiles\"\n"
	ctx := files("requirements.txt", "django\nchannels\nuvicorn[standard]\ngunicorn\n",
		"manage.py", djangoManage, "mysite/__init__.py", "",
		"mysite/settings.py", strings.ReplaceAll(base, "config.", "mysite."),
		"mysite/wsgi.py", "application = get_wsgi_application()\n",
		"mysite/asgi.py", "application = ProtocolTypeRouter({})\n")
	entrypointIs(t, "channels", "language: python\nports: [8000]\n", ctx,
		[]string{"/opt/venv/bin/uvicorn", "mysite.asgi:application", "--host", "0.0.0.0", "--port", "8000"})

	// daphne's app, which Channels' docs put first, says the same
	entrypointIs(t, "daphne", "language: python\nports: [8000]\n",
		with(ctx, "requirements.txt", "django\nchannels\ndaphne\ngunicorn\n",
			"mysite/settings.py", strings.ReplaceAll(strings.Replace(base, `"channels"`, `"daphne"`, 1), "config.", "mysite.")),
		[]string{"/opt/venv/bin/daphne", "--bind", "0.0.0.0", "--port", "8000", "mysite.asgi:application"})

	// no ASGI server among the dependencies: uvicorn is added, not gunicorn used
	p := entrypointIs(t, "no ASGI server", "language: python\nports: [8000]\n", with(ctx, "requirements.txt", "django\nchannels\ngunicorn\n"),
		[]string{"/opt/venv/bin/uvicorn", "mysite.asgi:application", "--host", "0.0.0.0", "--port", "8000"})
	if n := noteOf(p, "ServerAdded"); !strings.Contains(n, "uvicorn==") || !strings.Contains(n, "Channels") {
		t.Errorf("ServerAdded: %q", n)
	}

	// without Channels among the installed apps, WSGI_APPLICATION as before
	entrypointIs(t, "no channels", "language: python\nports: [8000]\n",
		with(ctx, "mysite/settings.py", strings.ReplaceAll(strings.Replace(base, `    "channels",`+"\n", "", 1), "config.", "mysite.")),
		[]string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"})

	// Channels named but no ASGI application in the settings or beside them: WSGI
	entrypointIs(t, "no asgi", "language: python\nports: [8000]\n",
		with(ctx, "mysite/settings.py", strings.ReplaceAll(strings.Replace(base, "ASGI_APPLICATION = \"config.asgi.application\"\n", "", 1), "config.", "mysite."),
			"mysite/asgi.py", ""),
		[]string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"})

	// a spec's entrypoint still wins
	entrypointIs(t, "spec", "language: python\nports: [8000]\nentrypoint: mysite.wsgi:application\n", ctx,
		[]string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"})
}
