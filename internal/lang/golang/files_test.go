package golang

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/graph"
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
	var copies []string
	for _, c := range langtest.Steps[*plan.Copy](rt) {
		if c.FromStage == "" {
			copies = append(copies, strings.Join(c.Paths, " ")+" -> "+c.Dest+" "+c.Display+" "+c.Chown)
		}
	}
	want := []string{
		"templates -> /app/templates templates (main.go:10 template.ParseGlob) ",
		"config.json -> /app/config.json config.json (main.go:11 os.ReadFile) ",
		"static -> /app/static static (main.go:16 http.Dir) ",
	}
	if !slices.Equal(copies, want) {
		t.Errorf("copies from the context:\n%s\nwant\n%s", strings.Join(copies, "\n"), strings.Join(want, "\n"))
	}
	if rt.Workdir != "/app" || p.Image.Workdir != "/app" {
		t.Errorf("workdir %q, image %q", rt.Workdir, p.Image.Workdir)
	}
	langtest.Has(t, "the runtime's description", rt.Description, "copied into /app, which the program reads from its working directory: "+
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
