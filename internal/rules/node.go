package rules

import "fmt"

// Node.js rules, reported by internal/lang/node.
var (
	// NodeVersion: source is where the version was read (".nvmrc", "package.json's engines.node").
	NodeVersion = New("NodeVersion", "A project file names a Node.js version that cannot be used", func(source, value string) string {
		return fmt.Sprintf("%s names no Node.js version this build can use (%q); set `version` in the spec", source, value)
	})

	PackageManager = New("PackageManager", "package.json's packageManager does not name npm, pnpm or yarn with an exact version",
		func(value, used string) string {
			return fmt.Sprintf("package.json's packageManager %q is not npm, pnpm or yarn with an exact version: the lockfile decides (%s)",
				value, used)
		})

	PackageManagerVersion = New("PackageManagerVersion", "The package manager's version is not pinned, so corepack installs the latest",
		func(tool string) string {
			return fmt.Sprintf("package.json has no packageManager field: corepack installs the latest %s; pin the version with "+
				"`corepack use %s`", tool, tool)
		})

	YarnPnP = New("YarnPnP", "yarn's Plug'n'Play is replaced by node_modules in the image", func() string {
		return "yarn's Plug'n'Play is not used in the image: dependencies are installed as node_modules (YARN_NODE_LINKER=node-modules), " +
			"which the runtime image can hold without yarn's cache; set `nodeLinker: node-modules` in .yarnrc.yml to say so"
	})

	NoTestScript = New("NoTestScript", "package.json has no test script for the tester stage to run", func(command string) string {
		return fmt.Sprintf("package.json has no test script, so `--target tester` (%s) fails; add one or set `test: false`", command)
	})

	InstallScript = New("InstallScript", "An install script runs before the source is in place", func(script string) string {
		return fmt.Sprintf("package.json's %s script runs during the dependency install, when only the dependency files are in place: "+
			"it cannot use the source", script)
	})

	// BuildScriptNotRun: scripts are the `build:*` (and `*:build`, `compile`, `compile:*`) scripts that run a bundler or compiler,
	// command how the first would run as build.command.
	BuildScriptNotRun = New("BuildScriptNotRun", "package.json builds with a script not named build, which nothing runs",
		func(scripts, command string) string {
			return fmt.Sprintf("package.json has no build script, and %s builds with a bundler or compiler: nothing runs it, so the "+
				"image holds the source without what it writes; set `build.command: %s` (or name the script build)", scripts, command)
		})
)

// SiteBaseNotRead: file and key are where the site's tool sets its base, how what sets it (code,
// or an environment variable nothing sets), fix what to write.
var SiteBaseNotRead = New("SiteBaseNotRead", "A static site's base path is set in a way planning does not read, so the site is served at /",
	func(file, key, how, fix string) string {
		return fmt.Sprintf("%s sets %s %s: planning cannot tell its value, so the site is served at /; if the build writes it "+
			"for a subpath, its pages ask for their files under that path, which are not there; %s", file, key, how, fix)
	})

// GitHistoryMissing: file is the site's configuration, option what it enables, why how the
// build goes without .git (no .git in the context, or the .dockerignore leaving it out).
var GitHistoryMissing = New("GitHistoryMissing", "The site's build reads the git history, which the build context does not hold",
	func(file, option, why string) string {
		return fmt.Sprintf("%s sets %s: true, so Docusaurus's build runs `git log` on every page, and fails without the repository's "+
			"history: %s; send .git with the build context (keep it out of .dockerignore, build from the repository's root), "+
			"or turn %s off for the image's build", file, option, why, option)
	})

// NodeVersionEndOfLife: major and date of the line's end of life, source of the version, and the default major.
var NodeVersionEndOfLife = New("NodeVersionEndOfLife", "The Node.js version is past its end of life",
	func(major int, date, source string, current int) string {
		return fmt.Sprintf("Node.js %d reached its end of life on %s (%s): it gets no security fixes, and current packages "+
			"require newer lines in their engines; move to %d, the Active LTS line, or another supported one", major, date, source, current)
	})

// EntrypointNotFound: what the image would run, and why planning can tell it is missing.
var EntrypointNotFound = New("EntrypointNotFound", "The file the image runs is not in the build context, and no build makes it",
	func(path, why, fix string) string {
		return fmt.Sprintf("%s is not in the build context and %s, so the image could not start; %s", path, why, fix)
	})

// CustomServerNotRun: the start script's name, the script, and the file its last command runs.
var CustomServerNotRun = New("CustomServerNotRun", "A Next.js app's start script runs a server of its own, and the image runs Next.js's",
	func(name, script, file string) string {
		return fmt.Sprintf("package.json's %s script (`%s`) ends by running %s with node, a server of the project's own, which planning "+
			"does not follow (a command other than the build before it, or a flag taking a word), so the image runs Next.js's own server: "+
			"what the custom server adds (WebSocket servers, jobs, routes of its own) is not there; set `entrypoint: %s` (the image then "+
			"holds what `next start` needs beside it: .next, public/, the Next.js config), and run what comes before it as a release step", name, script, file, file)
	})

// StartScriptNotFollowed: the start script, its name, main's file and the package's bin files.
var StartScriptNotFollowed = New("StartScriptNotFollowed", "The start script runs a command planning cannot follow, so the image runs package.json's main",
	func(name, script, main, bins string) string {
		return fmt.Sprintf("package.json's %s script (`%s`) is not `node FILE`, so the image runs package.json's main, %s; "+
			"the package's bin (%s) is a command, whose main module may only export the server, and then the container exits at once: "+
			"set `entrypoint` to the file the start script runs (the bin, with `cmd` for its arguments)", name, script, main, bins)
	})

// AssetsScript: dir is the assets' directory, script the other script, out where it builds,
// built where `build` writes.
var AssetsScript = New("AssetsScript", "Another script of the assets' package.json builds into the main project",
	func(dir, script, out, built string) string {
		return fmt.Sprintf("%s/package.json's `%s` script builds into %s, outside %s/, where the main program may embed it, "+
			"but `assets` run `build`, which writes %s: set `assets.script: %s` if the image is to hold that build",
			dir, script, out, dir, built, script)
	})

// PrismaSchemaNotFound: where the schema was looked for.
var PrismaSchemaNotFound = New("PrismaSchemaNotFound", "The project uses Prisma, but its schema is not where the Prisma CLI looks",
	func(tried string) string {
		return fmt.Sprintf("package.json depends on Prisma, but no schema is at %s: the build cannot run `prisma generate`, "+
			"so the image's Prisma client is missing or a placeholder; name the schema in prisma.config.ts (`schema`) "+
			"or move it to prisma/schema.prisma", tried)
	})

// PrismaEnvOnlyInDotenv: the schema file, the variable its datasource's url reads, the .env
// file that alone sets it, and what to write.
var PrismaEnvOnlyInDotenv = New("PrismaEnvOnlyInDotenv", "The Prisma schema's database URL is a variable only the project's .env sets, which the image leaves out",
	func(schema, name, file, fix string) string {
		return fmt.Sprintf("%s's datasource reads its url from %s, which only %s sets: the image leaves .env files out (their "+
			"variables belong to the environment the container runs in), so the Prisma client fails at its first query "+
			"(Environment variable not found: %s); %s", schema, name, file, name, fix)
	})

// PrismaQueryEngine: the Prisma major package.json asks for.
var PrismaQueryEngine = New("PrismaQueryEngine", "The Prisma client loads a native query engine built for one platform",
	func(major int) string {
		return fmt.Sprintf("the prisma-client-js generator of Prisma %d loads Prisma's native query engine, which `prisma generate` "+
			"downloads for the build platform (binaries.prisma.sh): the slim runtime lacks the libssl3 it links (add "+
			"`packages: [libssl3]`), and an image for another platform gets the build platform's engine unless the "+
			"generator's binaryTargets name the target's; engineType = \"client\" (Prisma 6.16 and later, with a driver "+
			"adapter) needs no engine", major)
	})

// UINotShipped: a server serves a directory that another package of its workspace, or another
// build of its project, writes, which the image does not hold.
var UINotShipped = New("UINotShipped", "The server serves a UI another package or build writes, which the image lacks",
	func(why, out, fix string) string {
		return fmt.Sprintf("%s serves %s, which the image does not hold: the server would answer without its UI; %s", why, out, fix)
	})

// PackageManagerAtRunTime: a server runs pnpm, which the Node.js runtime image does not have.
var PackageManagerAtRunTime = New("PackageManagerAtRunTime", "The server runs pnpm, which the runtime image does not have",
	func(where, runtime string) string {
		return fmt.Sprintf("%s runs pnpm, which the %s runtime does not have (node's images hold npm, and corepack without "+
			"its pnpm shim): the call fails at run time with ENOENT; set `runtime` to an image with pnpm (one whose "+
			"Dockerfile runs `corepack enable pnpm` as root and installs the project's version), or skip the rule when "+
			"the server runs without it", where, runtime)
	})

// ConfigFileMissing: where (file:line) a server names the configuration file target, which the
// build context lacks, and sample the file the project ships in its place; without, what
// happens without it, dest where files copies one. A server reads it ("reads"); a static site's
// app fetches it ("fetches").
var ConfigFileMissing = New("ConfigFileMissing", "The server or site reads a configuration file the project ships only as a sample",
	func(where, reads, target, sample, without, dest string) string {
		return fmt.Sprintf("%s %s %s, which the build context lacks (the project ships %s, a sample to copy and edit): "+
			"%s; copy one into the image with `files: [{src: %s, dest: %s}]` (the sample "+
			"edited for the image, or a file of yours), or mount one at run time and skip the rule", where, reads, target, sample, without, sample, dest)
	})

// BuildRunsMigration: where a build runs what, a database migration, and fix, the spec line
// that builds without it.
var BuildRunsMigration = New("BuildRunsMigration", "The build migrates a database, which the builder does not have",
	func(where, what, fix string) string {
		return fmt.Sprintf("%s runs %s, a database migration, during the build: the builder has no database, so the step "+
			"fails, or migrates the database a .env of the context names, from the build; %s to build without it, and "+
			"migrate when the service is deployed", where, what, fix)
	})

// BrowserNotInstalled: pkg is a production dependency that launches a browser, runtime the
// runtime image, fix what to write.
var BrowserNotInstalled = New("BrowserNotInstalled", "The server launches a browser, which the runtime image does not have",
	func(pkg, runtime, fix string) string {
		return fmt.Sprintf("package.json depends on %s, which launches a browser: the install does not download it (the "+
			"projects' own Dockerfiles turn that off too) and the %s runtime has none, so launching one fails at run time; "+
			"%s; or skip the rule when the server only connects to a browser elsewhere", pkg, runtime, fix)
	})

// StartStepsNotRun: the project's container runs commands before its server (a migration), and
// the image starts the server alone.
var StartStepsNotRun = New("StartStepsNotRun", "The project runs commands before its server, which the image does not run",
	func(where, steps, file string) string {
		return fmt.Sprintf("%s runs %s before the server; the image runs %s alone, so they never run: run them with the "+
			"image before the server starts (a release step: `docker run --rm --entrypoint /bin/sh IMAGE -c "+
			"'PATH=node_modules/.bin:$PATH COMMAND'`), set `cmd`/`processes` to run them, or skip the rule when "+
			"the server does it at start", where, steps, file)
	})

// EntrypointOnlyExports: the image runs package.json's main, a module that only imports or
// exports, so node loads it and exits.
var EntrypointOnlyExports = New("EntrypointOnlyExports", "The image runs package.json's main, a module that only exports",
	func(file string) string {
		return fmt.Sprintf("the image runs %s, package.json's main, which only imports and exports (a library's entry, for "+
			"those who require the package): node loads it and exits at once; set `entrypoint` to the script that starts "+
			"the server, or, for a site the build writes, `runtime: static` and `entrypoint` the site's directory", file)
	})

// BuildEnvMissing: the sample naming the variables, the variables, the bundler's words for what
// it does with them, and the spec line that sets them.
var BuildEnvMissing = New("BuildEnvMissing", "The build bakes in variables the project lists only in a sample .env",
	func(sample, vars, how, fix string) string {
		return fmt.Sprintf("%s lists %s, which %s, and no .env file of the build context nor the spec's build.env sets "+
			"them: the build bakes them in undefined, and the code reading them runs without them (in the browser too); set %s (the "+
			"sample's values, or yours), or commit a .env.production with them", sample, vars, how, fix)
	})

// NodeSassUnsupported: at is the lockfile, version node-sass's, major the Node.js major the
// build runs, newest the newest major that node-sass version has binaries for, how where to set
// the Node.js version ("`version: \"20\"` in the spec, or engines.node").
var NodeSassUnsupported = New("NodeSassUnsupported", "node-sass has no binary for the Node.js version the build runs, so the install compiles it",
	func(at, version, major, newest, how string) string {
		return fmt.Sprintf("%s locks node-sass %s, which has binaries for Node.js %s at the newest, not %s: the install compiles it "+
			"with node-gyp, which node-sass does not support on that Node.js, and fails there; replace node-sass with sass (Dart Sass, "+
			"the same Sass without a native module: `npm uninstall node-sass && npm install --save-dev sass`, which sass-loader and "+
			"Laravel Mix use when present), or build on Node.js %s (%s)", at, version, newest, major, newest, how)
	})
