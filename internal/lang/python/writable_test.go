package python

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestWritableDirectories: a Python app's `writable` directories (an SQLite file's directory,
// uploads) are copied from the builder into /app owned by the runtime user, and the app's own
// copy leaves them out; the ejected Dockerfile says the same.
func TestWritableDirectories(t *testing.T) {
	p := provider.MustPlan(t, "language: python\nwritable: [instance, media/uploads]\n", reqApp)
	langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p instance media/uploads", "instance", "media/uploads")
	langtest.Ejects(t, p, "COPY --from=builder --chown=65532:65532 /app/instance /app/instance/",
		"COPY --from=builder --chown=65532:65532 /app/media/uploads /app/media/uploads/", "--exclude=instance --exclude=media/uploads /app /app\n")
}

// TestDjangoMediaRootIsWritable: a Django project whose settings put MEDIA_ROOT below BASE_DIR
// (startproject's layout, settings packages a level further down, a BASE_DIR a directory up
// from another variable of the settings), also as the default of an environment variable
// (which the image leaves unset), gets that directory as the runtime user's, where Django's
// file storage writes uploads; a MEDIA_ROOT read from the environment alone, outside the
// context or a BASE_DIR not read is left alone.
func TestDjangoMediaRootIsWritable(t *testing.T) {
	settings := func(media string) lang.Facts { return with(djangoSite, "mysite/settings.py", djangoSettingsPy+media) }
	for _, tc := range []struct {
		name string
		ctx  lang.Facts
		want string // "" for none
	}{
		{"BASE_DIR / media", settings("MEDIA_URL = \"media/\"\nMEDIA_ROOT = BASE_DIR / \"media\"\n"), "media"},
		{"os.path.join", with(djangoSite, "mysite/settings.py", "import os\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"+
			"WSGI_APPLICATION = \"mysite.wsgi.application\"\nMEDIA_ROOT = os.path.join(BASE_DIR, 'uploads')  # user files\n"), "uploads"},
		{"str(), in the package", settings("MEDIA_ROOT = str(BASE_DIR / \"mysite\")\n"), "mysite"},
		// a settings package a level down, BASE_DIR from its base module: parents[2]
		{"settings package", with(djangoSite, "manage.py", strings.Replace(djangoManage, "mysite.settings", "config.settings.production", 1),
			"config/__init__.py", "", "config/settings/__init__.py", "", "config/wsgi.py", "application = get_wsgi_application()\n",
			"config/settings/base.py", "from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parents[2]\nMEDIA_ROOT = BASE_DIR / \"media\"\n",
			"config/settings/production.py", "from .base import *  # noqa\n"), "media"},
		// wagtail's bakerydemo shape: PROJECT_DIR, the package, in a settings package
		{"PROJECT_DIR", with(djangoSite, "manage.py", strings.Replace(djangoManage, "mysite.settings", "bakery.settings.production", 1),
			"bakery/__init__.py", "", "bakery/settings/__init__.py", "", "bakery/wsgi.py", "application = get_wsgi_application()\n",
			"bakery/settings/base.py", "import os\n\nPROJECT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nBASE_DIR = os.path.dirname(PROJECT_DIR)\n"+
				"MEDIA_ROOT = os.path.join(PROJECT_DIR, \"media\")\n",
			"bakery/settings/production.py", "from .base import *  # noqa\n"), "bakery/media"},
		// etebase's: BASE_DIR a directory up from SOURCE_DIR, the package
		{"BASE_DIR from SOURCE_DIR", with(djangoSite, "mysite/settings.py", "import os\nSOURCE_DIR = os.path.dirname(os.path.abspath(__file__))\n"+
			"BASE_DIR = os.path.dirname(SOURCE_DIR)\nWSGI_APPLICATION = \"mysite.wsgi.application\"\nMEDIA_ROOT = os.path.join(BASE_DIR, \"media\")\n"), "media"},
		{"BASE_DIR from PACKAGE_DIR.parent", with(djangoSite, "mysite/settings.py", "from pathlib import Path\nPACKAGE_DIR = Path(__file__).resolve().parent\n"+
			"BASE_DIR = PACKAGE_DIR.parent\nWSGI_APPLICATION = \"mysite.wsgi.application\"\nMEDIA_ROOT = BASE_DIR / \"uploads\"\n"), "uploads"},
		// pinry's: below STATIC_ROOT, itself below BASE_DIR
		{"below another setting's path", settings("MEDIA_ROOT = os.path.join(STATIC_ROOT, 'media')\n"), "staticfiles/media"},
		{"BASE_DIR from itself", with(djangoSite, "mysite/settings.py", "BASE_DIR = os.path.dirname(BASE_DIR)\nMEDIA_ROOT = BASE_DIR / \"media\"\n"), ""},
		{"BASE_DIR from a variable not read", with(djangoSite, "mysite/settings.py", "ROOT = env.path(\"ROOT\")\nBASE_DIR = os.path.dirname(ROOT)\nMEDIA_ROOT = BASE_DIR / \"media\"\n"), ""},
		// the image leaves the variable unset: the default is where uploads go
		{"the environment's default", settings("MEDIA_ROOT = os.environ.get(\"MEDIA_ROOT\", BASE_DIR / \"media\")\n"), "media"},
		{"getenv's default", settings("MEDIA_ROOT = os.getenv('APP_MEDIA', os.path.join(BASE_DIR, 'uploads'))\n"), "uploads"},
		// mathesar's: the default by keyword, naming another setting that is the path
		{"a keyword default naming a setting", settings("DEFAULT_MEDIA_ROOT = os.path.join(BASE_DIR, '.media/')\nMEDIA_ROOT = os.environ.get('MEDIA_ROOT', default=DEFAULT_MEDIA_ROOT)\n"), ".media"},
		{"a setting not read", settings("MEDIA_ROOT = os.environ.get('MEDIA_ROOT', default=UPLOADS)\n"), ""},
		{"from the environment", settings("MEDIA_ROOT = os.environ[\"MEDIA_ROOT\"]\n"), ""},
		{"from the environment, no default", settings("MEDIA_ROOT = os.environ.get(\"MEDIA_ROOT\")\n"), ""},
		{"out of the context", settings("MEDIA_ROOT = BASE_DIR / \"..\"\n"), ""},
		{"the root", settings("MEDIA_ROOT = BASE_DIR / \".\"\n"), ""},
		{"BASE_DIR not read", with(djangoSite, "mysite/settings.py", "BASE_DIR = env.path(\"BASE_DIR\")\nMEDIA_ROOT = BASE_DIR / \"media\"\n"), ""},
		{"none", djangoSite, ""},
	} {
		ownsDir(t, tc.name, tc.ctx, tc.want, "Django")
	}
}

// TestDjangoLogFilesAreWritable: the directory of a file that a LOGGING file handler of the
// settings writes below BASE_DIR (directly, or through a variable of the settings naming it, as
// mediacms's error_filename below LOGS_DIR) is the runtime user's: logging opens the file when
// Django configures it, at start, and a root-owned directory fails the server there. A path
// concatenated to BASE_DIR (`BASE_DIR + "/media_files/"`) is read as MEDIA_ROOT's too. A handler
// of another class, a file at the root, from the environment alone or in /var/log is left alone.
func TestDjangoLogFilesAreWritable(t *testing.T) {
	osBase := "import os\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nWSGI_APPLICATION = \"mysite.wsgi.application\"\n"
	logging := func(filename string) string {
		return "LOGGING = {\n    \"version\": 1,\n    \"handlers\": {\n        \"file\": {\n            \"level\": \"ERROR\",\n" +
			"            \"class\": \"logging.handlers.RotatingFileHandler\",\n            \"filename\": " + filename + ",\n            \"maxBytes\": 1048576,\n" +
			"        },\n        \"console\": {\"class\": \"logging.StreamHandler\"},\n    },\n    \"root\": {\"handlers\": [\"file\", \"console\"]},\n}\n"
	}
	settings := func(body string) lang.Facts { return with(djangoSite, "mysite/settings.py", osBase+body) }
	for _, tc := range []struct {
		name string
		ctx  lang.Facts
		want string
	}{
		{"os.path.join", settings(logging(`os.path.join(BASE_DIR, "logs", "django.log")`)), "logs"},
		{"a variable below another", settings("LOGS_DIR = os.path.join(BASE_DIR, \"var/log\")\nerror_filename = os.path.join(LOGS_DIR, \"debug.log\")\n" +
			"if not os.path.exists(LOGS_DIR):\n    os.mkdir(LOGS_DIR)\n" + logging("error_filename")), "var/log"},
		{"Path", with(djangoSite, "mysite/settings.py", djangoSettingsPy+logging(`BASE_DIR / "logs" / "app.log"`)), "logs"},
		{"the environment's default", settings(logging(`os.environ.get("LOG_FILE", os.path.join(BASE_DIR, "logs/app.log"))`)), "logs"},
		{"concatenated MEDIA_ROOT", settings("MEDIA_ROOT = BASE_DIR + \"/media_files/\"\n"), "media_files"},
		{"the root", settings(logging(`os.path.join(BASE_DIR, "django.log")`)), ""},
		{"from the environment", settings(logging(`os.environ["LOG_FILE"]`)), ""},
		{"an absolute path", settings(logging(`"/var/log/mysite/django.log"`)), ""},
		{"not a file handler", settings("LOGGING = {\"handlers\": {\"x\": {\"class\": \"myapp.log.Handler\", \"filename\": os.path.join(BASE_DIR, \"logs\", \"x.log\")}}}\n"), ""},
		{"concatenated without a slash", settings("MEDIA_ROOT = BASE_DIR + \"media\"\n"), ""},
	} {
		ownsDir(t, tc.name, tc.ctx, tc.want, "Django")
	}
	// mediacms's shape: both, one copy each
	p := mustContext(t, "language: python\n", settings("MEDIA_ROOT = BASE_DIR + \"/media_files/\"\nLOGS_DIR = os.path.join(BASE_DIR, \"logs\")\n"+
		"error_filename = os.path.join(LOGS_DIR, \"debug.log\")\n"+logging("error_filename")))
	langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p media_files logs", "media_files", "logs")
}

// TestDjangoSQLiteDirectoryIsWritable: the directory of a SQLite database the settings'
// DATABASES name below BASE_DIR (also as the default of a variable of the environment, which
// the image leaves unset) is the runtime user's, where SQLite writes the file and its journal; a database directly in the project's root (startproject's) makes /app take new files
// from the runtime user (root's, the user's group, mode 1775: made before the app's files, which
// stay root's), unless the image runs as root; a database file in the context (which ships
// root's) or another working directory is warned of (DatabaseNotWritable); another engine, or a
// name from the environment alone, is left alone.
func TestDjangoSQLiteDirectoryIsWritable(t *testing.T) {
	settings := func(databases string) lang.Facts {
		return with(djangoSite, "mysite/settings.py", djangoSettingsPy+"import os\n\nDATABASES = {\n    \"default\": {\n"+databases+"    }\n}\n")
	}
	const sqlite = "        \"ENGINE\": \"django.db.backends.sqlite3\",\n"
	for _, tc := range []struct {
		name, spec string
		ctx        lang.Facts
		want       string // the writable directory, "" for none
		warn       bool
		shared     string // the mode and owner /app is made with, "" when it is not made
	}{
		{"startproject's, in the root", "", settings(sqlite + "        \"NAME\": BASE_DIR / \"db.sqlite3\",\n"), "", false, "1775 0:65532"},
		{"the root, as another user", "user: \"1000:1001\"\n", settings(sqlite + "        \"NAME\": BASE_DIR / \"db.sqlite3\",\n"), "", false, "1775 0:1001"},
		{"the root, the file in the context", "", with(settings(sqlite+"        \"NAME\": BASE_DIR / \"db.sqlite3\",\n"), "db.sqlite3", "SQLite format 3"), "", true, ""},
		{"the root, another working directory", "workdir: /srv/site\n", settings(sqlite + "        \"NAME\": BASE_DIR / \"db.sqlite3\",\n"), "", true, ""},
		{"the root, as root", "user: root\n", settings(sqlite + "        \"NAME\": BASE_DIR / \"db.sqlite3\",\n"), "", false, ""},
		{"a directory of its own", "", settings(sqlite + "        \"NAME\": BASE_DIR / \"data\" / \"db.sqlite3\",\n"), "data", false, ""},
		// babybuddy's: the engine and the name from the environment, else SQLite in data/
		{"os.path.join, after the environment", "", settings("        \"ENGINE\": os.getenv(\"DB_ENGINE\") or \"django.db.backends.sqlite3\",\n" +
			"        \"NAME\": os.getenv(\"DB_NAME\") or os.path.join(BASE_DIR, \"data/db.sqlite3\"),  # the default\n"), "data", false, ""},
		{"single quotes, str()", "", settings("        'ENGINE': 'django.db.backends.sqlite3',\n        'NAME': str(BASE_DIR.joinpath('var', 'db', 'app.db')),\n"), "var/db", false, ""},
		{"with MEDIA_ROOT", "", with(settings(sqlite+"        \"NAME\": BASE_DIR / \"db\" / \"db.sqlite3\",\n"), "mysite/media.py", "from .settings import BASE_DIR\nMEDIA_ROOT = BASE_DIR / \"media\"\n"), "media db", false, ""},
		{"PostgreSQL", "", settings("        \"ENGINE\": \"django.db.backends.postgresql\",\n        \"NAME\": BASE_DIR / \"data\" / \"db\",\n"), "", false, ""},
		{"from the environment", "", settings(sqlite + "        \"NAME\": os.environ[\"DB_PATH\"],\n"), "", false, ""},
		// etebase's: the environment's path, else the default below BASE_DIR
		{"the environment's default", "", settings(sqlite + "        \"NAME\": os.environ.get(\"APP_DB_PATH\", os.path.join(BASE_DIR, \"data\", \"db.sqlite3\")),\n"), "data", false, ""},
		{"getenv's default, in the root", "", settings(sqlite + "        \"NAME\": os.getenv('APP_DB_PATH', BASE_DIR / 'db.sqlite3'),\n"), "", false, "1775 0:65532"},
		{"out of the context", "", settings(sqlite + "        \"NAME\": BASE_DIR / \"..\" / \"db.sqlite3\",\n"), "", false, ""},
	} {
		p, err := inContext(t, "language: python\n"+tc.spec, tc.ctx)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		warned := slices.ContainsFunc(p.Notes, func(n plan.Note) bool {
			return n.Rule == "DatabaseNotWritable" && strings.Contains(n.Msg, "mysite/settings.py") && (strings.Contains(n.Msg, "at db.sqlite3, directly in /app") || strings.Contains(n.Msg, "the build context holds that file"))
		})
		if warned != tc.warn {
			t.Errorf("%s: DatabaseNotWritable %v, want %v: %+v", tc.name, warned, tc.warn, p.Notes)
		}
		shared := ""
		for i, st := range p.Stage("runtime").Steps {
			if mk, ok := st.(*plan.Mkdir); ok && mk.Path == "/app" {
				shared = fmt.Sprintf("%o %s", mk.Mode, mk.Chown)
				if first := slices.IndexFunc(p.Stage("runtime").Steps, func(st plan.Step) bool {
					c, ok := st.(*plan.Copy)
					return ok && slices.Contains(c.Paths, "/app")
				}); first < i {
					t.Errorf("%s: /app is made at step %d, after the app's copy (%d)", tc.name, i, first)
				}
			}
		}
		if shared != tc.shared {
			t.Errorf("%s: /app made %q, want %q", tc.name, shared, tc.shared)
		}
		if d := p.Stage("runtime").Description; (tc.shared != "") != strings.Contains(d, "/app takes new files from the runtime user (Django's SQLite file db.sqlite3, from mysite/settings.py)") {
			t.Errorf("%s: runtime %q", tc.name, d)
		}
		if tc.want == "" {
			for _, c := range langtest.Steps[*plan.Copy](p.Stage("runtime")) {
				if c.Chown != "" && tc.spec == "" {
					t.Errorf("%s: copy %+v is the user's", tc.name, c)
				}
			}
			continue
		}
		dirs := strings.Fields(tc.want)
		langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p "+tc.want, dirs...)
	}
}

// TestFlaskInstanceFolderIsWritable: a Flask application whose module writes in its instance
// folder (Flask's tutorial: instance_relative_config=True, os.makedirs(app.instance_path), its
// SQLite database there) gets that folder, instance/ beside its top-level package, as the
// runtime user's (src/instance for a src layout's package that is imported from /app/src); an
// application that does not name it, a package's under src/ (imported from the venv, whose
// instance folder is elsewhere) and the words in a string only are left alone.
func TestFlaskInstanceFolderIsWritable(t *testing.T) {
	const flaskr = "import os\n\nfrom flask import Flask\n\n\ndef create_app(test_config=None):\n" +
		"    app = Flask(__name__, instance_relative_config=True)\n" +
		"    app.config.from_mapping(DATABASE=os.path.join(app.instance_path, \"flaskr.sqlite\"))\n" +
		"    os.makedirs(app.instance_path, exist_ok=True)\n    return app\n"
	for _, tc := range []struct {
		name string
		ctx  lang.Facts
		want string
	}{
		{"the tutorial's package", files("pyproject.toml", "[project]\nname = \"flaskr\"\nversion = \"1\"\ndependencies = [\"flask\", \"waitress\"]\n", "flaskr/__init__.py", flaskr), "instance"},
		{"a module, relative config", files("requirements.txt", "flask\ngunicorn\n", "app.py", "from flask import Flask\n\napp = Flask(__name__, instance_relative_config=True)\n"), "instance"},
		{"no instance folder", files("requirements.txt", "flask\ngunicorn\n", "app.py", "from flask import Flask\n\napp = Flask(__name__)\n"), ""},
		{"in a string only", files("requirements.txt", "flask\ngunicorn\n", "app.py", "from flask import Flask\n\napp = Flask(__name__)\nHELP = \"see app.instance_path\"\n"), ""},
		{"a package under src/", files("pyproject.toml", "[project]\nname = \"flaskr\"\nversion = \"1\"\ndependencies = [\"flask\", \"gunicorn\"]\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n", "src/flaskr/__init__.py", flaskr), ""},
		// no build system: nothing installs src/flaskr, which the image imports from /app/src
		{"a src layout, no package", files("pyproject.toml", "[project]\nname = \"flaskr\"\nversion = \"1\"\ndependencies = [\"flask\", \"gunicorn\"]\n", "src/flaskr/__init__.py", flaskr), "src/instance"},
	} {
		ownsDir(t, tc.name, tc.ctx, tc.want, "Flask")
	}
}

// A Flask application whose configuration module puts its uploads, logs and cache beside its
// code (CTFd's CTFd/config.py: a value from its config.ini or the environment, `or`
// os.path.join of its own directory): those directories are the runtime user's.
func TestFlaskConfigFoldersAreWritable(t *testing.T) {
	const config = "import os\n\n\nclass ServerConfig(object):\n" +
		"    SECRET_KEY: str = os.getenv(\"SECRET_KEY\")\n" +
		"    LOG_FOLDER: str = empty_str_cast(config_ini[\"logs\"][\"LOG_FOLDER\"]) \\\n" +
		"        or os.path.join(os.path.dirname(os.path.abspath(__file__)), \"logs\")\n" +
		"    UPLOAD_FOLDER = os.getenv(\"UPLOAD_FOLDER\") or os.path.join(\n        os.path.dirname(__file__), \"uploads\"  # files players upload\n    )\n" +
		"    CACHE_DIR: str = os.path.join(\n        os.path.dirname(__file__), os.pardir, \".data\", \"filesystem_cache\"\n    )\n" +
		"    TEMPLATES_FOLDER = os.path.join(os.path.dirname(__file__), \"themes\")\n" +
		"    DATA_DIR = os.getenv(\"DATA_DIR\")\n" +
		"    MEDIA_FOLDER = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, \"media\")\n"
	ctx := files("requirements.txt", "flask\ngunicorn\n",
		"wsgi.py", "from ctf import create_app\n\napp = create_app()\n",
		"ctf/__init__.py", "from flask import Flask\n\ndef create_app(config=\"ctf.config.ServerConfig\"):\n    return Flask(__name__)\n",
		"ctf/config.py", config)
	p := mustContext(t, "language: python\n", ctx)
	// the templates are not written; a folder from the environment alone, or out of the
	// context, is not followed
	langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p ctf/logs ctf/uploads .data/filesystem_cache", "ctf/logs", "ctf/uploads", ".data/filesystem_cache")

	// a configuration at the top, a module-level setting
	p = mustContext(t, "language: python\n", with(ctx, "ctf/config.py", "", "config.py", "UPLOAD_FOLDER = os.path.join(os.path.dirname(os.path.realpath(__file__)), 'static', 'uploads')\n"))
	langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p static/uploads", "static/uploads")

	// FitTrackee's: below the application's root path (its package's directory), as an
	// environment variable's default the image leaves unset
	rooted := with(ctx, "ctf/config.py", "import os\nfrom flask import current_app\n\n\nclass BaseConfig:\n"+
		"    UPLOAD_FOLDER = os.path.join(\n        os.getenv(\"UPLOAD_FOLDER\", current_app.root_path), \"uploads\"\n    )\n"+
		"    LOG_DIR = os.path.join(app.root_path, os.pardir, \"logs\")\n    CACHE_DIR = os.path.join(current_app.config_path, \"cache\")\n")
	p = mustContext(t, "language: python\n", rooted)
	langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p ctf/uploads logs", "ctf/uploads", "logs")
	// an application module at the top: its root path is the top
	p = mustContext(t, "language: python\n", with(rooted, "wsgi.py", "", "ctf/__init__.py", "", "app.py", "from flask import Flask\n\napp = Flask(__name__)\n"))
	langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p uploads", "uploads")

	// not a Flask application: not read
	p = mustContext(t, "language: python\nentrypoint: serve.py\n", files("requirements.txt", "msf-greeting\n", "serve.py", "", "ctf/config.py", config))
	for _, c := range langtest.Steps[*plan.Copy](p.Stage("runtime")) {
		if c.Chown != "" {
			t.Errorf("no Flask: copy %+v is the user's", c)
		}
	}
}

// TestDataVolumesOutsideTheAppAreTheUsers: a volume the project's own Dockerfile declares at an
// absolute path outside /app (Radicale's VOLUME /var/lib/radicale, where it stores its
// collections) is made, empty, the runtime user's; the system's directories, the venv, a file,
// one below /app (a writable directory already) and an image running as root are left alone.
func TestDataVolumesOutsideTheAppAreTheUsers(t *testing.T) {
	project := files("pyproject.toml", "[project]\nname = \"cal\"\nversion = \"1\"\n[project.scripts]\ncal = \"cal:main\"\n"+
		"[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n", "cal/__init__.py", "def main():\n    pass\n")
	dockerfile := func(volumes string) lang.Facts {
		return with(project, "Dockerfile", "FROM python:3-alpine\nWORKDIR /app\nCOPY . .\n"+volumes+"ENTRYPOINT [\"cal\"]\n")
	}
	for _, tc := range []struct {
		name, spec string
		ctx        lang.Facts
		want       []string // the directories made, with mode and owner
	}{
		{"Radicale's", "", dockerfile("VOLUME /var/lib/radicale\n"), []string{"/var/lib/radicale 755 65532:65532"}},
		{"JSON form, two", "", dockerfile("VOLUME [\"/data\", \"/srv/cal/\"]\n"), []string{"/data 755 65532:65532", "/srv/cal 755 65532:65532"}},
		{"another user", "user: \"1000:1000\"\n", dockerfile("VOLUME /data\n"), []string{"/data 755 1000:1000"}},
		{"system directories, the venv, a file", "", dockerfile("VOLUME /etc/cal /var/run/cal /tmp/x /opt/venv /opt /config.json /\n"), nil},
		{"below /app", "", dockerfile("VOLUME /app/data\n"), nil},
		{"as root", "user: root\n", dockerfile("VOLUME /data\n"), nil},
		{"the working directory of its image", "", with(project, "Dockerfile", "FROM python:3\nWORKDIR /data\nVOLUME /data\n"), []string{"/data 755 65532:65532"}},
	} {
		p, err := inContext(t, "language: python\n"+tc.spec, tc.ctx)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if made := dataDirsMade(p); !slices.Equal(made, tc.want) {
			t.Errorf("%s: made %q, want %q", tc.name, made, tc.want)
		}
		if d := p.Stage("runtime").Description; (tc.want != nil) != strings.Contains(d, "(a volume of Dockerfile) the runtime user's") {
			t.Errorf("%s: runtime %q", tc.name, d)
		}
		// the image works where its own image does when that is the volume (ArchiveBox's /data)
		if works := strings.HasPrefix(tc.name, "the working directory"); works != (p.Image.Workdir == "/data") {
			t.Errorf("%s: workdir %q", tc.name, p.Image.Workdir)
		}
	}
}

// dataDirsMade are the directories the runtime stage makes but the user's home and /app, each
// with its mode and owner ("/var/lib/radicale 755 65532:65532").
func dataDirsMade(p *plan.Plan) []string {
	var made []string
	for _, mk := range langtest.Steps[*plan.Mkdir](p.Stage("runtime")) {
		if mk.Path != "/home/nonroot" && mk.Path != "/app" {
			made = append(made, fmt.Sprintf("%s %o %s", mk.Path, mk.Mode, mk.Chown))
		}
	}
	return made
}

// TestDjangoStaticRootWritableWhenTheWebProcessCollects: a web process that runs collectstatic
// at start (locallibrary's Procfile, as Heroku runs it) rewrites the manifest in STATIC_ROOT, so
// that directory is the runtime user's; without such a process it stays root's.
func TestDjangoStaticRootWritableWhenTheWebProcessCollects(t *testing.T) {
	site := djangoSite // STATIC_ROOT = BASE_DIR / "staticfiles"
	const procfile = "web: python manage.py migrate && python manage.py collectstatic --no-input && gunicorn mysite.wsgi\n"
	p := mustContext(t, "language: python\n", with(site, "Procfile", procfile))
	langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p staticfiles", "staticfiles")
	p = mustContext(t, "language: python\nprocesses:\n  web: sh -c \"django-admin collectstatic --noinput && gunicorn mysite.wsgi\"\n", site)
	langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p staticfiles", "staticfiles")
	for name, ctx := range map[string]lang.Facts{"no web process": site, "one that does not collect": with(site, "Procfile", "web: gunicorn mysite.wsgi\n")} {
		p := mustContext(t, "language: python\n", ctx)
		for _, c := range langtest.Steps[*plan.Copy](p.Stage("runtime")) {
			if c.Chown != "" {
				t.Errorf("%s: copy %+v is the user's", name, c)
			}
		}
	}
}

// TestFlaskSQLiteDefaultIsWritable: a Flask configuration defaulting its database to a SQLite
// file beside the code (flasky's and microblog's basedir in config.py, sayhello's
// os.path.dirname(app.root_path) in its package's settings.py) gets that directory the runtime
// user's: /app itself shared (root's, the runtime user's group, 1775), a directory below it
// writable. A file in the context, another working directory, root, or a URI read otherwise, none.
func TestFlaskSQLiteDefaultIsWritable(t *testing.T) {
	flask := files("requirements.txt", "flask\nflask-sqlalchemy\ngunicorn\n", "app/__init__.py", "from flask import Flask\n\napp = Flask(__name__)\n")
	const basedir = "import os\nbasedir = os.path.abspath(os.path.dirname(__file__))\n\n\nclass Config:\n"
	for _, tc := range []struct {
		name, src, shared string
		ctx               lang.Facts
		writable          []string
	}{
		{"flasky's config.py", "", "Flask's SQLite file data-dev.sqlite, from config.py",
			with(flask, "config.py", basedir+"    SQLALCHEMY_DATABASE_URI = os.environ.get('DEV_DATABASE_URL') or \\\n        'sqlite:///' + os.path.join(basedir, 'data-dev.sqlite')\n"), nil},
		{"sayhello's settings.py", "", "Flask's SQLite file data.db, from app/settings.py",
			with(flask, "app/settings.py", "import os\nfrom app import app\nprefix = 'sqlite:////'\ndev_db = prefix + os.path.join(os.path.dirname(app.root_path), 'data.db')\n"), nil},
		{"a data directory", "", "",
			with(flask, "config.py", basedir+"    SQLALCHEMY_DATABASE_URI = 'sqlite:///' + os.path.join(basedir, 'data', 'app.db')\n"), []string{"data"}},
		{"the file in the context", "", "", with(flask, "config.py", basedir+"    DB = 'sqlite:///' + os.path.join(basedir, 'app.db')\n", "app.db", ""), nil},
		{"CTFd's f-string in its package", "", "", with(flask, "ctfsite/__init__.py", "", "ctfsite/config.py", "import os\n\n\nclass ServerConfig:\n"+
			"    DATABASE_URL = os.getenv('DATABASE_URL')\n    if not DATABASE_URL:\n        DATABASE_URL = f\"sqlite:///{os.path.dirname(os.path.abspath(__file__))}/ctfsite.db\"\n"), []string{"who owns ctfsite (Flask's)"}},
		{"an f-string's directories", "", "", with(flask, "config.py", basedir+"    DB = f'sqlite:///{basedir}/var/data/app.db'\n"), []string{"who owns var/data (Flask's)"}},
		{"root", "user: root\n", "", with(flask, "config.py", basedir+"    DB = 'sqlite:///' + os.path.join(basedir, 'app.db')\n"), nil},
		{"a URI from the environment only", "", "", with(flask, "config.py", "import os\nSQLALCHEMY_DATABASE_URI = os.environ['DATABASE_URL']  # sqlite in tests\n"), nil},
	} {
		p := mustContext(t, "language: python\n"+tc.src, tc.ctx)
		rt := p.Stage("runtime")
		if got := strings.Contains(rt.Description, "takes new files from the runtime user ("+tc.shared+")"); got != (tc.shared != "") {
			t.Errorf("%s: runtime %q, want /app shared for %q", tc.name, rt.Description, tc.shared)
		}
		for _, dir := range tc.writable {
			if !strings.Contains(rt.Description, dir) {
				t.Errorf("%s: runtime %q, want %s the runtime user's", tc.name, rt.Description, dir)
			}
		}
	}
}

// ownsDir plans the context and checks that the runtime user owns the directory dir that the
// framework's settings name (made by mkdir -p), or, when dir is "", that the runtime copies
// nothing as the user's.
func ownsDir(t *testing.T, name string, ctx lang.Facts, dir, framework string) {
	t.Helper()
	p, err := inContext(t, "language: python\n", ctx)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if dir == "" {
		for _, c := range langtest.Steps[*plan.Copy](p.Stage("runtime")) {
			if c.Chown != "" {
				t.Errorf("%s: copy %+v is the user's", name, c)
			}
		}
		return
	}
	langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p "+dir, dir)
	if d := p.Stage("runtime").Description; !strings.Contains(d, "who owns "+dir+" ("+framework+"'s)") {
		t.Errorf("%s: runtime %q", name, d)
	}
}
