package node

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/static"
)

// ngSSRPkg is package.json as `ng new --ssr` writes it: `start` is the dev server, the SSR
// server is named in a script of its own.
const ngSSRPkg = `{"name": "harbour-guide", "scripts": {"ng": "ng", "start": "ng serve", "build": "ng build", "test": "ng test",
 "serve:ssr:harbour-guide": "node dist/harbour-guide/server/server.mjs"},
 "dependencies": {"@angular/core": "^22.0.0", "@angular/platform-server": "^22.0.0", "@angular/ssr": "^22.0.4", "express": "^5.1.0"},
 "devDependencies": {"@angular/build": "^22.0.0", "@angular/cli": "^22.0.0", "typescript": "~5.9.2"}}`

// ngJSON is angular.json's one application, its build options' JSON.
func ngJSON(options string) string {
	return `{"version": 1, "projects": {"harbour-guide": {"projectType": "application", "root": "", "sourceRoot": "src",
 "architect": {"build": {"builder": "@angular/build:application", "options": {` + options + `}}}}}}`
}

// TestAngularSSR: an Angular application with server-side rendering runs
// <outputPath>/server/server.mjs, with the output alone (its bundles import only node's
// built-ins); with externalDependencies, the output's top directory, package.json and the
// production node_modules; with outputMode "static" it is a site of prerendered files.
func TestAngularSSR(t *testing.T) {
	for _, tc := range []struct{ name, options, file, out string }{
		{"ng new --ssr", `"browser": "src/main.ts", "server": "src/main.server.ts", "outputMode": "server", "ssr": {"entry": "src/server.ts"}`,
			"dist/harbour-guide/server/server.mjs", "dist/harbour-guide"},
		{"outputPath", `"outputPath": "build/web", "browser": "src/main.ts", "server": "src/main.server.ts", "ssr": {"entry": "src/server.ts"}`,
			"build/web/server/server.mjs", "build/web"},
		{"outputPath's base", `"outputPath": {"base": "out"}, "server": "src/main.server.ts", "ssr": true`, "out/server/server.mjs", "out"},
		{"externalDependencies", `"server": "src/main.server.ts", "ssr": {"entry": "src/server.ts"}, "externalDependencies": ["sharp"]`,
			"dist/harbour-guide/server/server.mjs", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\nports: [4000]\n", facts(ngSSRPkg, "package-lock.json", `{"lockfileVersion": 3}`, "angular.json", ngJSON(tc.options)))
			if got, want := strings.Join(p.Image.Entrypoint, " "), "/usr/local/bin/node /app/"+tc.file; got != want {
				t.Errorf("entrypoint %q, want %q", got, want)
			}
			if r := lastCheck(p); r.Display != "test -e /app/"+tc.file {
				t.Errorf("the build checks %q", r.Display)
			}
			copies := []string{"builder:/app/" + tc.out + " -> /app/" + tc.out + "/"}
			if tc.out == "" {
				copies = []string{"prod-deps:/app/node_modules -> /app/node_modules/", ":package.json -> /app/", "builder:/app/dist -> /app/dist/"}
			}
			wantRuntime(t, p, copies)
		})
	}
	src := "language: node\n"
	c, _ := siteOf(t, src, facts(ngSSRPkg, "angular.json", ngJSON(`"server": "src/main.server.ts", "outputMode": "static", "ssr": false`)))
	if c.Paths[0] != "/app/dist/harbour-guide/browser" || c.Dest != static.Root+"/" {
		t.Errorf("outputMode static: site copy %+v", c)
	}
}
