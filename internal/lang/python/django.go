package python

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// djangoProject is what a Django project's files say: its settings module and, read from it,
// where its WSGI and ASGI applications are and whether collectstatic has somewhere to write.
type djangoProject struct {
	// manage is manage.py's path in the context: manage.py, src/manage.py or DIR/manage.py
	// (the settings' packages and the application then live under src/ or DIR/, which is on
	// PYTHONPATH).
	manage string
	// dir is the directory a manage.py at the root puts first on sys.path, where the settings'
	// packages and the application live (ephios's `src`, apprise-api's `apprise_api`), which is
	// then on PYTHONPATH as src/ is; "" for none.
	dir                    string
	settings, settingsFrom string
	// wsgi and asgi are module:attr ("" when not found).
	wsgi, asgi string
	// staticRoot: the settings set STATIC_ROOT, so collectstatic runs at build time.
	staticRoot bool
	// channels: the settings' INSTALLED_APPS name Django Channels ("channels", or "daphne", whose
	// app makes runserver ASGI) and ASGI_APPLICATION is set: its websocket consumers are served
	// only by the ASGI application (a WSGI server answers their handshake with 404).
	channels bool
	// compressOffline: the settings set django-compressor's COMPRESS_OFFLINE = True, so its
	// templates' {% compress %} blocks are compressed at build time, after collectstatic: with
	// no offline manifest, they fail when rendered with compression on.
	compressOffline bool
	// compressRoot: the settings set django-compressor's COMPRESS_ROOT, where compress writes
	// instead of STATIC_ROOT.
	compressRoot bool
	// media is MEDIA_ROOT's directory in the context ("" when the settings set none there), where
	// Django's file storage writes uploads at run time: the runtime user's (Runtime.Writable).
	media string
	// logs are the directories in the context of the files the settings' LOGGING file handlers
	// write (logFileDirs): logging opens them when Django configures it, at start, so they are
	// the runtime user's (Runtime.Writable) too.
	logs []string
	// static is STATIC_ROOT's directory in the context ("" when the settings set none there),
	// which collectstatic fills: at build time, and again at start when a web process runs it.
	static string
	// sqlite is the SQLite database file of the settings' DATABASES in the context ("" for none
	// read there), with the file it was read from: SQLite writes the file and its journal beside
	// it, so its directory is the runtime user's (or, at the root, a warning).
	sqlite, sqliteFrom string
	// missing is the settings module's file when the context lacks it while holding its package
	// (opencve's opencve/conf/settings.py, shipped as settings.py.example for its installer to
	// copy, mounted by its compose file): the build cannot import it, so collectstatic does not
	// run; sample is the file the project ships in its place ("" for none). Not set when the
	// spec's build.command may write it.
	missing, sample string
	// chosenIn is the expression manage.py sets DJANGO_SETTINGS_MODULE's default to when
	// planning cannot tell its module (settings ""), candidates the modules of the context it may
	// choose (managesettings.go).
	chosenIn   string
	candidates []string
	// required are the variables the settings read with django-environ and no default
	// (djangopackages' `env.db("DATABASE_URL")`, cookiecutter-django's), which raise
	// ImproperlyConfigured when unset: collectstatic, which imports the settings, gets a
	// placeholder of each variable's type unless build.env sets it.
	required []plan.Env
	// gis: the settings install GeoDjango (django.contrib.gis, or one of its spatial database
	// engines): Django loads GDAL and GEOS with ctypes as the models are imported, so at start,
	// in collectstatic and in the tests.
	gis bool
}

var (
	// settingsDefault is DJANGO_SETTINGS_MODULE's default: setdefault's argument, or its value in
	// a dict of defaults manage.py sets (python-discord/site's DEFAULT_ENVS)
	settingsDefault = regexp.MustCompile(`DJANGO_SETTINGS_MODULE["']\s*[,:]\s*["']([A-Za-z_][A-Za-z0-9_.]*)["']`)
	// manageSysPath is a directory beside manage.py that it puts on sys.path before Django
	// starts: sys.path.insert(0, os.path.join(os.path.dirname(__file__), "src")), with abspath or
	// realpath around __file__, or str(Path(__file__).resolve().parent / "src")
	manageSysPath = regexp.MustCompile(`sys\.path\.(?:insert\(\s*0\s*,|append\()\s*(?:os\.path\.join\(\s*os\.path\.dirname\(\s*(?:os\.path\.(?:abs|real)path\(\s*__file__\s*\)|__file__)\s*\)\s*,\s*["']([A-Za-z_][\w-]*)["']\s*\)|str\(\s*Path\(\s*__file__\s*\)(?:\.resolve\(\)|\.absolute\(\))?\.parent\s*/\s*["']([A-Za-z_][\w-]*)["']\s*\))`)
	// the settings are read with or without a type annotation (saleor's `STATIC_ROOT: str = ...`)
	wsgiSetting = regexp.MustCompile(`(?m)^WSGI_APPLICATION\s*(?::[^=\n]*)?=\s*["']([A-Za-z_][A-Za-z0-9_.]*)\.([A-Za-z_][A-Za-z0-9_]*)["']`)
	asgiSetting = regexp.MustCompile(`(?m)^ASGI_APPLICATION\s*(?::[^=\n]*)?=\s*["']([A-Za-z_][A-Za-z0-9_.]*)\.([A-Za-z_][A-Za-z0-9_]*)["']`)
	staticRoot  = regexp.MustCompile(`(?m)^\s*STATIC_ROOT\s*(?::[^=\n]*)?=[^=]`)
	// mediaRoot is MEDIA_ROOT's value (a path below a directory of the settings: settingsPath, or
	// that path as an environment variable's default: envDefault)
	staticRootDir = regexp.MustCompile(`(?m)^STATIC_ROOT\s*(?::[^=\n]*)?=\s*(.+?)\s*(?:#.*)?$`)
	mediaRoot     = regexp.MustCompile(`(?m)^MEDIA_ROOT\s*(?::[^=\n]*)?=\s*(.+?)\s*(?:#.*)?$`)
	// databaseName is a DATABASES entry's NAME (its dict is read for the engine), after a
	// fallback from the environment (`os.getenv("DB_NAME") or ...`)
	databaseName = regexp.MustCompile(`(?m)["']NAME["']\s*:\s*(?:[^\n]*?\)\s+or\s+)?(.+?)\s*,?\s*(?:#.*)?$`)
	// envDefault is a value from the environment with a default, which the image gets when the
	// variable is unset: os.environ.get("DB_PATH", <default>), os.getenv("DB_PATH", <default>)
	// (the default also by keyword: mathesar's os.environ.get('MEDIA_ROOT', default=DEFAULT_MEDIA_ROOT))
	envDefault = regexp.MustCompile(`^os\.(?:environ\.get|getenv)\(\s*["'][\w.-]+["']\s*,\s*(?:default\s*=\s*)?(.+?)\s*,?\s*\)$`)
	// settingName is a setting's value that is another setting of the file, by its name.
	settingName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	// dirnameOfVar and parentOfVar are a directory variable defined from another one: os.path.dirname(SOURCE_DIR)
	// (each dirname a directory up), SOURCE_DIR.parent, Path(SOURCE_DIR).resolve().parent; the
	// other variable, and what follows it
	dirnameOfVar = regexp.MustCompile(`^((?:os\.path\.dirname\()+)([A-Z][A-Z0-9_]*)(\)+)$`)
	parentOfVar  = regexp.MustCompile(`^(?:Path\(([A-Z][A-Z0-9_]*)\)|([A-Z][A-Z0-9_]*))(?:\.resolve\(\)|\.absolute\(\))?((?:\.parent)+)$`)
	// the forms of a path below a directory variable of the settings (BASE_DIR, PROJECT_DIR):
	// BASE_DIR / "media" / "x", os.path.join(BASE_DIR, "data", "db.sqlite3"),
	// BASE_DIR.joinpath("media"); the variable, then the quoted parts
	slashPath    = regexp.MustCompile(`^([A-Z][A-Z0-9_]*)((?:\s*/\s*["'][\w./-]+["'])+)$`)
	joinPath     = regexp.MustCompile(`^os\.path\.join\(\s*([A-Z][A-Z0-9_]*)((?:\s*,\s*["'][\w./-]+["'])+)\s*,?\s*\)$`)
	joinpathPath = regexp.MustCompile(`^([A-Z][A-Z0-9_]*)\.joinpath\(((?:\s*["'][\w./-]+["']\s*,?)+)\s*\)$`)
	quotedPart   = regexp.MustCompile(`["']([\w./-]+)["']`)
	// compressOffline is django-compressor's offline compression turned on, unconditionally
	compressRootSetting = regexp.MustCompile(`(?m)^\s*COMPRESS_ROOT\s*(?::[^=\n]*)?=[^=]`)
	compressOffline     = regexp.MustCompile(`(?m)^COMPRESS_OFFLINE\s*(?::[^=\n]*)?=\s*True\s*(?:#.*)?$`)
	// channelsApp is Django Channels named as an installed app (or daphne's, which Channels'
	// docs put first)
	channelsApp = regexp.MustCompile(`(?m)^\s*["'](?:channels|daphne)["']\s*,`)
	// geoDjango is GeoDjango's app or one of its database engines, quoted (umap's
	// `"django.contrib.gis"` and `engine="django.contrib.gis.db.backends.postgis"`)
	geoDjango = regexp.MustCompile(`["']django\.contrib\.gis(?:\.db\.backends\.\w+)?["']`)
	// environRequired is a django-environ read with no default: env("X"), env.str("X"),
	// env.db() (DATABASE_URL), env.db("X", engine="..."); the method, then the variable
	environRequired = regexp.MustCompile(`\benv(?:\.(str|db|db_url|cache|cache_url|int|float|bool|list|tuple|dict|json|url|path|search_url|email|email_url))?\(\s*(?:["']([A-Z][A-Z0-9_]*)["']\s*)?(?:,?\s*engine\s*=\s*["'][\w.]+["']\s*)?\)`)
	// environSchema is a variable given a default by the Env(...) that reads it:
	// environ.Env(DEBUG=(bool, False))
	environSchema = regexp.MustCompile(`\b([A-Z][A-Z0-9_]*)\s*=\s*\(`)
	environEnv    = regexp.MustCompile(`(?s)\benviron\.Env\((.*?)\n?\)\s*\n`)
)

// managePattern finds a manage.py one directory down (netbox's netbox/manage.py).
const managePattern = "*/manage.py"

// notProjectDirs are directories whose manage.py is not the project's: a documentation
// site's, an example's, a test project's.
var notProjectDirs = []string{"docs", "doc", "tests", "test", "testing", "scripts", "examples", "example", "contrib", "tools", "node_modules"}

// manageFile is the project's manage.py: at the root, else under src/ (paperless-ngx's
// src/manage.py), else the only one a directory down (netbox's netbox/manage.py), leaving out
// docs/, tests/, scripts/ and the like; "" for none, or for several a directory down.
func manageFile(f lang.Facts) string {
	for _, m := range []string{"manage.py", "src/manage.py"} {
		if f.Has(m) {
			return m
		}
	}
	return lang.Only(f.Glob(managePattern), func(m string) bool {
		dir := path.Dir(m)
		return moduleName.MatchString(dir) && !slices.Contains(notProjectDirs, dir)
	})
}

// newDjango is the Django project of manage.py mf: a manage.py at the root that puts a directory
// beside it on sys.path (ephios's `src`) imports the project's modules from there.
func newDjango(f lang.Facts, mf string) *djangoProject {
	d := &djangoProject{manage: mf}
	if mf == "manage.py" {
		if m := manageSysPath.FindStringSubmatch(f.Text(mf)); m != nil {
			d.dir = m[1] + m[2]
		}
	}
	return d
}

// module is the module a file of the context under the project's base is imported as.
func (d *djangoProject) module(file string) string {
	if b := d.base(); b != "" {
		file = strings.TrimPrefix(file, b+"/")
	}
	return moduleOf(file)
}

// base is the directory the project's modules are imported from: "", "src", the directory
// of manage.py a level down, or the one manage.py puts on sys.path.
func (d *djangoProject) base() string {
	if d == nil || d.manage == "" {
		return ""
	}
	if d.dir != "" {
		return d.dir
	}
	if b := path.Dir(d.manage); b != "." {
		return b
	}
	return ""
}

// djangoSettings is the settings module the image runs with: DJANGO_SETTINGS_MODULE of the
// spec's env, else of build.env, else of the env of the uWSGI configuration the project deploys
// with (uwsgi.go), else the default the wsgi.py beside manage.py's settings sets when it names
// another (cookiecutter-django's manage.py sets config.settings.local, its wsgi.py
// config.settings.production: the server imports wsgi.py), else the default manage.py sets,
// quoted or chosen in code as it chooses it in the image (readManageChoice).
func djangoSettings(s *spec.Spec, f lang.Facts) (string, string) {
	if v, ok := s.Env.Get("DJANGO_SETTINGS_MODULE"); ok && moduleName.MatchString(v) {
		return v, "the spec's env"
	}
	if v, ok := s.Build.Env.Get("DJANGO_SETTINGS_MODULE"); ok && moduleName.MatchString(v) {
		return v, "build.env"
	}
	if c, ok := readUWSGI(f); ok && moduleName.MatchString(c.env["DJANGO_SETTINGS_MODULE"]) {
		return c.env["DJANGO_SETTINGS_MODULE"], c.file
	}
	mf := manageFile(f)
	if mf == "" {
		return "", ""
	}
	c := manageChoice{from: mf}
	if m := settingsDefault.FindStringSubmatch(f.Text(mf)); m != nil {
		c.settings = m[1]
	} else if c, _ = readManageChoice(f, mf); c.settings == "" {
		return "", ""
	}
	base := newDjango(f, mf).base()
	// the module the settings' WSGI_APPLICATION names, else the wsgi.py beside them
	file := wsgiApplicationFile(f, base, c.settings)
	for _, dir := range appDirs(c.settings) {
		if file != "" {
			break
		}
		if beside := path.Join(base, dir, "wsgi.py"); f.Has(beside) {
			file = beside
		}
	}
	// not the module manage.py falls back from (dpaste's wsgi.py names its missing local settings)
	if w := settingsDefault.FindStringSubmatch(f.Text(file)); file != "" && w != nil && w[1] != c.settings && w[1] != c.tried {
		return w[1], file
	}
	return c.settings, c.from
}

// wsgiApplicationFile is the file in the context of the module the WSGI_APPLICATION of the
// settings module settings (or of its packages) names, which the server imports, wherever it is:
// Grafana OnCall's settings.dev names engine.wsgi.application, a package away from its settings/;
// "" for none.
func wsgiApplicationFile(f lang.Facts, base, settings string) string {
	for _, file := range settingsFiles(f, base, settings) {
		m := wsgiSetting.FindStringSubmatch(f.Text(file))
		if m == nil {
			continue
		}
		mod := path.Join(base, strings.ReplaceAll(m[1], ".", "/"))
		for _, file := range []string{mod + ".py", mod + "/__init__.py"} {
			if f.Has(file) {
				return file
			}
		}
		return ""
	}
	return ""
}

// wsgiApplicationReads are the files wsgiApplicationFile looks for: those of the module the
// WSGI_APPLICATION of settings names, once the settings are read.
func wsgiApplicationReads(f lang.Facts, base, settings string) []string {
	if settings == "" {
		return nil
	}
	for _, file := range settingsFiles(f, base, settings) {
		if m := wsgiSetting.FindStringSubmatch(f.Text(file)); m != nil {
			mod := path.Join(base, strings.ReplaceAll(m[1], ".", "/"))
			return []string{mod + ".py", mod + "/__init__.py"}
		}
	}
	return nil
}

// manageSettings is the settings module manage.py mf sets (djangoSettings' last resort), "" for
// none read.
func manageSettings(f lang.Facts, mf string) string {
	if m := settingsDefault.FindStringSubmatch(f.Text(mf)); m != nil {
		return m[1]
	}
	c, _ := readManageChoice(f, mf)
	return c.settings
}

// settingsFiles are the files of the settings module settings in the context and of the
// packages around it (settingsDirs), the module first, as djangoApp reads them.
func settingsFiles(f lang.Facts, base, settings string) []string {
	dirs := settingsDirs(settings)
	var out []string
	for _, file := range []string{path.Join(base, dirs[0]) + ".py", path.Join(base, dirs[0]) + "/__init__.py"} {
		if f.Has(file) {
			out = append(out, file)
		}
	}
	for _, dir := range dirs {
		out = append(out, f.Glob(path.Join(base, dir)+"/*.py")...)
	}
	return out
}

// settingsEnv: the settings module is not the one manage.py sets, nor build.env's, so
// DJANGO_SETTINGS_MODULE is set for manage.py's build steps (collectstatic) and, unless the
// spec's env does, in the image, where manage.py's commands run with the server's settings.
func (d *djangoProject) settingsEnv() bool {
	return d != nil && d.settings != "" && d.settingsFrom != d.manage && d.settingsFrom != "build.env"
}

// settingsDirs are the packages around the settings module, deepest first: where Django's
// startproject puts wsgi.py and asgi.py (beside settings.py), and where split settings
// (settings/base.py, settings/production.py) live. mysite.settings -> mysite;
// config.settings.production -> config/settings/production (a package), config/settings, config.
func settingsDirs(settings string) []string {
	parts := strings.Split(settings, ".")
	var out []string
	for i := len(parts); i >= 1; i-- {
		out = append(out, strings.Join(parts[:i], "/"))
	}
	return out
}

// appDirs are the packages the application may be in beside the settings module (settingsDirs
// without the module itself); for a settings module at the top (djangopackages' `settings`,
// with wsgi.py beside it), the directory it is in, "".
func appDirs(settings string) []string {
	if dirs := settingsDirs(settings)[1:]; len(dirs) > 0 {
		return dirs
	}
	return []string{""}
}

// appPackages are the packages a project may hold its WSGI or ASGI application in instead of
// startproject's wsgi.py and asgi.py (saleor's saleor/asgi/__init__.py, which wraps Django's
// application in middleware of its own modules).
var appPackages = []string{"wsgi", "asgi"}

// djangoReads are the Python files of the settings' packages, and the __init__.py of a wsgi or
// asgi package beside the settings, once manage.py is read.
func djangoReads(s *spec.Spec, f lang.Facts) []string {
	mf := manageFile(f)
	if mf == "" {
		return nil
	}
	out := manageChoiceReads(f, mf) // the modules manage.py chooses from in code
	settings, _ := djangoSettings(s, f)
	if settings == "" {
		return out
	}
	base := newDjango(f, mf).base()
	for _, dir := range settingsDirs(settings) {
		out = append(out, path.Join(base, dir)+"/*.py")
	}
	if mod := manageSettings(f, mf); mod != "" && mod != settings {
		// manage.py's settings, whose WSGI_APPLICATION chose these (djangoSettings): read again
		for _, dir := range settingsDirs(mod) {
			out = append(out, path.Join(base, dir)+"/*.py")
		}
	}
	out = append(out, wsgiApplicationReads(f, base, manageSettings(f, mf))...)
	out = append(out, path.Join(base, settingsDirs(settings)[0])+".py.*") // a sample of it (settingsSample)
	if !strings.Contains(settings, ".") {
		// a module at the top: no package's *.py above holds it, nor wsgi.py beside it
		out = append(out, path.Join(base, settings+".py"), path.Join(base, "wsgi.py"), path.Join(base, "asgi.py"))
	}
	for _, dir := range appDirs(settings) {
		for _, pkg := range appPackages {
			out = append(out, path.Join(base, dir, pkg, "__init__.py"))
		}
	}
	if a, ok := djangoApp(s, f); ok && a.django.sqlite != "" {
		// is the database in the context? It would ship root's (a probe: not read)
		out = append(out, lang.Probe(a.django.sqlite))
	}
	return out
}

// settingsSample is the file a project ships in place of the settings module mod (a path
// without .py): mod.py.example (.sample, .dist, .template...), else a module of its package
// named for it and for a sample (settings_example.py, settings.sample.py); "" for none.
func settingsSample(f lang.Facts, mod string) string {
	if g := f.Glob(mod + ".py.*"); len(g) > 0 {
		return g[0]
	}
	for _, file := range f.Glob(path.Dir(mod) + "/*.py") {
		if name := path.Base(file); strings.HasPrefix(name, path.Base(mod)) && sampleName.MatchString(name) {
			return file
		}
	}
	return ""
}

// sampleName is a file name that says it is a sample to copy.
var sampleName = regexp.MustCompile(`(?i)example|sample|dist|template|default`)

// djangoApp is a Django project's application: manage.py names the settings module, the
// settings' WSGI_APPLICATION (ASGI_APPLICATION) the application, else the wsgi.py (asgi.py)
// of the package nearest the settings, as startproject lays them out. ok is false without
// manage.py; an application that cannot be found is a webApp with no module.
func djangoApp(s *spec.Spec, f lang.Facts) (webApp, bool) {
	mf := manageFile(f)
	if mf == "" {
		return webApp{}, false
	}
	d := newDjango(f, mf)
	d.settings, d.settingsFrom = djangoSettings(s, f)
	a := webApp{framework: "Django", django: d, from: mf}
	if d.settings == "" {
		if c, ok := readManageChoice(f, mf); ok {
			d.chosenIn, d.candidates = c.expr, c.candidates
		}
		return a, true
	}
	dirs := settingsDirs(d.settings)
	for i := range dirs {
		dirs[i] = path.Join(d.base(), dirs[i]) // src/config/settings: moduleOf drops src/ again
	}
	// missing: its package is in the context without it, or a file of the project names a module at
	// the top that is not (bugsink's wsgi.py names bugsink_conf, which its Dockerfile copies
	// from a template)
	fromProject := d.settingsFrom != "the spec's env" && d.settingsFrom != "build.env"
	if s.Build.Command == nil && !f.Has(dirs[0]+".py") && !f.Has(dirs[0]+"/__init__.py") &&
		(len(dirs) > 1 && len(f.Glob(dirs[1]+"/*.py")) > 0 || len(dirs) == 1 && fromProject && len(f.Glob(dirs[0]+"/*.py")) == 0) {
		d.missing, d.sample = dirs[0]+".py", settingsSample(f, dirs[0])
	}
	var texts, files []string // the settings module first, then the other files of its packages
	for _, file := range []string{dirs[0] + ".py", dirs[0] + "/__init__.py"} {
		texts, files = append(texts, f.Text(file)), append(files, file)
	}
	for _, dir := range dirs {
		for _, file := range f.Glob(dir + "/*.py") {
			texts, files = append(texts, f.Text(file)), append(files, file)
		}
	}
	d.media = settingDir(texts, files, mediaRoot)
	d.static = settingDir(texts, files, staticRootDir)
	d.logs = logFileDirs(texts, files)
	d.sqlite, d.sqliteFrom = sqliteFile(texts, files)
	for _, t := range texts {
		if m := wsgiSetting.FindStringSubmatch(t); m != nil && d.wsgi == "" {
			d.wsgi = m[1] + ":" + m[2]
		}
		if m := asgiSetting.FindStringSubmatch(t); m != nil && d.asgi == "" {
			d.asgi = m[1] + ":" + m[2]
		}
		d.staticRoot = d.staticRoot || staticRoot.MatchString(t)
		d.compressOffline = d.compressOffline || compressOffline.MatchString(t)
		d.compressRoot = d.compressRoot || compressRootSetting.MatchString(t)
		d.channels = d.channels || channelsApp.MatchString(t)
		d.gis = d.gis || geoDjango.MatchString(t)
	}
	d.required = requiredEnv(texts)
	d.channels = d.channels && d.asgi != "" // Channels runs the application ASGI_APPLICATION names
	for _, dir := range appDirs(d.settings) {
		dir = path.Join(d.base(), dir)
		for _, file := range []string{path.Join(dir, "wsgi.py"), path.Join(dir, "wsgi/__init__.py")} {
			if d.wsgi == "" && f.Has(file) {
				d.wsgi = d.module(file) + ":application"
			}
		}
		for _, file := range []string{path.Join(dir, "asgi.py"), path.Join(dir, "asgi/__init__.py")} {
			if d.asgi == "" && f.Has(file) {
				d.asgi = d.module(file) + ":application"
			}
		}
	}
	if d.wsgi == "" && path.Base(d.settingsFrom) == "wsgi.py" && f.Has(d.settingsFrom) {
		// the wsgi.py whose settings these are, not beside them (bugsink's bugsink/wsgi.py names
		// bugsink_conf, a module at the top): the server imports it, as the project's own does
		d.wsgi = d.module(d.settingsFrom) + ":application"
	}
	a.from = "settings " + d.settings + " from " + d.settingsFrom
	switch {
	case d.channels:
		// Channels' consumers (websockets) are reachable through the ASGI application only,
		// as its deployment docs serve it (Ghostwriter's uvicorn config.asgi:application)
		a.module, a.attr, _ = strings.Cut(d.asgi, ":")
		a.asgi = true
		a.from += ", ASGI for Django Channels in INSTALLED_APPS"
	case d.wsgi != "":
		a.module, a.attr, _ = strings.Cut(d.wsgi, ":")
	case d.asgi != "":
		a.module, a.attr, _ = strings.Cut(d.asgi, ":")
		a.asgi = true
	}
	return a, true
}

// djangoMissing is the error of a Django project whose application was not found.
func djangoMissing(s *spec.Spec, a webApp, field string) error {
	d := a.django
	if d.settings == "" && d.chosenIn != "" {
		hint := "set DJANGO_SETTINGS_MODULE in `env` to the settings the image runs with"
		if len(d.candidates) > 0 {
			hint = "write " + envLines(d.candidates) + ", the settings the image runs with"
		}
		return lang.FieldError(s, field, hint,
			"a Django project (%s), but %s chooses DJANGO_SETTINGS_MODULE in code (`%s`), which planning does not run",
			d.manage, d.manage, d.chosenIn)
	}
	if d.settings == "" {
		return lang.FieldError(s, field, "set `entrypoint` to the WSGI application, e.g. mysite.wsgi:application, or DJANGO_SETTINGS_MODULE in `env`",
			"a Django project (%s), but %s sets no DJANGO_SETTINGS_MODULE that says where its settings are", d.manage, d.manage)
	}
	var looked []string
	for _, dir := range appDirs(d.settings) {
		looked = append(looked, path.Join(d.base(), dir, "wsgi.py"), path.Join(d.base(), dir, "asgi.py"))
	}
	return lang.FieldError(s, field, "set `entrypoint` to the WSGI application, e.g. mysite.wsgi:application",
		"a Django project (settings %s from %s), but its settings set no WSGI_APPLICATION or ASGI_APPLICATION and there is no %s (or such a package)",
		d.settings, d.settingsFrom, strings.Join(looked, " or "))
}

// buildPlaceholder is the secret key collectstatic runs with when the build gives none: it
// reads the settings, which many projects make fail without one, and signs nothing.
const buildPlaceholder = "build-time-placeholder-not-a-secret"

// collectstatic gathers the static files into STATIC_ROOT at build time, as Django's
// deployment checklist does, with the settings the image runs with. DJANGO_SECRET_KEY and
// SECRET_KEY are placeholders unless build.env sets them.
func (d *djangoProject) collectstatic(s *spec.Spec) []*lang.Cmd {
	if d == nil || !d.staticRoot || d.missing != "" {
		return nil
	}
	var env []plan.Env
	if d.settingsEnv() {
		env = append(env, plan.Env{Key: "DJANGO_SETTINGS_MODULE", Value: d.settings})
	}
	for _, k := range []string{"DJANGO_SECRET_KEY", "SECRET_KEY"} {
		if _, ok := s.Build.Env.Get(k); !ok {
			env = append(env, plan.Env{Key: k, Value: buildPlaceholder})
		}
	}
	for _, e := range d.required {
		if _, ok := s.Build.Env.Get(e.Key); !ok {
			env = append(env, e)
		}
	}
	cmds := []*lang.Cmd{{Args: []string{"python", d.manage, "collectstatic", "--noinput"}, Env: env,
		Display: "python " + d.manage + " collectstatic --noinput"}}
	if d.compressOffline {
		// --force: compression is on by default only when DEBUG is off, which the build
		// cannot know of the runtime (healthchecks' DEBUG defaults to True)
		cmds = append(cmds, &lang.Cmd{Args: []string{"python", d.manage, "compress", "--force"}, Env: env,
			Display: "python " + d.manage + " compress --force (django-compressor's COMPRESS_OFFLINE)"})
	}
	if d.static == "" || d.compressRoot {
		return cmds // where they write is not known: /app keeps what they wrote
	}
	// Only STATIC_ROOT ships of what they wrote: importing the settings as root at build time
	// writes other files (etebase's and pretalx's generated SECRET_KEY file, pretalx's src/data),
	// which every container of the image would share and the runtime user could not read.
	list := &lang.Cmd{Args: []string{"python", "-I", lang.ScriptDir + "/" + staticOnlyName, "list", appDir},
		Display: "the files of " + appDir + " before collectstatic imports the settings",
		Scripts: true, NoNetwork: true, NoSecrets: true}
	clean := &lang.Cmd{Args: []string{"python", "-I", lang.ScriptDir + "/" + staticOnlyName, "clean", appDir, d.static},
		Display: "remove what importing the settings wrote in " + appDir + " outside STATIC_ROOT " + d.static,
		Scripts: true, NoNetwork: true, NoSecrets: true}
	return append(append([]*lang.Cmd{list}, cmds...), clean)
}

// importPaths are where a server finds a module it imports: the source tree (PYTHONPATH: /app,
// and src/ for a Django project there) or the venv's site-packages, as a file or a package.
func importPaths(mod, base string) []string {
	rel := strings.ReplaceAll(mod, ".", "/")
	var out []string
	for _, dir := range []string{path.Join(appDir, base), venvDir + "/lib/python*/site-packages"} {
		out = append(out, path.Join(dir, rel+".py"), path.Join(dir, rel, "__init__.py"))
	}
	return slices.Compact(out)
}
