package node

import (
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A server that a build compiles (the image runs dist/main.js) often reads files beside the
// build, from the project: its static assets (`app.use(express.static('public'))`, `@fastify/static`'s
// `root: path.join(__dirname, '..', 'public')`, NestJS's ServeStaticModule `rootPath`), its
// views (`app.set('views', ...)`), a page (`res.sendFile(...)`, `fs.readFileSync('templates/x.html')`).
// The image of such a build holds the build's directory, package.json and the production
// node_modules only, so the runtime copies those paths from the context, as `files` would (to
// the same path under the working directory, root-owned, before the artifacts; lang.Runtime.Files).
//
// Planning reads the TypeScript source of the entry (tssource.go, the file listen.go reads) and,
// when a production dependency serves or reads files (servesFiles: express, @nestjs/serve-static,
// knex, ...), the files it imports by a relative path, one level (`import { AppModule } from
// './app.module'`).
// In them, outside // comments, a path is:
//   - the path argument of a call of readCalls, or the value of a property of readProps;
//   - any path.join/path.resolve of `__dirname` or `process.cwd()` and string literals, also
//     `${__dirname}/../public` and `__dirname + '/../public'`: a path the program names from its
//     own place is one it reads.
//
// A path argument is a string literal, relative to the working directory (the project's
// directory in the image, where node runs), or one of the expressions above. `__dirname` is the
// directory of the compiled file, not of the source: src/main.ts runs as dist/main.js, so
// `join(__dirname, '..', 'public')` there is public/ of the project. A glob is reduced to its
// directory (`migrations/*.js`: migrations/).
//
// A path is kept when the context holds it (a presence probe, lang.Probe) and, as Go's
// (lang.ContextPath, lang.CoveredByFiles), it is not absolute, has no `..` left after joining
// (never outside the context), is not the context itself nor hidden, nor covered by the spec's
// `files` (the user's entry wins); and it is not:
//   - in the build's output (the entry's top directory, dist/) or a directory other builds
//     write (build/, out/, ...): the image takes them from the build, not from the context;
//   - node_modules or in it, package.json (the image holds them);
//   - a directory holding the source planning read (src/): that would ship the code.
//
// For a single package and a workspace's selected package alike, whose image holds the build's
// directory only: a workspace package's paths are its directory's (HedgeDoc's backend/public,
// growthbook's packages/back-end/robots.txt), copied below the package's working directory.

// jsReadCall is a call whose argument is a path a server reads.
type jsReadCall struct {
	// Name is the function's name; Method: only as a method of some receiver (express.static,
	// res.sendFile), else as a function or a method (readFileSync, fs.readFileSync).
	Name   string
	Method bool
	// Key, when set, is the first argument's literal that makes the second a path (app.set('views', ...)).
	Key string
}

// readCalls are the well-known calls that read a path.
var readCalls = []jsReadCall{
	{Name: "static", Method: true},                                         // Express: app.use(express.static('public'))
	{Name: "serveStatic"},                                                  // serve-static: app.use(serveStatic('public'))
	{Name: "sendFile", Method: true},                                       // Express: res.sendFile(path.join(__dirname, '..', 'public', 'index.html'))
	{Name: "set", Method: true, Key: "views"},                              // Express: app.set('views', path.join(__dirname, '..', 'views'))
	{Name: "readFileSync"}, {Name: "readFile"}, {Name: "createReadStream"}, // node:fs and fs/promises
	{Name: "readdirSync"}, {Name: "readdir"},
}

// readProps are the object properties whose value is a path a server reads.
var readProps = []string{
	"root",             // @fastify/static: register(fastifyStatic, { root: path.join(__dirname, '..', 'public') })
	"rootPath",         // NestJS: ServeStaticModule.forRoot({ rootPath: join(__dirname, '..', 'client') })
	"migrations",       // TypeORM: migrations: ['migrations/*.js']
	"migrationsFolder", // Drizzle: migrate(db, { migrationsFolder: './drizzle' }), at start
}

// cwdExpr is the working directory as a path's base: process.cwd(), also as the fallback of a
// variable of the environment (`process.env.DATA_DIR || process.cwd()`), which the image does not
// set.
const cwdExpr = `(?:process\.env(?:\.[\w$]+|\[\s*['"][\w$]+['"]\s*\])\s*(?:\|\||\?\?)\s*)?process\.cwd\(\)`

var (
	readCallAt = func() *regexp.Regexp {
		var names []string
		for _, c := range readCalls {
			names = append(names, c.Name)
		}
		return regexp.MustCompile(`(^|[^\w$])(` + strings.Join(names, "|") + `)\s*\(`)
	}()
	readPropAt = regexp.MustCompile(`(?:^|[^\w$.])(` + strings.Join(readProps, "|") + `)\s*:\s*\[?`)
	// knexDirAt is knex's configuration of the directories its migrator and seeder read at run
	// time, relative to the working directory: `migrations: { directory: './migrations' }`,
	// `seeds: { directory: './seeds' }` (a knexfile the server imports, kener's)
	knexDirAt = regexp.MustCompile(`(?:^|[^\w$.])(migrations|seeds)\s*:\s*\{\s*directory\s*:\s*\[?`)
	// fromHere are the expressions of a path from the program's place: join or resolve of
	// __dirname or process.cwd() and literals, a template or a concatenation starting with __dirname.
	fromHere = regexp.MustCompile(`(?:^|[^\w$.])((?:path\.)?(?:join|resolve)\(\s*(?:__dirname|` + cwdExpr + `)\s*,|` +
		"`\\$\\{(?:__dirname|" + cwdExpr + ")\\}|__dirname\\s*\\+)")
	// a path expression at its start: a literal; join or resolve of a base and literals; a
	// template or a concatenation of __dirname and a literal
	jsLiteral  = `'([^'\n\\]*)'|"([^"\n\\]*)"|` + "`([^`$\\\\\n]*)`"
	pathLit    = regexp.MustCompile(`^(?:` + jsLiteral + `)`)
	pathJoin   = regexp.MustCompile(`^(?:path\.)?(join|resolve)\(\s*(__dirname|` + cwdExpr + `|'[^'\n\\]*'|"[^"\n\\]*")((?:\s*,\s*(?:'[^'\n\\]*'|"[^"\n\\]*"))*)\s*,?\s*\)`)
	pathConcat = regexp.MustCompile(`^__dirname\s*\+\s*(?:'([^'\n\\]*)'|"([^"\n\\]*)")`)
	pathTmpl   = regexp.MustCompile("^`\\$\\{(__dirname|" + cwdExpr + ")\\}([^`$\\\\\n]*)`")
	// cwdAlias is a variable a file sets to the working directory, or to a variable's value
	// falling back to it (Perplexica's `const DATA_DIR = process.env.DATA_DIR || process.cwd()`)
	cwdAlias   = regexp.MustCompile(`(?m)(?:^|[^\w$.])(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*` + cwdExpr + `\s*(?:;|$)`)
	literalArg = regexp.MustCompile(`'[^'\n\\]*'|"[^"\n\\]*"`)
	// relativeImport is a module a file imports by a relative path: import x from, import "x",
	// export ... from, import(), require() (relativeImports)
	relativeImport = regexp.MustCompile(`(?:\bfrom\s*|\b(?:import|require)\s*\(\s*|\bimport\s+)['"](\.\.?/[^'"\n]+)['"]`)
)

// pathExpr is the path, relative to the project, that the expression at the start of text
// names: a literal is relative to the working directory (the project's), `__dirname` is dir.
func pathExpr(text, dir string) (string, bool) {
	text = strings.TrimLeft(text, " \t\r\n")
	lit := func(q string) string { return strings.Trim(q, `'"`) }
	if m := pathLit.FindStringSubmatch(text); m != nil {
		return m[1] + m[2] + m[3], true
	}
	if m := pathConcat.FindStringSubmatch(text); m != nil {
		return path.Join(dir, m[1]+m[2]), true
	}
	if m := pathTmpl.FindStringSubmatch(text); m != nil {
		return hereJoin(m[1], dir, m[2]), true
	}
	m := pathJoin.FindStringSubmatch(text)
	if m == nil {
		return "", false
	}
	parts := []string{hereJoin(m[2], dir, "")}
	if strings.HasPrefix(m[2], "'") || strings.HasPrefix(m[2], `"`) {
		parts[0] = lit(m[2])
	}
	for _, q := range literalArg.FindAllString(m[3], -1) {
		if m[1] == "resolve" && path.IsAbs(lit(q)) {
			return "", false // resolve starts again from an absolute part
		}
		parts = append(parts, lit(q))
	}
	return path.Join(parts...), true
}

// withCwdAliases is src with each variable cwdAlias finds, used as a path's base (a join's or
// resolve's first argument, a template's start), replaced by process.cwd(); no line changes.
func withCwdAliases(src string) string {
	for _, m := range cwdAlias.FindAllStringSubmatch(src, -1) {
		name := regexp.QuoteMeta(m[1])
		src = regexp.MustCompile(`((?:^|[^\w$.])(?:path\.)?(?:join|resolve)\(\s*)`+name+`(\s*,)`).ReplaceAllString(src, "${1}process.cwd()${2}")
		src = strings.ReplaceAll(src, "`${"+m[1]+"}", "`${process.cwd()}")
	}
	return src
}

// moduleURL is an ES module's path from its own place, which has no __dirname: a URL relative
// to import.meta.url (`new URL('../build', import.meta.url)`), as a path through fileURLToPath
// (moduleFileURL) or not, and Node.js 20.11's import.meta.dirname (moduleDir).
var (
	moduleURLArgs = `\s*('[^'\n\\]*'|"[^"\n\\]*")\s*,\s*import\.meta\.url\s*\)`
	moduleFileURL = regexp.MustCompile(`\b(?:url\.)?fileURLToPath\(\s*new\s+URL\(` + moduleURLArgs + `\s*\)`)
	moduleURL     = regexp.MustCompile(`\bnew\s+URL\(` + moduleURLArgs)
	moduleDir     = regexp.MustCompile(`\bimport\.meta\.dirname\b`)
)

// withModuleURLs is src with each moduleFileURL and moduleURL written as the CommonJS path it
// names (`path.join(__dirname, '../build')`), and import.meta.dirname as `__dirname`, which
// pathExpr reads; no line changes.
func withModuleURLs(src string) string {
	src = moduleFileURL.ReplaceAllString(src, "path.join(__dirname, $1)")
	src = moduleURL.ReplaceAllString(src, "path.join(__dirname, $1)")
	return moduleDir.ReplaceAllString(src, "__dirname")
}

// hereJoin is rest under the base an expression names: __dirname is dir, process.cwd() the project.
func hereJoin(base, dir, rest string) string {
	if base == "__dirname" {
		return path.Join(dir, rest)
	}
	return path.Join(".", rest)
}

// SourceReadPaths are the paths a source file of a server names as ones it reads (relative to
// the project), with why, in order, read as this file reads a compiled server's sources; dir is
// the directory of the file the image runs for it, which `__dirname` names. For Bun's provider.
func SourceReadPaths(file, src, dir string) []lang.ReadPath { return readPaths(file, src, dir) }

// NotCopied reports whether r, a path the sources files name, is no candidate to copy beside
// the server whatever its build: below node_modules, package.json (which ships anyway), a
// directory holding one of the sources (read, not copied), or one already in out. For Bun's
// provider too.
func NotCopied(r lang.ReadPath, files []string, out []lang.ReadPath) bool {
	return slices.Contains(strings.Split(r.Path, "/"), "node_modules") || r.Path == "package.json" ||
		slices.ContainsFunc(files, func(f string) bool { return strings.HasPrefix(path.Dir(f)+"/", r.Path+"/") }) ||
		slices.ContainsFunc(out, func(o lang.ReadPath) bool { return o.Path == r.Path })
}

// ImportedSources are the files a TypeScript or JavaScript source imports by a relative path,
// each as the names it may have (./db: db.ts, db/index.ts, ...), inside its package.
func ImportedSources(file, src string) [][]string {
	return importedFiles(file, src, []string{".ts", ".tsx", ".js", ".mjs", "/index.ts", "/index.js"})
}

// readPaths are the paths a source file names (relative to the project), with why, in order;
// dir is the directory of the file compiled from it, which `__dirname` names.
func readPaths(file, src, dir string) []lang.ReadPath {
	var out []lang.ReadPath
	for _, r := range namedPaths(file, src, dir) {
		if c, ok := lang.ContextPath(r.Path); ok && !slices.ContainsFunc(out, func(o lang.ReadPath) bool { return o.Path == c }) {
			out = append(out, lang.ReadPath{Path: c, Why: r.Why})
		}
	}
	return out
}

// namedPaths are the paths of readPaths as the source names them, cleaned: they may leave the
// project (../client/dist: another package of its workspace, siblingui.go).
func namedPaths(file, src, dir string) []lang.ReadPath {
	src = withCwdAliases(withModuleURLs(src))
	var out []lang.ReadPath
	add := func(line, end int, what string) {
		if p, ok := pathExpr(src[end:], dir); ok {
			out = append(out, lang.ReadPath{Path: path.Clean(p), Why: file + ":" + strconv.Itoa(line) + " " + what})
		}
	}
	for line, m := range lang.CodeMatchesAt(readCallAt, src, 2) {
		name, method := src[m[4]:m[5]], src[m[2]:m[3]] == "."
		i := slices.IndexFunc(readCalls, func(c jsReadCall) bool { return c.Name == name })
		c := readCalls[i]
		if c.Method && !method {
			continue
		}
		at, ok := m[1], true
		if c.Key != "" {
			at, ok = afterKey(src, at, c.Key)
		}
		if ok {
			add(line, at, name)
		}
	}
	for line, m := range lang.CodeMatchesAt(readPropAt, src, 1) {
		add(line, m[1], src[m[2]:m[3]]+":")
	}
	for line, m := range lang.CodeMatchesAt(knexDirAt, src, 1) {
		add(line, m[1], src[m[2]:m[3]]+".directory:")
	}
	for line, m := range lang.CodeMatchesAt(fromHere, src, 1) {
		what := "__dirname"
		if strings.Contains(src[m[2]:m[3]], "process.cwd") {
			what = "process.cwd()"
		}
		add(line, m[2], what)
	}
	return out
}

// afterKey is where a call's second argument starts when its first, from at, is the literal key
// (app.set('views', ...)).
func afterKey(src string, at int, key string) (int, bool) {
	rest := strings.TrimLeft(src[at:], " \t\r\n")
	k := pathLit.FindString(rest)
	if k == "" || k[1:len(k)-1] != key {
		return 0, false
	}
	rest = strings.TrimLeft(rest[len(k):], " \t\r\n")
	if !strings.HasPrefix(rest, ",") {
		return 0, false
	}
	return len(src) - len(rest) + 1, true
}

// importedSources are the TypeScript files src (a file of the package) imports by a relative
// path, each as the names tsc may compile it from.
func importedSources(file, src string) [][]string {
	return importedFiles(file, src, []string{".ts", ".tsx", ".mts", ".cts", "/index.ts"})
}

// importedScripts are the JavaScript files src imports by a relative path, each as the names
// node may load for it.
func importedScripts(file, src string) [][]string {
	return importedFiles(file, src, []string{".js", ".cjs", ".mjs", "/index.js"})
}

// importedFiles are the files src imports by a relative path, each as its stem with each of
// suffixes, but those leaving the package.
func importedFiles(file, src string, suffixes []string) [][]string {
	var names [][]string
	for _, spec := range relativeImports(src) {
		if len(names) == maxImports {
			break
		}
		stem := path.Join(path.Dir(file), spec) // ./app.module: a name with a dot, not an extension
		switch path.Ext(spec) {
		case ".js", ".ts", ".mjs", ".cjs":
			stem = strings.TrimSuffix(stem, path.Ext(spec))
		}
		if !strings.HasPrefix(stem, "../") && stem != ".." {
			var cands []string
			for _, suffix := range suffixes {
				cands = append(cands, stem+suffix)
			}
			names = append(names, cands)
		}
	}
	return names
}

// relativeImports are the specifiers (./x, ../x) of the modules src, a JavaScript or TypeScript
// file, imports by a relative path, in order: the entry's imports (importedSources) and the
// package's files a configuration file loads (localImports). One on a line after // is passed
// over.
func relativeImports(src string) []string {
	var out []string
	for _, m := range lang.CodeMatches(relativeImport, src) {
		out = append(out, src[m[2]:m[3]])
	}
	return out
}

// maxImports bounds the imports read of an entry.
const maxImports = 40

// servesFiles are production dependencies that serve or read a project's files from where a
// module configures them (NestJS's app.module.ts, an Express app.ts): with one, planning reads
// the entry's imports too, a read more of the context, which other projects are spared.
var servesFiles = []string{"express", "serve-static", "@fastify/static", "@nestjs/serve-static", "koa-static",
	"@nestjs/platform-express", "hbs", "ejs", "pug", "handlebars", "knex", "typeorm"}

// readsImports reports a package whose entry's imports planning reads (servesFiles).
func readsImports(m manifest) bool {
	return slices.ContainsFunc(servesFiles, func(d string) bool { return m.Prod[d] })
}

// sources are what planning reads of a compiled server's sources for files.go, found once per
// call of filesReads or readFiles (entrySource and importedSources read the context).
type sources struct {
	// files are the entry's mapped TypeScript source and those it imports that the context
	// holds; dirs, the directory each is compiled to.
	files, dirs []string
	// imports are the names each import of the entry's source may be compiled from, when
	// planning reads them (readsImports).
	imports [][]string
}

// sourcesRead are the sources planning reads for files.go: none when the image holds more than
// the build's directory.
func sourcesRead(p pkg, e entry) sources {
	if e.NextApp {
		return nextSources(p)
	}
	if e.Nitro {
		return nitroSources(p)
	}
	file, mapped := entrySource(p, e)
	if !mapped {
		return sources{}
	}
	dir := path.Dir(e.File)
	src := sources{files: []string{file}, dirs: []string{dir}}
	if !readsImports(p.m) {
		return src
	}
	src.imports = importedSources(file, p.text(file))
	bundled := bundleSource(p, e.File) == file // bundle.go
	// an import compiles to the same place under the entry's directory as it has under its
	// source's: src/routes/index.ts to dist/routes/index.js, whose __dirname is dist/routes; a
	// bundle inlines it, wherever it lies, and it runs from the bundle's directory
	for _, cands := range src.imports {
		for _, c := range cands {
			rel, below := strings.CutPrefix(path.Dir(c)+"/", path.Dir(file)+"/")
			if p.has(c) && (below || bundled) && !slices.Contains(src.files, c) {
				if bundled {
					rel = ""
				}
				src.files, src.dirs = append(src.files, c), append(src.dirs, path.Join(dir, rel))
				break
			}
		}
	}
	return src
}

// nextInstrumentation are the files of Next.js's instrumentation hook, whose register() the
// server runs once at start (migrations, configuration), at the top of the project or in src/.
var nextInstrumentation = []string{"instrumentation.ts", "instrumentation.js", "src/instrumentation.ts", "src/instrumentation.js"}

// nextSources are the sources of what Next.js's server runs at start: its instrumentation file
// and the files it imports by a relative path (`await import('./lib/db/migrate')`). Next.js
// traces the files its server chunks read into .next/standalone only when it can tell their
// paths, and `next start` ships none of the project's: a directory they read from the working
// directory (Perplexica's drizzle/, `path.join(process.env.DATA_DIR || process.cwd(), 'drizzle')`)
// goes beside the server. __dirname in a server chunk is in .next/server, the build's output.
func nextSources(p pkg) sources {
	i := slices.IndexFunc(nextInstrumentation, p.has)
	if i < 0 {
		return sources{}
	}
	file, dir := nextInstrumentation[i], ".next/server"
	src := sources{files: []string{file}, dirs: []string{dir}, imports: ImportedSources(file, p.text(file))}
	for _, cands := range src.imports {
		if j := slices.IndexFunc(cands, p.has); j >= 0 && !slices.Contains(src.files, cands[j]) {
			src.files, src.dirs = append(src.files, cands[j]), append(src.dirs, dir)
		}
	}
	return src
}

// nitroSources are the modules of a Nuxt or Nitro server that the reads of startdirs.go hold
// below server/ (its utils/, plugins/, database/, ... one level down), which Nitro bundles into
// .output/server: their plugins and the utilities they import run at start, from the working
// directory, with __dirname in .output/server, the build's output. `nuxt build` writes none of
// the project's other files into .output, so a directory they read relative to the working
// directory goes beside the server (wg-easy's Drizzle migrations, `migrate(db, {
// migrationsFolder: './server/database/migrations' })` in server/database/sqlite.ts).
func nitroSources(p pkg) sources {
	var src sources
	for _, name := range serverModules(p.f.In(p.dir)) {
		if strings.HasPrefix(name, "server/") {
			src.files, src.dirs = append(src.files, name), append(src.dirs, ".output/server")
		}
	}
	return src
}

// candidates are the paths the sources planning read name that may be copied, before probes:
// not in a build's output, node_modules, package.json, a directory of the sources read, nor
// covered by the spec's files.
func (src sources) candidates(s *spec.Spec, p pkg, e entry) []lang.ReadPath {
	var out []lang.ReadPath
	reads := make([][]lang.ReadPath, len(src.files), len(src.files)+1)
	for i, file := range src.files {
		reads[i] = readPaths(file, p.text(file), src.dirs[i])
	}
	reads = append(reads, configDirs(p, e))
	for _, rs := range reads {
		for _, r := range rs {
			top := strings.Split(r.Path, "/")[0]
			switch {
			case top == e.buildTop() || buildOutputs[top], lang.CoveredByFiles(s, p.path(r.Path)), NotCopied(r, src.files, out):
				continue
			}
			out = append(out, r)
		}
	}
	return out
}

// configLoaders are production dependencies that load the settings of a directory of the
// project at start, relative to the working directory, with the directory: node-config reads
// NODE_CONFIG_DIR, ./config by default (@feathersjs/configuration loads it: a Feathers app's
// config/default.json and production.json, which its compiled lib/ does not hold).
var configLoaders = []struct{ dep, dir string }{{"config", "config"}, {"@feathersjs/configuration", "config"}}

// configDirs are the directories configLoaders read, for an image holding the build's directory
// only.
func configDirs(p pkg, e entry) []lang.ReadPath {
	if e.Guess {
		return nil
	}
	for _, l := range configLoaders {
		if p.m.Prod[l.dep] {
			return []lang.ReadPath{{Path: l.dir, Why: l.dep + " loads it"}}
		}
	}
	return nil
}

// filesReads are what files.go asks the context for: the imports of the entry's source, and
// probes of the paths the sources read name, and of configDirs.
func filesReads(s *spec.Spec, p pkg, e entry) []string {
	src := sourcesRead(p, e) // none when the entry has no mapped source: configDirs' probes only
	var out []string
	if e.NextApp {
		for _, f := range nextInstrumentation {
			out = append(out, p.path(f))
		}
	}
	for _, f := range slices.Concat(src.imports...) {
		out = append(out, p.path(f))
	}
	for _, r := range src.candidates(s, p, e) {
		out = append(out, lang.Probe(p.path(r.Path)))
	}
	return out
}

// readFiles are the runtime's default files: the candidates the context holds, outermost.
func readFiles(s *spec.Spec, p pkg, e entry, field string) []lang.DefaultFile {
	var found []lang.ReadPath
	for _, r := range sourcesRead(p, e).candidates(s, p, e) {
		if p.has(r.Path) || p.f.HasDir(p.path(r.Path)) {
			found = append(found, r)
		}
	}
	files := lang.Outermost(found, field)
	for i, f := range files { // a context path, to the same path below the package's directory
		files[i].Path, files[i].Dest = p.path(f.Path), f.Path
	}
	return files
}
