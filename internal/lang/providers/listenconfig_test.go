package providers

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
)

// wantListenNotes fails unless planning files with spec gives ListenLocalhost notes starting
// with each of want, and no other.
func wantListenNotes(t *testing.T, name string, files map[string]string, spec string, want []string) {
	t.Helper()
	dir := t.TempDir()
	tree.WriteIn(t, dir, files)
	got := langtest.Messages(planDir(t, spec, dir), "ListenLocalhost")
	if len(got) != len(want) || slices.ContainsFunc(got, func(g string) bool {
		return !slices.ContainsFunc(want, func(w string) bool { return strings.HasPrefix(g, w) })
	}) {
		t.Errorf("%s: ListenLocalhost %q, want %q", name, got, want)
	}
}

// TestListenLocalhostInConfigFile: a loopback listen address in the configuration file the
// image's command names (an aiohttp application's `-c config/shop.yaml`, Dropwizard's `server
// config.yml`, an INI's [server] listen URL, a TOML's [http] bind) is named by ListenLocalhost,
// whatever the language; a host of another section (the database's, an admin connector's), a
// file the command does not name (a development config, docker-compose.yml), and an image given
// every interface (the spec's env, a JVM option) are not.
func TestListenLocalhostInConfigFile(t *testing.T) {
	python := map[string]string{
		"requirements.txt": "aiohttp==3.9.0\n",
		"shop/__init__.py": "",
		"shop/__main__.py": "import sys\nfrom aiohttp import web\nfrom shop.settings import load\n\nconfig = load(sys.argv[1:])\n" +
			"web.run_app(web.Application(), host=config[\"host\"], port=config[\"port\"])\n",
		"config/shop.yaml":   "database:\n  host: localhost\n  port: 5432\n\nhost: 127.0.0.1\nport: 8080\n",
		"config/dev.yaml":    "host: 127.0.0.1\n",
		"config/public.yaml": "database:\n  host: localhost\nhost: 0.0.0.0\n",
		"config/shop.cfg":    "[general]\nhost = http://localhost:8080/\n\n[smtp]\nhost = localhost\n\n[server]\n# listen = http://0.0.0.0:8080\nlisten = http://localhost:8080\n",
		"config/shop.toml":   "title = \"shop\"\n\n[db]\naddress = \"127.0.0.1:5432\"\n\n[http]\nbind = \"127.0.0.1:8080\" # the default\n",
		"config/shop.json":   "{\n  \"server\": {\n    \"host\": \"::1\",\n    \"port\": 8080\n  }\n}\n",
		"docker-compose.yml": "services:\n  web:\n    build: .\n    environment:\n      HOST: 127.0.0.1\n",
	}
	java := map[string]string{
		"pom.xml": `<project><artifactId>maps</artifactId><version>1.0</version><properties><app.main>com.example.maps.MapsApplication</app.main></properties>
<build><plugins><plugin><artifactId>maven-shade-plugin</artifactId><executions><execution><configuration><transformers>
<transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer"><mainClass>${app.main}</mainClass></transformer>
</transformers></configuration></execution></executions></plugin></plugins></build></project>`,
		"src/main/java/com/example/maps/MapsApplication.java": "package com.example.maps;\n\nimport io.dropwizard.core.Application;\n\n" +
			"public final class MapsApplication extends Application<MapsConfiguration> {\n  public static void main(String[] args) throws Exception { new MapsApplication().run(args); }\n}\n",
		"maps.yml": "maps:\n  cache: data/cache\nserver:\n  application_connectors:\n  - type: http\n    port: 8989\n    bind_host: localhost\n" +
			"  admin_connectors:\n  - type: http\n    port: 8990\n    bind_host: localhost\n",
		"deploy/maps.yml": "server:\n  application_connectors:\n  - type: http\n    bind_host: 0.0.0.0\n",
	}
	const suffix = ": inside a container that is its own loopback interface"
	for _, tc := range []struct {
		name  string
		files map[string]string
		spec  string
		want  []string
	}{
		{"a YAML's top-level host", python, "language: python\nports: [8080]\ncmd: [-c, config/shop.yaml]\n",
			[]string{"config/shop.yaml:5 (the configuration file the image's command names) sets host to 127.0.0.1" + suffix}},
		{"a --flag=file", python, "language: python\ncmd: [--config=config/shop.yaml]\n",
			[]string{"config/shop.yaml:5 (the configuration file the image's command names) sets host to 127.0.0.1" + suffix}},
		{"an INI's [server] listen URL", python, "language: python\ncmd: [-c, config/shop.cfg]\n",
			[]string{"config/shop.cfg:9 (the configuration file the image's command names) sets server.listen to http://localhost:8080" + suffix}},
		{"a TOML's [http] bind", python, "language: python\ncmd: [-c, config/shop.toml]\n",
			[]string{"config/shop.toml:7 (the configuration file the image's command names) sets http.bind to 127.0.0.1:8080" + suffix}},
		{"a JSON's server host", python, "language: python\ncmd: [-c, config/shop.json]\n",
			[]string{"config/shop.json:3 (the configuration file the image's command names) sets server.host to ::1" + suffix}},
		{"every interface, the database's host on loopback", python, "language: python\ncmd: [-c, config/public.yaml]\n", nil},
		{"no file in the command", python, "language: python\n", nil},
		{"every interface given by the cmd", python, "language: python\ncmd: [-c, config/shop.yaml, --host, \"0.0.0.0\"]\n", nil},
		{"every interface given by the env", python, "language: python\ncmd: [-c, config/shop.yaml]\nenv: {HOST: \"0.0.0.0\"}\n", nil},
		{"Dropwizard's server config", java, "language: java\nports: [8989]\ncmd: [server, maps.yml]\nfiles: [maps.yml]\n",
			[]string{"maps.yml:7 (the configuration file the image's command names) sets server.application_connectors.bind_host to localhost" + suffix}},
		{"Dropwizard's connector given by a JVM option", java,
			"language: java\ncmd: [server, maps.yml]\nfiles: [maps.yml]\njvm_options: [\"-Ddw.server.application_connectors[0].bind_host=0.0.0.0\"]\n", nil},
		{"the spec's files copy another file there", java, "language: java\ncmd: [server, /app/maps.yml]\nfiles: [{src: deploy/maps.yml, dest: maps.yml}]\n", nil},
	} {
		wantListenNotes(t, tc.name, tc.files, tc.spec, tc.want)
	}
}

// TestListenLocalhostInDefaultConfigFile: a Python module the image runs (`python -m shop`),
// or a module of its package it imports two levels down (one the first files hold, `main.py`,
// or a settings module), naming its configuration file by literals (`ROOT / "config" /
// "shop.yaml"`, aiohttp's demos' shape) is read as the image's default: a loopback host there
// is named with the line that opens it. A file only the tests name, another imported module
// not read (routes.py), a module three imports down (conf.py), a cmd naming another file, and a
// string in a comment are not.
func TestListenLocalhostInDefaultConfigFile(t *testing.T) {
	files := map[string]string{
		"requirements.txt":   "aiohttp==3.9.0\n",
		"shop/__init__.py":   "",
		"shop/__main__.py":   "from shop.main import main\n\nmain()\n",
		"shop/main.py":       "import sys\nfrom aiohttp import web\nfrom shop.routes import setup\nfrom .settings import load\n\n\ndef main():\n    config = load(sys.argv[1:])\n    web.run_app(web.Application(), host=config[\"host\"], port=config[\"port\"])\n",
		"shop/routes.py":     "CONFIG = 'config/routes.yaml'\n",
		"shop/settings.py":   "import pathlib\nfrom shop.conf import EXTRA\n\nROOT = pathlib.Path(__file__).parent.parent\n# OLD = ROOT / 'config' / 'old.yaml'\nDEFAULT = ROOT / \"config\" / \"shop.yaml\"\n",
		"shop/conf.py":       "import os\nEXTRA = os.path.join(os.path.dirname(__file__), 'deep.yaml')\n",
		"shop/deep.yaml":     "host: 127.0.0.1\n",
		"config/shop.yaml":   "db:\n  host: localhost\nhost: 127.0.0.1\nport: 8080\n",
		"config/old.yaml":    "host: 127.0.0.1\n",
		"config/routes.yaml": "host: 127.0.0.1\n",
		"config/test.yaml":   "host: 127.0.0.1\n",
		"config/other.yaml":  "host: 0.0.0.0\n",
		"tests/conftest.py":  "CONFIG = 'config/test.yaml'\n",
	}
	for _, tc := range []struct {
		name, spec string
		want       []string
	}{
		{"the default", "language: python\nports: [8080]\n",
			[]string{"config/shop.yaml:3 (the configuration file shop/settings.py:6 opens) sets host to 127.0.0.1: inside a container"}},
		{"the cmd names another file", "language: python\ncmd: [-c, config/other.yaml]\n", nil},
		{"the env gives every interface", "language: python\nenv: {HOST: \"0.0.0.0\"}\n", nil},
	} {
		wantListenNotes(t, tc.name, files, tc.spec, tc.want)
	}
}
