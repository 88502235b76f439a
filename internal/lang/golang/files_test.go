package golang

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestReadPaths: the paths the well-known calls read from the working directory, as written in
// gin, fiber, echo, net/http, html/template and go-ini programs, and what is not one.
func TestReadPaths(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{`r.LoadHTMLGlob("templates/*")`, []string{"templates"}},                  // gin
		{`r.LoadHTMLGlob("templates/**/*")`, []string{"templates"}},               // gin, nested
		{`r.Static("/static", "./static")`, []string{"static"}},                   // gin
		{`r.StaticFS("/more", http.Dir("assets/more"))`, []string{"assets/more"}}, // gin
		{`r.StaticFile("/favicon.ico", "./resources/favicon.ico")`, []string{"resources/favicon.ico"}},
		{`app.Static("/", "./public")`, []string{"public"}},                         // fiber
		{`engine := html.New("./views", ".html")`, []string{"views"}},               // fiber's templates
		{`app.Get("/*", static.New("./static/public"))`, []string{"static/public"}}, // fiber v3
		{`return c.Status(404).SendFile("./static/private/404.html")`, []string{"static/private/404.html"}},
		{`e.Static("/static", "assets")`, []string{"assets"}},                           // echo
		{`http.Handle("/s/", http.FileServer(http.Dir("static")))`, []string{"static"}}, // net/http
		{"fs := http.FileServer(http.Dir(`web/public`))", []string{"web/public"}},       // a raw string
		{`t := template.Must(template.ParseGlob("templates/*.html"))`, []string{"templates"}},
		{`t, err := template.ParseFiles("views/index.html", "views/about.html")`, []string{"views/index.html", "views/about.html"}},
		{`t = t.ParseGlob("layouts/*.tmpl")`, []string{"layouts"}},
		{`cfg, err := ini.Load("conf/app.ini")`, []string{"conf/app.ini"}}, // go-ini
		{`data, err := os.ReadFile("config.json")`, []string{"config.json"}},
		{`version, err := ioutil.ReadFile("./VERSION")`, []string{"VERSION"}}, // gophish
		{"f, err := os.Open(\n\t\"data/seed.csv\",\n)", []string{"data/seed.csv"}},
		// a configuration file's flag defaulting to a file: blackbox_exporter's kingpin flag, hound's flag.String
		{`configFile = kingpin.Flag("config.file", "Blackbox exporter configuration file.").Default("blackbox.yml").String()`, []string{"blackbox.yml"}},
		{`a.Flag("config.file", "Configuration file.").Envar("CONFIG").Default("conf/exporter.yml").ExistingFile()`, []string{"conf/exporter.yml"}},
		{`flagConf := flag.String("conf", "config.json", "")`, []string{"config.json"}},
		{`listen = kingpin.Flag("web.listen-address", "Address to listen on.").Default(":9115").String()`, nil},
		{`level = kingpin.Flag("log.level", "Level.").Default("info").String()`, nil},
		{`dir = kingpin.Flag("config.dir", "Directory.").Default("conf").String()`, nil}, // not a file
		{`flagConf := flag.String("conf", "/etc/app/config.json", "")`, nil},
		// not a path to copy
		{`os.ReadFile("../config.json")`, nil},
		{`os.ReadFile("conf/../../secret")`, nil},
		{`http.Dir("/var/www")`, nil},
		{`// http.Handle("/", http.FileServer(http.Dir("static")))`, nil},
		{`x := 1 // os.ReadFile("config.json")`, nil},
		{`template.ParseGlob("*.html")`, nil}, // the context itself
		{`http.Dir(".")`, nil},
		{`os.ReadFile(".env")`, nil},
		{`os.ReadFile("conf/.secrets.json")`, nil},
		{`http.Dir(dir)`, nil},
		{`os.ReadFile("conf/" + name)`, nil},
		{`os.ReadFile(filepath.Join("conf", "app.ini"))`, nil},
		{`myhttp.Dir("static")`, nil},
		{`r.Static("/static")`, nil}, // no second argument
		{`os.ReadFile("$HOME/x")`, nil},
		{`log.Println("r.Static(\"/a\", \"b\")")`, nil}, // inside a string
		{`/* r.Static("/static", "static") */`, nil},    // a block comment
		{"/*\n\thttp.Dir(\"static\")\n*/ x := 1", nil},
		{"s := `os.ReadFile(\"config.json\")`", nil},                                    // a raw string
		{`log.Print("see http://x"); _, _ = os.ReadFile("a.json")`, []string{"a.json"}}, // a // in a string is no comment
	} {
		var got []string
		for _, r := range readPaths("main.go", []byte("package main\n\nfunc main() {\n\t"+tc.src+"\n}\n")) {
			got = append(got, r.Path)
			if r.File != "main.go" || r.Line < 4 {
				t.Errorf("%s: at %s:%d", tc.src, r.File, r.Line)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.src, got, tc.want)
		}
	}
}

// server is a main package that reads templates, static files and a configuration file, and
// names paths that are absent, outside the context, absolute, Go code or inside another.
const server = `package main

import (
	"html/template"
	"net/http"
	"os"
)

func main() {
	t := template.Must(template.ParseGlob("templates/*.html"))
	cfg, _ := os.ReadFile("config.json")
	_, _ = os.ReadFile("missing.json")
	_, _ = os.ReadFile("../outside.json")
	_, _ = os.ReadFile("/etc/hostname")
	// http.Handle("/old/", http.FileServer(http.Dir("old")))
	http.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("static"))))
	http.Handle("/api/", http.FileServer(http.Dir("api")))
	http.Handle("/css/", http.FileServer(http.Dir("static/css")))
	_, _, _ = t, cfg, http.ListenAndServe(":8080", nil)
}
`

// gathered plans the spec src on a context held in memory, read as planning reads one.
func gathered(t *testing.T, src string, files map[string]string) *plan.Plan {
	t.Helper()
	return provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, files))
}

var serverTree = map[string]string{
	"go.mod": "module example.com/site\n\ngo 1.26\n", "main.go": server,
	"templates/index.html": "<p>{{.}}</p>\n", "static/css/site.css": "p{}\n", "config.json": "{}\n",
	"old/x.txt": "x", "outside.json": "{}", "api/api.go": "package api\n",
}

// TestReadFilesCopied: the paths that exist and hold no Go code are copied from the context to
// the same path under /app, the working directory, root-owned, each copy and the runtime's
// description saying which call read it; the LLB and the ejected Dockerfile carry them.
func TestReadFilesCopied(t *testing.T) {
	p := gathered(t, "language: go\nports: [8080]\n", serverTree)
	rt := p.Stage("runtime")
	checkCopies(t, rt, "templates -> /app/templates templates (main.go:10 template.ParseGlob) ",
		"config.json -> /app/config.json config.json (main.go:11 os.ReadFile) ",
		"static -> /app/static static (main.go:16 http.Dir) ")
	if rt.Workdir != "/app" || p.Image.Workdir != "/app" {
		t.Errorf("workdir %q, image %q", rt.Workdir, p.Image.Workdir)
	}
	langtest.Has(t, "the runtime's description", rt.Description, "copied into /app, where the program reads them: "+
		"templates (main.go:10 template.ParseGlob), config.json (main.go:11 os.ReadFile), static (main.go:16 http.Dir)")
	langtest.Ejects(t, p, "WORKDIR /app\n", "COPY templates /app/templates\n", "COPY config.json /app/config.json\n", "COPY static /app/static\n")
	ops, _, _ := langtest.Build(t, p, graph.Options{})
	var names []string
	for _, o := range ops {
		names = append(names, o.Name)
	}
	langtest.Has(t, "the LLB's progress names", strings.Join(names, "\n"),
		"COPY templates (main.go:10 template.ParseGlob) /app/templates", "COPY static (main.go:16 http.Dir) /app/static")
}

// checkCopies fails unless the runtime's copies from the context are want, in order: paths ->
// dest, progress, owner.
func checkCopies(t *testing.T, rt *plan.Stage, want ...string) {
	t.Helper()
	var copies []string
	for _, c := range langtest.Steps[*plan.Copy](rt) {
		if c.FromStage == "" {
			copies = append(copies, strings.Join(c.Paths, " ")+" -> "+c.Dest+" "+c.Display+" "+c.Chown)
		}
	}
	if !slices.Equal(copies, want) {
		t.Errorf("copies from the context:\n%s\nwant\n%s", strings.Join(copies, "\n"), strings.Join(want, "\n"))
	}
}

// TestReadFilesAndSpecFiles: the spec's files win over a path they overlap (by
// src or by dest); the others are still added.
func TestReadFilesAndSpecFiles(t *testing.T) {
	tree := map[string]string{"conf/prod.json": "{}", "static/more/x.css": ""}
	for k, v := range serverTree {
		tree[k] = v
	}
	p := gathered(t, "language: go\nfiles:\n  - {src: conf/prod.json, dest: config.json}\n  - static/more\n", tree)
	var copies []string
	for _, c := range langtest.Steps[*plan.Copy](p.Stage("runtime")) {
		if c.FromStage == "" {
			copies = append(copies, c.Field+": "+strings.Join(c.Paths, " ")+" -> "+c.Dest)
		}
	}
	want := []string{"language: templates -> /app/templates", "language: static/css -> /app/static/css", // static overlaps files[1], static/css does not
		"files[0]: conf/prod.json -> /app/config.json", "files[1]: static/more -> /app/static/more"}
	if !slices.Equal(copies, want) {
		t.Errorf("copies %q, want %q", copies, want)
	}
}

// shopTree is a module on gin (serverLibraries) whose main package hands its routes to internal/web, which parses the
// templates and serves static/ (a block comment names old/), and reads a configuration through
// internal/store (two imports below main). internal/store/migrate, three below, and the
// dependency github.com/acme/assets (vendored: the context has its files) name paths too.
var shopTree = map[string]string{
	"go.mod": "module example.com/shop\n\ngo 1.26\n\nrequire (\n\tgithub.com/acme/assets v1.0.0\n\tgithub.com/gin-gonic/gin v1.10.0\n)\n",
	"main.go": "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/shop/internal/web\"\n\t\"github.com/acme/assets\"\n)\n\n" +
		"func main() { _ = assets.Dir; _ = http.ListenAndServe(\":8080\", web.Routes()) }\n",
	"internal/web/web.go": "package web\n\nimport (\n\t\"html/template\"\n\n\t\"example.com/shop/internal/store\"\n)\n\n" +
		"/*\nRoutes used to serve http.Dir(\"old\") too.\n*/\nfunc Routes() *Router {\n\tr := New()\n" +
		"\tr.SetHTMLTemplate(template.Must(template.ParseGlob(\"templates/*.html\")))\n\tr.Static(\"/static\", \"./static\")\n" +
		"\t_ = store.Open() /* os.ReadFile(\"old.json\") */\n\treturn r\n}\n",
	"internal/web/router.go":             "package web\n\ntype Router struct{}\n\nfunc New() *Router { return &Router{} }\n",
	"internal/web/web_test.go":           "package web\n\nimport \"os\"\n\nvar _, _ = os.ReadFile(\"testdata/case.json\")\n",
	"internal/store/store.go":            "package store\n\nimport (\n\t\"os\"\n\n\t\"example.com/shop/internal/store/migrate\"\n)\n\nfunc Open() error {\n\t_, err := os.ReadFile(\"conf/store.json\")\n\tmigrate.Run()\n\treturn err\n}\n",
	"internal/store/migrate/m.go":        "package migrate\n\nimport \"os\"\n\nfunc Run() { _, _ = os.ReadFile(\"migrations/schema.sql\") }\n",
	"vendor/modules.txt":                 "# github.com/acme/assets v1.0.0\n## explicit\ngithub.com/acme/assets\n",
	"vendor/github.com/acme/assets/a.go": "package assets\n\nimport \"net/http\"\n\nvar Dir = http.Dir(\"public\")\n",
	"templates/index.html":               "<p>{{.}}</p>\n", "static/site.css": "p{}\n", "conf/store.json": "{}\n",
	"migrations/schema.sql": "create table t (id int);\n", "public/x.txt": "x", "old/x.txt": "x", "old.json": "{}",
	"internal/web/testdata/case.json": "{}",
}

// TestReadFilesOfImportedPackages: the paths the module's packages that the main package imports
// name are copied too, two imports below it at most (internal/store's conf/store.json, not
// internal/store/migrate's migrations/: its files are read, three imports down, for the runtime
// tools only), never a dependency's (vendored or not, its files are not read), nor one in a
// block comment or a test file; each copy names the file and line.
func TestReadFilesOfImportedPackages(t *testing.T) {
	f := langtest.Gathered(t, Provider{}, "language: go\n", shopTree)
	for name := range f {
		if strings.HasPrefix(name, "vendor/github.com/") {
			t.Errorf("planning read %s: a dependency's", name)
		}
	}
	checkCopies(t, provider.MustPlan(t, "language: go\n", f).Stage("runtime"),
		"templates -> /app/templates templates (internal/web/web.go:14 template.ParseGlob) ",
		"static -> /app/static static (internal/web/web.go:15 r.Static) ",
		"conf/store.json -> /app/conf/store.json conf/store.json (internal/store/store.go:10 os.ReadFile) ")
}

// TestStandardLibraryServerIsSearchedInItsMainPackages: without a web framework, router or
// settings library among the module's requirements, the packages the main package imports are
// not searched for files (they are read, for the runtime tools they run: tools.go), so
// internal/web's templates are not copied; the main package's own are.
func TestStandardLibraryServerIsSearchedInItsMainPackages(t *testing.T) {
	tree := maps.Clone(shopTree)
	tree["go.mod"] = "module example.com/shop\n\ngo 1.26\n\nrequire github.com/acme/assets v1.0.0\n"
	tree["main.go"] = strings.Replace(tree["main.go"], "func main() {", "func main() { _, _ = os.ReadFile(\"conf/store.json\");", 1)
	tree["main.go"] = strings.Replace(tree["main.go"], "import (\n", "import (\n\t\"os\"\n", 1)
	f := langtest.Gathered(t, Provider{}, "language: go\n", tree)
	checkCopies(t, provider.MustPlan(t, "language: go\n", f).Stage("runtime"),
		"conf/store.json -> /app/conf/store.json conf/store.json (main.go:11 os.ReadFile) ")
}

// TestWalkBounds: the walk reads no more than maxWalkPackages packages, the nearest first, and
// adds none once those read hold maxWalkGoFiles Go files.
func TestWalkBounds(t *testing.T) {
	ws := &workspace{Main: []module{{Dir: ".", Path: "example.com/big"}}}
	f := lang.Facts{}
	var imports []string
	for i := range maxWalkPackages + 5 {
		imports = append(imports, fmt.Sprintf("\t\"example.com/big/p%02d\"\n", i))
		f[fmt.Sprintf("p%02d/p.go", i)] = []byte(fmt.Sprintf("package p%02d\n", i))
	}
	f["main.go"] = []byte("package main\n\nimport (\n" + strings.Join(imports, "") + ")\n\nfunc main() {}\n")
	pkgs, wanted := walkPackages(ws, []string{"."}, f, func(walkedPackage) bool { return true })
	if len(pkgs) != maxWalkPackages || len(wanted) != 0 || pkgs[len(pkgs)-1].Dir != fmt.Sprintf("p%02d", maxWalkPackages-2) {
		t.Errorf("%d packages (last %s), %d wanted: want %d, the first imported", len(pkgs), pkgs[len(pkgs)-1].Dir, len(wanted), maxWalkPackages)
	}
	for i := range maxWalkGoFiles {
		f[fmt.Sprintf("main%03d.go", i)] = []byte("package main\n")
	}
	if pkgs, _ := walkPackages(ws, []string{"."}, f, func(walkedPackage) bool { return true }); len(pkgs) != 1 {
		t.Errorf("%d packages walked from a main package of %d files, want the main one only", len(pkgs), maxWalkGoFiles+1)
	}
}

// TestReadFilesNamedByConstants: directories a server joins to a base by a constant of its
// package (writefreely's filepath.Join(parentDir, templatesDir, ...), the constant in another
// file) are copied; a constant naming no directory of the context, or one holding Go code, or
// a Join whose only constant is its base, copies nothing.
func TestReadFilesNamedByConstants(t *testing.T) {
	tree := map[string]string{
		"go.mod":              "module example.com/blog\n\ngo 1.26\n\nrequire github.com/gorilla/mux v1.8.1\n",
		"cmd/blog/main.go":    "package main\n\nimport \"example.com/blog\"\n\nfunc main() { blog.Serve() }\n",
		"consts.go":           "package blog\n\nconst (\n\ttemplatesDir = \"templates\"\n\tpagesDir     = \"pages\" // markdown pages\n\tcacheDir     = \"cache\"\n\tstoreDir     = \"store\"\n)\n\nvar assetsDir = \"static\"\n",
		"serve.go":            "package blog\n\nfunc Serve() {\n\tt := filepath.Join(parentDir, templatesDir, name+\".tmpl\")\n\tp := path.Join(cfg.Root, pagesDir)\n\tc := filepath.Join(cfg.Root, cacheDir)\n\ts := filepath.Join(cfg.Root, storeDir)\n\t// filepath.Join(x, assetsDir)\n\tb := filepath.Join(templatesDir)\n}\n",
		"templates/base.tmpl": "{{define \"base\"}}{{end}}\n",
		"pages/about.md":      "# about\n",
		"static/app.css":      "body{}\n",
		"store/store.go":      "package store\n",
	}
	f := langtest.Gathered(t, Provider{}, "language: go\n", tree)
	checkCopies(t, provider.MustPlan(t, "language: go\n", f).Stage("runtime"),
		"templates -> /app/templates templates (serve.go:4 filepath.Join(..., templatesDir)) ",
		"pages -> /app/pages pages (serve.go:5 path.Join(..., pagesDir)) ")
}

// TestViperConfigurationCopied: the file viper finds by the literal name, type and search paths
// a package gives it (pagoda's config/config.yaml, read from a package that holds Go code, so
// the directory is not copied) is copied; a search path without the file, a path outside the
// context, and a dotenv type (a developer's settings, as .env) are not.
func TestViperConfigurationCopied(t *testing.T) {
	tree := func(setup string) map[string]string {
		return map[string]string{
			"go.mod":             "module example.com/shop\n\ngo 1.26\n\nrequire github.com/gin-gonic/gin v1.10.0\n",
			"main.go":            "package main\n\nimport \"example.com/shop/settings\"\n\nfunc main() { settings.Load() }\n",
			"settings/load.go":   "package settings\n\nfunc Load() {\n" + setup + "\tviper.ReadInConfig()\n}\n",
			"settings/shop.yaml": "port: 8000\n",
			"settings/dev.env":   "DB=localhost\n",
			"shop.json":          "{}\n",
		}
	}
	for setup, want := range map[string][]string{
		"\tviper.SetConfigName(\"shop\")\n\tviper.SetConfigType(\"yaml\")\n\tviper.AddConfigPath(\".\")\n\tviper.AddConfigPath(\"settings\")\n\tviper.AddConfigPath(\"/etc/shop\")\n": {
			"settings/shop.yaml -> /app/settings/shop.yaml settings/shop.yaml (settings/load.go:4 viper.SetConfigName) "},
		"\tv := viper.New()\n\tv.SetConfigName(\"shop\")\n\tv.AddConfigPath(\".\")\n":                           {"shop.json -> /app/shop.json shop.json (settings/load.go:5 viper.SetConfigName) "},
		"\tviper.SetConfigName(\"dev\")\n\tviper.SetConfigType(\"env\")\n\tviper.AddConfigPath(\"settings\")\n": nil,
		"\tviper.SetConfigName(\"shop\")\n\t// viper.AddConfigPath(\"settings\")\n":                             nil,
	} {
		rt := gathered(t, "language: go\n", tree(setup)).Stage("runtime")
		checkCopies(t, rt, want...)
	}
}

// TestConfigFlagDefaultCopied: blackbox_exporter's shape, a kingpin flag `config.file`
// defaulting to `blackbox.yml`, which the context holds at its root: the image had the binary
// alone and the program exited at start loading its configuration; the file is now copied to
// /app, the working directory, as a file the code reads is. A default the context lacks copies
// nothing.
func TestConfigFlagDefaultCopied(t *testing.T) {
	tree := map[string]string{
		"go.mod": "module example.com/prober\n\ngo 1.26\n\nrequire github.com/alecthomas/kingpin/v2 v2.4.0\n",
		"main.go": "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n\n\t\"github.com/alecthomas/kingpin/v2\"\n)\n\nvar (\n" +
			"\tconfigFile = kingpin.Flag(\"config.file\", \"Prober configuration file.\").Default(\"prober.yml\").String()\n" +
			"\tlisten     = kingpin.Flag(\"web.listen-address\", \"Address to listen on.\").Default(\":9115\").String()\n)\n\n" +
			"func main() {\n\tkingpin.Parse()\n\tif _, err := os.Stat(*configFile); err != nil {\n\t\tos.Exit(1)\n\t}\n\t_ = http.ListenAndServe(*listen, nil)\n}\n",
		"prober.yml":  "modules:\n  http_2xx:\n    prober: http\n",
		"example.yml": "modules: {}\n",
	}
	p := gathered(t, "language: go\nports: [9115]\n", tree)
	checkCopies(t, p.Stage("runtime"), "prober.yml -> /app/prober.yml prober.yml (main.go:11 the default of -config.file) ")
	delete(tree, "prober.yml")
	checkCopies(t, gathered(t, "language: go\nports: [9115]\n", tree).Stage("runtime"))
}
