package node

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
)

// homepageConfig is a configuration module shaped as gethomepage/homepage's: a directory below
// the working directory unless the environment names one, made when the server first reads it.
const homepageConfig = `import { copyFileSync, existsSync, mkdirSync } from "fs";
import { join } from "path";

export const CONF_DIR = process.env.APP_CONFIG_DIR
  ? process.env.APP_CONFIG_DIR
  : join(process.cwd(), "config");

export default function checkAndCopyConfig(config) {
  if (!existsSync(CONF_DIR)) {
    mkdirSync(CONF_DIR, { recursive: true });
  }
  copyFileSync(join(process.cwd(), "src", "skeleton", config), join(CONF_DIR, config));
}
`

// TestServerMakesADirectoryAtStart: a directory the server's modules make below the working
// directory when it starts is the runtime user's, and the runtime stage says which file makes
// it: a Next.js standalone server's configuration directory (planned from a directory, so
// through what Follow reads), an Express server's data directory from a fallback of `||` on a
// member, a workspace package's own, relative to it.
func TestServerMakesADirectoryAtStart(t *testing.T) {
	dir := tree.Write(t, map[string]string{
		"package.json":               `{"name": "board", "scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "15.5.0", "react": "19.0.0"}}`,
		"package-lock.json":          `{"lockfileVersion": 3}`,
		"next.config.js":             "module.exports = { output: 'standalone' }\n",
		"src/utils/config/config.js": homepageConfig,
		"src/pages/index.js":         "export default function Home() { return null }\n",
	})
	p := planDir(t, dir, "language: node\nports: [3000]\n")
	langtest.Writable(t, p, "1000:1000", "/app", "mkdir -p .next/standalone/config", "config")
	if d := p.Stage("runtime").Description; !strings.Contains(d, "who owns config (made at start by src/utils/config/config.js)") {
		t.Errorf("the runtime stage says %q", d)
	}

	server := `const fs = require("fs");
class Server {
  constructor() {
    this.dataDir = process.env.DATA_DIR || "./data/";
    if (!fs.existsSync(this.dataDir)) fs.mkdirSync(this.dataDir, { recursive: true });
  }
}
`
	p = provider.MustPlan(t, "language: node\n",
		facts(`{"name": "kuma", "scripts": {"start": "node server/server.js"}}`, "server/server.js", server))
	langtest.Writable(t, p, "1000:1000", "/app", "mkdir -p data", "data")

	p = planDir(t, workspaceDirs[npm], "language: node\nworkspace: apps/web\n")
	if got := artifactPaths(p); slices.ContainsFunc(got, func(c string) bool { return strings.Contains(c, "/data") }) {
		t.Errorf("a workspace package that makes no directory: %q", got)
	}
}

// TestMadeDirs: what a module's calls make, and what is not taken for a directory of the
// server's start.
func TestMadeDirs(t *testing.T) {
	for _, c := range []struct {
		src  string
		want []string
	}{
		{homepageConfig, []string{"config"}},
		{`fs.mkdirSync("uploads")`, []string{"uploads"}},
		{`await fs.promises.mkdir(path.join(process.cwd(), "data", "files"), { recursive: true })`, []string{"data/files"}},
		{"await mkdir(`${process.cwd()}/logs`, { recursive: true })", []string{"logs"}},
		{"const storage = process.env.STORAGE ?? path.resolve('storage');\nfse.ensureDirSync(storage);", []string{"storage"}},
		{"const options = {\n  dataDir: './var/db',\n};\nmkdirp(options.dataDir)", []string{"var/db"}},
		// not the server's directories below its working directory
		{`fs.mkdirSync(path.join(__dirname, "cache"))`, nil},                            // the compiled file's directory
		{`fs.mkdirSync("/var/lib/app", { recursive: true })`, nil},                      // absolute
		{`fs.mkdirSync("../shared")`, nil},                                              // outside
		{`fs.mkdirSync("dist"); fs.mkdirSync("build/icons"); mkdirSync("public")`, nil}, // a build's output
		{`fs.mkdirSync(os.tmpdir() + "/x")`, nil},
		{`shell.mkdir("-p", "data")`, nil},
		{"// fs.mkdirSync('data')\n", nil},
		{"const dir = process.env.DIR;\nfs.mkdirSync(dir)", nil},
		{`fs.mkdirSync(".cache")`, nil}, // hidden
		{`fs.mkdirSync('uploads/' + user.id, { recursive: true })`, []string{"uploads"}},
	} {
		if got := madeDirs(c.src, ""); !slices.Equal(got, c.want) {
			t.Errorf("%q: %q, want %q", c.src, got, c.want)
		}
	}
}

// TestStartDirsLeavesTestsOut: a test module's mkdir is not the server's.
func TestStartDirsLeavesTestsOut(t *testing.T) {
	f := facts(`{"name": "x"}`, "lib/store.test.js", `fs.mkdirSync("fixtures")`, "lib/store.js", `fs.mkdirSync("data")`,
		"scripts/build.js", `fs.mkdirSync("generated")`)
	got := startDirs(f, ".", nil)
	if len(got) != 1 || got[0].Dir != "data" || got[0].From != "made at start by lib/store.js" {
		t.Errorf("%+v", got)
	}
}

// TestServerWritesBesideItsSourcesAtStart: a server run from its source that minifies its
// browser scripts into its own assets/ when it starts ('./assets/' + name), and whose store,
// a module one directory below lib/ (lib/stores/disk.js), makes the directory its option
// defaults to: both are the runtime user's, each stage line naming the module.
func TestServerWritesBesideItsSourcesAtStart(t *testing.T) {
	server := `const fs = require('fs');
const Disk = require('./lib/stores/disk');
for (const name of fs.readdirSync('./assets')) {
  if (name.endsWith('.js') && !name.endsWith('.min.js')) {
    fs.writeFileSync('./assets/' + name.replace(/\.js$/, '.min.js'), minify(fs.readFileSync('./assets/' + name, 'utf8')), 'utf8');
  }
}
const store = new Disk({});
require('http').createServer((req, res) => store.put(req, res)).listen(process.env.PORT || 4100);
`
	disk := `const fs = require('fs');
function Disk(options) {
  this.root = options.dir || './notes';
}
Disk.prototype.put = function (key, text, done) {
  fs.mkdir(this.root, 0o700, () => fs.writeFile(this.root + '/' + key, text, done));
};
module.exports = Disk;
`
	p := provider.MustPlan(t, "language: node\nports: [4100]\n", facts(`{"name": "notes", "scripts": {"start": "node server.js"}}`,
		"server.js", server, "lib/stores/disk.js", disk, "assets/app.js", "console.log('notes')\n"))
	langtest.Writable(t, p, "1000:1000", "/app", "mkdir -p notes assets", "notes", "assets")
	d := p.Stage("runtime").Description
	for _, want := range []string{"notes (made at start by lib/stores/disk.js)", "assets (written into at start by server.js)"} {
		if !strings.Contains(d, want) {
			t.Errorf("the runtime stage says %q, want %q", d, want)
		}
	}
}

// settingsModule is a settings module shaped as sct/overseerr's server/lib/settings.ts: a file
// in a directory two levels above the compiled module unless the environment names one,
// written when the settings are saved.
const settingsModule = `import fs from 'fs';
import path from 'path';

const SETTINGS_PATH = process.env.CONFIG_DIRECTORY
  ? ` + "`${process.env.CONFIG_DIRECTORY}/settings.json`" + `
  : path.join(__dirname, '../../config/settings.json');

export function save(data: unknown): void {
  fs.writeFileSync(SETTINGS_PATH, JSON.stringify(data));
}
`

// TestServerWritesADirectoryAtStart: a tsc-compiled server (tsc --project server/tsconfig.json,
// outDir ../dist) whose server/lib module writes config/settings.json from its __dirname
// (dist/lib once compiled) makes config/ the runtime user's, the stage naming the module; a
// bundled server's __dirname is not known, and nothing is made writable; a server run from its
// source, whose lib/store.js makes ../data from its own directory, gets data/.
func TestServerWritesADirectoryAtStart(t *testing.T) {
	pkg := `{"name": "requests", "scripts": {"build": "tsc --project server/tsconfig.json", "start": "node dist/index.js"},
	  "dependencies": {"express": "4.18.2"}, "devDependencies": {"typescript": "5.9.3"}}`
	ctx := []string{"yarn.lock", "",
		"server/tsconfig.json", `{"compilerOptions": {"outDir": "../dist"}, "include": ["**/*.ts"]}`,
		"server/index.ts", "import express from 'express'\nimport { save } from './lib/settings'\nexpress().listen(5055)\n",
		"server/lib/settings.ts", settingsModule}
	p := provider.MustPlan(t, "language: node\nports: [5055]\n", facts(pkg, ctx...))
	langtest.Writable(t, p, "1000:1000", "/app", "mkdir -p config", "config")
	if d := p.Stage("runtime").Description; !strings.Contains(d, "who owns config (written into at start by server/lib/settings.ts)") {
		t.Errorf("the runtime stage says %q", d)
	}

	bundled := strings.Replace(pkg, `"tsc --project server/tsconfig.json"`, `"esbuild server/index.ts --bundle --platform=node --outfile=dist/index.js"`, 1)
	p = provider.MustPlan(t, "language: node\nports: [5055]\n", facts(bundled, ctx...))
	if d := p.Stage("runtime").Description; strings.Contains(d, "who owns") {
		t.Errorf("a bundle's __dirname is not its module's: %q", d)
	}

	store := "const fs = require('fs');\nconst path = require('path');\nfs.mkdirSync(path.join(__dirname, '..', 'data'), { recursive: true });\n"
	p = provider.MustPlan(t, "language: node\n", facts(`{"name": "kuma", "scripts": {"start": "node server.js"}}`, "server.js", "require('./lib/store')\n", "lib/store.js", store))
	langtest.Writable(t, p, "1000:1000", "/app", "mkdir -p data", "data")
}

// TestWrittenDirs: the directories of the files a module writes, with __dirname known (here)
// or not.
func TestWrittenDirs(t *testing.T) {
	for _, c := range []struct {
		src, here string
		want      []string
	}{
		{settingsModule, "dist/lib", []string{"config"}},
		{settingsModule, "", nil}, // where the module runs is not known
		{`fs.appendFileSync(join(process.cwd(), 'logs', 'app.log'), line)`, "", []string{"logs"}},
		{`const out = fs.createWriteStream('var/exports/today.csv')`, "", []string{"var/exports"}},
		{`await writeFile(path.join(__dirname, '..', 'data', 'state.json'), json)`, "lib", []string{"data"}},
		// not a directory of the server's below its working directory
		{`fs.writeFileSync('state.json', json)`, "", nil},                               // the working directory itself
		{`fs.writeFileSync(path.join(__dirname, 'cache.json'), json)`, "dist/lib", nil}, // the build's output
		{`fs.writeFileSync('/tmp/x.json', json)`, "", nil},
		{`fs.writeFileSync(path.join(__dirname, '../../../x/y.json'), json)`, "dist/lib", nil}, // outside
		{"// fs.writeFileSync('data/x.json', json)\n", "", nil},
		// a file in the directory a literal names, its name computed
		{`fs.writeFileSync('./assets/' + name + '.min.js', code, 'utf8')`, "", []string{"assets"}},
		{"await fs.promises.writeFile(`cache/${key}.json`, body)", "", []string{"cache"}},
		{`fs.appendFile("logs/" + day, line, done)`, "", []string{"logs"}},
		{`fs.writeFileSync('/var/tmp/' + name, code)`, "", nil},
		{`fs.writeFileSync('dist/' + name, code)`, "", nil},
		{"fs.writeFileSync(`${base}/x.json`, code)", "", nil},
	} {
		if got := writtenDirs(c.src, c.here); !slices.Equal(got, c.want) {
			t.Errorf("%q (here %q): %q, want %q", c.src, c.here, got, c.want)
		}
	}
	if got := madeDirs(`fs.mkdirSync(path.join(__dirname, '..', 'uploads'))`, "lib"); !slices.Equal(got, []string{"uploads"}) {
		t.Errorf("mkdir from a module's own directory: %q", got)
	}
}

// TestKeptDirectoryNamedByTheServer: a directory the repository keeps empty with a .gitkeep
// (kutt's db/), which a string literal of the server's modules names as the start of a path
// (envalid's default `db/data`, the SQLite file), is the runtime user's, planned from a
// directory, so through the reads of the context; not one named only by a require or import, in
// a comment, or by nothing, and not a build's output kept the same way.
func TestKeptDirectoryNamedByTheServer(t *testing.T) {
	env := `const { cleanEnv, str } = require("envalid");
const models = require("./models/link");
// LOG_DIR: "logs/app.log" is the default of another version
const env = cleanEnv(process.env, {
  DB_CLIENT: str({ default: "better-sqlite3" }),
  DB_FILENAME: str({ default: "db/data" }),
  OUT: str({ default: "dist/report.txt" }),
});
module.exports = env;
`
	dir := tree.Write(t, map[string]string{
		"package.json":          `{"name": "short", "scripts": {"start": "node server/server.js", "test": "node --test"}, "dependencies": {"envalid": "^8", "knex": "^3"}}`,
		"package-lock.json":     `{"lockfileVersion": 3}`,
		"server/server.js":      "const env = require('./env');\nrequire('http').createServer().listen(3000);\n",
		"server/env.js":         env,
		"server/models/link.js": "module.exports = {};\n",
		"db/.gitkeep":           "",
		"logs/.gitkeep":         "",
		"models/.gitkeep":       "",
		"dist/.gitkeep":         "",
		"spare/.gitkeep":        "",
	})
	p := planDir(t, dir, "language: node\nports: [3000]\n")
	langtest.Writable(t, p, "1000:1000", "/app", "mkdir -p db", "db")
	if d := p.Stage("runtime").Description; !strings.Contains(d, "who owns db (kept empty in git, named in server/env.js)") {
		t.Errorf("the runtime stage says %q", d)
	}
}

// TestServerWritesAFileInItsWorkingDirectory: a server module writing a file directly in its
// working directory (a literal, process.cwd() joined, __dirname of a module at the top, a name
// assigned such a path) gets /app root's with the user's group, mode 1775, before the app's
// files, and the runtime stage says which file and module; a file below a directory, package.json,
// a path from a variable, and a module that only reads do not.
func TestServerWritesAFileInItsWorkingDirectory(t *testing.T) {
	pkgJSON := `{"name": "sink", "scripts": {"start": "node server.js"}}`
	for _, tc := range []struct{ name, src, want string }{
		{"a literal", "const fs = require('fs');\nfs.writeFileSync('buffer.txt', lines.join('\\n'));\n", "buffer.txt"},
		{"./ and appendFile", "import { appendFile } from 'node:fs/promises';\nawait appendFile(\"./events.log\", line);\n", "events.log"},
		{"cwd joined", "fs.createWriteStream(path.join(process.cwd(), 'out.csv'));\n", "out.csv"},
		{"__dirname at the top", "fs.writeFileSync(path.join(__dirname, 'state.json'), '{}');\n", "state.json"},
		{"an assigned name", "const STATE = process.env.STATE || './state.json';\nfs.writeFileSync(STATE, '{}');\n", "state.json"},
		{"Bun.write", "await Bun.write('cache.txt', body);\n", "cache.txt"},
		{"Bun.file's writer", "const path = \"buffer.txt\";\nlet writer = Bun.file(path).writer({ highWaterMark });\n", "buffer.txt"},
		{"Bun.file read", "const text = await Bun.file('buffer.txt').text();\n", ""},
		{"below a directory", "fs.writeFileSync('data/x.json', '{}');\n", ""},
		{"package.json", "fs.writeFileSync('package.json', '{}');\n", ""},
		{"a variable's path", "fs.writeFileSync(file, '{}');\n", ""},
		{"a comment", "// fs.writeFileSync('buffer.txt', x)\nconsole.log(1);\n", ""},
		{"a read", "fs.readFileSync('buffer.txt');\n", ""},
	} {
		p := provider.MustPlan(t, "language: node\n", facts(pkgJSON, "server.js", tc.src))
		mode, d := langtest.SharedWorkdir(p, "/app"), p.Stage("runtime").Description
		said := strings.Contains(d, "/app takes new files from the runtime user ("+tc.want+", written at start by server.js)")
		if tc.want == "" && (mode != "" || strings.Contains(d, "takes new files")) || tc.want != "" && (mode != "1775 0:1000" || !said) {
			t.Errorf("%s: /app made %q, runtime %q", tc.name, mode, d)
		}
	}
	// a module tsc compiles: its literal is still the working directory's
	p := provider.MustPlan(t, "language: node\n", facts(app, "src/lib/buffer.ts", "writeFileSync('buffer.txt', x)\n", "tsconfig.json", `{"compilerOptions": {"outDir": "dist", "rootDir": "src"}}`, "src/server.ts", ""))
	if mode := langtest.SharedWorkdir(p, "/app"); mode != "1775 0:1000" {
		t.Errorf("a compiled module: /app made %q", mode)
	}
}

// TestServerMakesADirectoryNamedInAnotherModule: a NestJS server (pingvin-share's backend
// shape) whose main.ts makes `${DATA_DIRECTORY}/uploads/_temp` at start, DATA_DIRECTORY being
// imported from its constants module (`process.env.DATA_DIRECTORY || "./data"`), owns data/ in
// the image, the directory the name holds (its SQLite file goes there too), not only the leaf
// the call makes. Before, a template starting with a name was read as no path, and a name
// assigned in another module was not followed: /app/data stayed root's and the server died
// with EACCES at start. A name assigned nowhere, or in a module planning did not read, is not a
// directory.
func TestServerMakesADirectoryNamedInAnotherModule(t *testing.T) {
	main := `import { NestFactory } from "@nestjs/core";
import * as fs from "fs";
import { AppModule } from "./app.module";
import { DATA_DIRECTORY as DATA, MAX_UPLOAD } from "./constants";

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await fs.promises.mkdir(` + "`${DATA}/uploads/_temp`" + `, { recursive: true });
  await app.listen(8080);
}
bootstrap();
`
	constants := `export const DATA_DIRECTORY = process.env.DATA_DIRECTORY || "./data";
export const MAX_UPLOAD = 1000;
`
	ctx := map[string]string{
		"package.json": `{"name": "drop-share-backend", "scripts": {"build": "nest build", "start:prod": "node dist/main"},
 "dependencies": {"@nestjs/common": "^11.0.17", "@nestjs/core": "^11.0.17", "@nestjs/platform-express": "^11.0.17", "reflect-metadata": "^0.2.2"},
 "devDependencies": {"@nestjs/cli": "^11.0.6", "typescript": "^5.8.3"}}`,
		"package-lock.json":   `{"lockfileVersion": 3}`,
		"nest-cli.json":       `{"collection": "@nestjs/schematics", "sourceRoot": "src"}`,
		"tsconfig.json":       `{"compilerOptions": {"module": "commonjs", "outDir": "./dist", "rootDir": "./src"}}`,
		"src/main.ts":         main,
		"src/app.module.ts":   "import { Module } from '@nestjs/common';\n@Module({})\nexport class AppModule {}\n",
		"src/constants.ts":    constants,
		"src/file/service.ts": "import { DATA_DIRECTORY } from '../constants';\n",
	}
	p := planDir(t, tree.Write(t, ctx), "language: node\nports: [8080]\n")
	langtest.Writable(t, p, "1000:1000", "/app", "mkdir -p data", "data")
	if d := p.Stage("runtime").Description; !strings.Contains(d, "who owns data (made at start by src/main.ts)") {
		t.Errorf("the runtime stage says %q", d)
	}

	for name, change := range map[string][2]string{
		"assigned nowhere":  {"src/constants.ts", "export const MAX_UPLOAD = 1000;\n"},
		"not a path":        {"src/constants.ts", "export const DATA_DIRECTORY = process.env.DATA_DIRECTORY;\n"},
		"a module not read": {"src/main.ts", strings.Replace(main, `from "./constants"`, `from "@drop/constants"`, 1)},
	} {
		c := maps.Clone(ctx)
		c[change[0]] = change[1]
		p := planDir(t, tree.Write(t, c), "language: node\nports: [8080]\n")
		if got := artifactPaths(p); slices.ContainsFunc(got, func(c string) bool { return strings.Contains(c, "/data") }) {
			t.Errorf("%s: %q", name, got)
		}
	}
}
