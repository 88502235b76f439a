package node

import (
	"path"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// Angular's application builder with server-side rendering (`ng new --ssr`, `ng add
// @angular/ssr`: angular.json's build options `server` and `ssr`, and `outputMode: "server"`
// since Angular 19) writes <outputPath>/server/server.mjs, an Express server that serves
// <outputPath>/browser beside it and renders the rest; the CLI names it in a script
// (`serve:ssr:<project>: node dist/<project>/server/server.mjs`), never in `start`, which is
// `ng serve`. It listens on PORT (4000 by default) on every interface. The builder bundles
// what the server imports, express and @angular/ssr included (ganatan/angular-ssr's server/*.mjs
// import only node's built-ins), so the output alone runs, unless `externalDependencies` leaves
// packages to node_modules. `outputMode: "static"` prerenders every route instead: a static
// site (static.go).

// angularServer reports an Angular application built with server-side rendering, and where
// `ng build` writes it.
func angularServer(f lang.Facts) (app, base string, external, ok bool) {
	app, build, ok := angularBuild(f)
	if !ok || !strings.HasSuffix(build.Builder, ":application") || build.Options.OutputMode == "static" {
		return "", "", false, false
	}
	if !jsonSet(build.Options.Server) && !jsonSet(build.Options.SSR) {
		return "", "", false, false
	}
	base, _ = angularOutputs(app, build)
	base, ok = entryPath(base)
	return app, base, len(build.Options.ExternalDependencies) > 0, ok && base != "."
}

// jsonSet reports a JSON value that is there and neither false nor null nor "".
func jsonSet(v []byte) bool {
	s := strings.TrimSpace(string(v))
	return s != "" && s != "false" && s != "null" && s != `""`
}

// angularEntry: <outputPath>/server/server.mjs, with the output alone (dist/<project>/); with
// externalDependencies, the top directory of the output, package.json and the production
// node_modules.
func angularEntry(p pkg) (entry, bool) {
	if !p.m.Deps["@angular/ssr"] {
		return entry{}, false
	}
	app, base, external, ok := angularServer(p.f.In(p.dir))
	if !ok {
		return entry{}, false
	}
	e := entry{File: path.Join(base, "server/server.mjs"), From: "Angular SSR (angular.json's " + app + ")",
		Ship: ship{Paths: []string{base + "/"}, SelfContained: true}}
	if external {
		top := lang.TopDir(base)
		if top == "" {
			top = base
		}
		e.Ship = withDeps(top + "/")
	}
	return e, true
}

// angularStatic reports an Angular application whose build prerenders every route
// (`outputMode: "static"`): its browser files are the site, @angular/ssr notwithstanding.
func angularStatic(f lang.Facts) bool {
	_, build, ok := angularBuild(f)
	return ok && build.Options.OutputMode == "static"
}
