package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gateway "github.com/moby/buildkit/frontend/gateway/client"
	"github.com/org/multistage-frontend/internal/cli"
)

// TestPlanningReadsWhatTheCommandLineReads: the frontend reads context files through the
// gateway (a restricted context, listed directory by directory), the command line from a
// directory; for nested files and a symbolic link they read the same facts, so they eject the
// same Dockerfile. Each case's Dockerfile shows that the nested or linked file was read.
func TestPlanningReadsWhatTheCommandLineReads(t *testing.T) {
	need(t)
	for _, c := range []struct {
		name, example, shows string
		setup                func(dir string)
	}{
		{"maven wrapper", "java", "./mvnw", func(dir string) {
			writeFile(t, filepath.Join(dir, "mvnw"), "#!/bin/sh\n")
			writeFile(t, filepath.Join(dir, ".mvn", "wrapper", "maven-wrapper.properties"), "distributionUrl=https://example.com/m.zip\n")
		}},
		// Quarkus's fast-jar in four layers; the uber-jar that the module's application.properties
		// (asked for by Follow once the pom shows the Quarkus plugin) asks for
		{"a Quarkus application's fast-jar", "java", "COPY --from=builder /out/quarkus-app/lib/ /app/lib/", func(dir string) {
			replaceIn(t, filepath.Join(dir, "pom.xml"), "</pluginManagement>\n    <plugins>\n", "</pluginManagement>\n    <plugins>\n      <plugin><groupId>io.quarkus.platform</groupId><artifactId>quarkus-maven-plugin</artifactId><version>3.30.0</version></plugin>\n")
		}},
		{"a Quarkus application's uber-jar", "java", "hello-1.0.0-runner.jar", func(dir string) {
			replaceIn(t, filepath.Join(dir, "pom.xml"), "</pluginManagement>\n    <plugins>\n", "</pluginManagement>\n    <plugins>\n      <plugin><groupId>io.quarkus.platform</groupId><artifactId>quarkus-maven-plugin</artifactId><version>3.30.0</version></plugin>\n")
			writeFile(t, filepath.Join(dir, "src", "main", "resources", "application.properties"), "quarkus.package.jar.type=uber-jar\n")
		}},
		// Poetry's from (the package under source/), the only script's module there (a second
		// round), then the module its LITESTAR_APP names (a third), whose def makes it a factory
		{"a Litestar factory read from the module LITESTAR_APP names", "python-poetry", `"--factory", "greeter.web:get_app"`, func(dir string) {
			replaceIn(t, filepath.Join(dir, "pyproject.toml"), `packages = [{ include = "greeter" }]`, `packages = [{ include = "greeter", from = "source" }]`)
			replaceIn(t, filepath.Join(dir, "pyproject.toml"), `python = "^3.11"`, "python = \"^3.11\"\nlitestar = { version = \"^2\", extras = [\"standard\"] }")
			if err := os.MkdirAll(filepath.Join(dir, "source"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(filepath.Join(dir, "greeter"), filepath.Join(dir, "source", "greeter")); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "source", "greeter", "__main__.py"), "import os\n\n\ndef main():\n"+
				"    os.environ.setdefault(\"LITESTAR_APP\", \"greeter.web:get_app\")\n    from litestar.cli.main import litestar_group\n    litestar_group()\n")
			writeFile(t, filepath.Join(dir, "source", "greeter", "web.py"), "from litestar import Litestar\n\n\ndef get_app() -> Litestar:\n    return Litestar([])\n")
		}},
		// Laravel's front end importing from vendor/ (Ziggy), read among the PHP provider's files
		{"a Laravel front end that imports from vendor/", "php", "COPY --from=deps /app/vendor /app/vendor/", func(dir string) {
			writeFile(t, filepath.Join(dir, "artisan"), "#!/usr/bin/env php\n<?php\n")
			writeFile(t, filepath.Join(dir, "package.json"), `{"private": true, "type": "module", "scripts": {"build": "vite build"}, "devDependencies": {"laravel-vite-plugin": "^2", "vite": "^7"}}`+"\n")
			writeFile(t, filepath.Join(dir, "package-lock.json"), "{}\n")
			writeFile(t, filepath.Join(dir, "resources", "js", "app.js"), "import { ZiggyVue } from '../../vendor/tightenco/ziggy';\n")
		}},
		{"vendored go with a linked go.sum", "go", "modules are vendored", func(dir string) {
			writeFile(t, filepath.Join(dir, "vendor", "modules.txt"), "# explicit\n")
			sum := filepath.Join(dir, "go.sum")
			if err := os.Rename(sum, filepath.Join(dir, "internal", "go.sum.real")); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("internal/go.sum.real", sum); err != nil {
				t.Fatal(err)
			}
		}},
		// the source of dist/server.js, which tsc compiles from src/server.ts (tssource.go)
		{"the TypeScript source of a node entry", "node", "ENV HOST=0.0.0.0", func(dir string) {
			replaceIn(t, filepath.Join(dir, "src", "server.ts"), `const host = values.host ?? process.env.HOST ?? "0.0.0.0";`, `const host = process.env.HOST || "localhost";`)
		}},
		{"nps's default script", "node", "nps's in package-scripts.js: node dist/server.js", func(dir string) {
			replaceIn(t, filepath.Join(dir, "package.json"), `"start": "node dist/server.js"`, `"start": "nps"`)
			writeFile(t, filepath.Join(dir, "package-scripts.js"), "module.exports = {\n  scripts: {\n    // what the image runs\n    default: 'node dist/server.js',\n  },\n};\n")
		}},
		// a probe of the directory the TypeScript source of dist/server.js names from __dirname (files.go)
		{"the files a built node server reads beside its build", "node", "COPY public /app/public", func(dir string) {
			replaceIn(t, filepath.Join(dir, "src", "server.ts"), `import { greet } from "./greet.js";`, `import { greet } from "./greet.js";
const __dirname = dirname(fileURLToPath(import.meta.url));
const publicDir = join(__dirname, "..", "public");`)
			writeFile(t, filepath.Join(dir, "public", "css", "site.css"), "p{}\n")
		}},
		// presence probes: a directory recorded without being listed, a file without being read
		{"a Go server's templates, static files and configuration", "go", "COPY static /app/static", func(dir string) {
			writeFile(t, filepath.Join(dir, "cmd", "server", "pages.go"), "package main\n\n"+
				"var pages = template.Must(template.ParseGlob(\"templates/*.html\"))\n\n"+
				"func init() { http.Handle(\"/static/\", http.FileServer(http.Dir(\"static\"))); os.ReadFile(\"config.json\") }\n")
			writeFile(t, filepath.Join(dir, "templates", "index.html"), "<p>{{.}}</p>\n")
			writeFile(t, filepath.Join(dir, "static", "css", "site.css"), "p{}\n")
			writeFile(t, filepath.Join(dir, "config.json"), "{}\n")
		}},
		// a web UI found by patterns (internal/*/package.json) and at the root (ui.go)
		{"a Go UI in a package below internal/", "go", "COPY --from=assets /app/dist ./internal/site/dist/", func(dir string) {
			writeFile(t, filepath.Join(dir, "internal", "site", "package.json"), `{"scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7.3.0"}}`+"\n")
			writeFile(t, filepath.Join(dir, "internal", "site", "package-lock.json"), "{}\n")
			writeFile(t, filepath.Join(dir, "internal", "site", "embed.go"), "package site\n\nimport \"embed\"\n\n//go:embed all:dist\nvar Dist embed.FS\n")
		}},
		{"a Go UI at the module's root", "go", "COPY --from=assets /app/dist ./dist/", func(dir string) {
			writeFile(t, filepath.Join(dir, "package.json"), `{"scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7.3.0"}}`+"\n")
			writeFile(t, filepath.Join(dir, "package-lock.json"), "{}\n")
			writeFile(t, filepath.Join(dir, "ui.go"), "package greet\n\nimport \"embed\"\n\n//go:embed all:dist\nvar Dist embed.FS\n")
		}},
		// esbuild's build file (a second round), then the Go files above its output (a third)
		{"a Go UI built by esbuild, embedded from the directory above", "go", "COPY --from=assets /app/internal/web/ui/dist ./internal/web/ui/dist/", func(dir string) {
			writeFile(t, filepath.Join(dir, "package.json"), `{"scripts": {"build": "node build.mjs"}, "devDependencies": {"esbuild": "^0.28.0"}}`+"\n")
			writeFile(t, filepath.Join(dir, "package-lock.json"), "{}\n")
			writeFile(t, filepath.Join(dir, "build.mjs"), "import * as esbuild from 'esbuild';\nawait esbuild.build({entryPoints: ['src/app.js'], outdir: 'internal/web/ui/dist'});\n")
			writeFile(t, filepath.Join(dir, "internal", "web", "embed.go"), "package web\n\nimport \"embed\"\n\n//go:embed ui\nvar UI embed.FS\n")
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := copyDir(t, filepath.Join(repoRoot(t), "examples", c.example))
			c.setup(dir)
			var want, stderr bytes.Buffer
			if code := cli.Run([]string{"dockerfile", dir}, &want, &stderr); code != 0 {
				t.Fatalf("multistage-frontend dockerfile: %d %s", code, stderr.String())
			}
			if !strings.Contains(want.String(), c.shows) {
				t.Fatalf("the command line's Dockerfile lacks %q:\n%s", c.shows, want.String())
			}
			var got []byte
			err := inProcess(t, dir, map[string]string{"requestid": "frontend.dockerfile"}, nil, func(res *gateway.Result) error {
				got = res.Metadata["result.txt"]
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("the frontend ejected:\n%s\nthe command line:\n%s", got, want.String())
			}
		})
	}
}

// replaceIn replaces old, which the file must hold, with new in a file.
func replaceIn(t *testing.T, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil || !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s lacks %q (%v)", file, old, err)
	}
	writeFile(t, file, strings.Replace(string(data), old, new, 1))
}
