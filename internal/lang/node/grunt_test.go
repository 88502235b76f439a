package node

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/static"
)

// gruntfile is a Gruntfile of ours shaped as CyberChef's: a webpack task writing the site into
// build/prod from a template under src/, and a task that rewrites build/prod/index.html.
const gruntfile = `module.exports = function (grunt) {
    grunt.registerTask("prod", ["clean:prod", "webpack:web", "stamp"]);
    grunt.registerTask("stamp", "Stamp the page", function () {
        const fs = require("fs");
        const page = fs.readFileSync("build/prod/index.html", "utf8");
        fs.writeFileSync("build/prod/index.html", page.replace("STAMP", Date.now()));
    });
    grunt.initConfig({
        clean: { prod: ["build/prod/*"] },
        webpack: { web: { output: { path: __dirname + "/build/prod" }, template: "./src/web/index.html" } },
    });
};
`

// TestGruntSite: a project whose build runs grunt, whose main only exports (its library), and
// whose Gruntfile names one directory's index.html outside the sources, is a static site of that
// directory; not when main starts something, the Gruntfile names two such directories, the build
// does not run grunt, or the spec names the entrypoint.
func TestGruntSite(t *testing.T) {
	pkg := func(build string) string {
		return `{"name": "tide-tables", "main": "src/node/index.js", "scripts": {"build": "` + build + `", "start": "npx grunt dev", "test": "node --test"}, "devDependencies": {"grunt": "^1.6.0"}}`
	}
	library := "const tides = require('./tides');\nmodule.exports = { tides };\n"
	c, conf := siteOf(t, "language: node\nports: [8080]\n", facts(pkg("npx grunt prod"), "package-lock.json", "{}", "Gruntfile.js", gruntfile,
		"src/node/index.js", library))
	if c.FromStage != "builder" || c.Paths[0] != "/app/build/prod" || c.Dest != static.Root+"/" {
		t.Errorf("copy %+v", c)
	}
	if !strings.Contains(conf, "site (Grunt)") || !strings.Contains(conf, "listen 8080;") {
		t.Errorf("config:\n%s", conf)
	}
	for _, tc := range []struct{ name, spec, build, gruntfile, main string }{
		{"a main that starts a server", "", "npx grunt prod", gruntfile, "require('http').createServer().listen(8080);\n"},
		{"two sites", "", "npx grunt prod", gruntfile + `// also "docs/site/index.html"` + "\n", library},
		{"a build without grunt", "", "webpack --mode production", gruntfile, library},
		{"an entrypoint", "entrypoint: src/node/index.js\n", "npx grunt prod", gruntfile, library},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\nports: [8080]\n"+tc.spec, facts(pkg(tc.build), "package-lock.json", "{}", "Gruntfile.js", tc.gruntfile,
				"src/node/index.js", tc.main))
			if rt := p.Stage("runtime"); rt == nil || rt.Base.Image == static.Image {
				t.Errorf("a static site: %+v", rt)
			}
		})
	}
}
