package rules

import (
	"fmt"
	"path"
	"strings"
)

// Rules of the Python provider (internal/lang/python).
var (
	// DjangoSettingsMissing: module is the settings module, from where it was named, file its
	// file in the context and sample what the project ships instead ("" for none).
	DjangoSettingsMissing = New("DjangoSettingsMissing", "The Django settings module is not in the build context",
		func(module, from, file, sample string) string {
			ships := ""
			if sample != "" {
				ships = " (the project ships " + sample + ", a sample to copy and edit)"
			}
			return fmt.Sprintf("the settings module %s (%s) is not in the build context: %s is missing%s. The build cannot import "+
				"it, so it does not run collectstatic, and the server fails at start unless the file is there at run time (a "+
				"volume, as the project's compose file may mount it); write it into the context, or set DJANGO_SETTINGS_MODULE "+
				"in `env` to a module that is there, and the build collects the static files", module, from, file, ships)
		})

	// DjangoAppNotInstalled: settings is the settings module, from where it was named, app the
	// app it installs at file:line, dist the development-only distribution that provides it,
	// collect whether the build runs collectstatic, and fix what to do.
	DjangoAppNotInstalled = New("DjangoAppNotInstalled", "The Django settings the image runs with install an app that only the development dependencies provide",
		func(settings, from, file string, line int, app, dist string, collect bool, fix string) string {
			fails := "the server fails at start importing it"
			if collect {
				fails = "collectstatic fails the build importing it, and the server would at start"
			}
			return fmt.Sprintf("the settings module %s (%s) installs %s (%s:%d), which only the development dependencies provide (%s): "+
				"the image never gets them, so %s; %s", settings, from, app, file, line, dist, fails, fix)
		})

	// MigrationNotRun: where is what runs the migration (an entrypoint script of the project's
	// Dockerfile, its shell-form CMD), steps the commands as written, server what the image runs,
	// and run how to run the first with the image.
	MigrationNotRun = New("MigrationNotRun", "The project's own image migrates the database before its server starts, which this image does not",
		func(where, steps, server, run string) string {
			return fmt.Sprintf("%s runs %s before the server; the image starts %s alone, so the database is never migrated "+
				"and the server fails on tables that do not exist yet: run the migration once per deployment with the image "+
				"before the server starts (a release step or an init container: `%s`), or set `cmd`/`processes` to run it, "+
				"or skip the rule when something else migrates", where, steps, server, run)
		})

	// WebProcessOnly: why is the planning error the project's own files give, which the web
	// process (a Procfile's, the spec's processes) stands in for.
	WebProcessOnly = New("WebProcessOnly", "The image runs the web process, because the project's own files name nothing the frontend can run",
		func(why string) string {
			return fmt.Sprintf("the image runs the web process (the default target), and the runtime stage runs nothing of the project, "+
				"because the project's files alone say: %s", why)
		})

	// ManagementScript: script is the project's only script, target what it calls, file the
	// file that calls Django's management commands, serves what the image runs instead.
	// framework names the application (Django, Litestar), cli what the script runs (Django's
	// management commands, the Litestar CLI).
	ManagementScript = New("ManagementScript", "The project's only script is its framework's command line (Django's management commands, the Litestar CLI, a FlaskGroup), so the image serves the application",
		func(script, target, cli, file, framework, serves string) string {
			return fmt.Sprintf("the project's only script, %s (%s), runs %s (from %s): it is the "+
				"project's command line, not its program, so the image serves the %s application instead: %s; "+
				"set `entrypoint: %s` to run the script", script, target, cli, file, framework, serves, script)
		})

	// PrintScript: script is the project's only script, target what it calls, file the file
	// whose function only prints, framework and serves the application the image serves instead.
	PrintScript = New("PrintScript", "The project's only script only prints, so the image serves the web framework's application",
		func(script, target, file, framework, serves string) string {
			return fmt.Sprintf("the project's only script, %s (%s), only prints or logs (in %s): it is a placeholder, "+
				"not the program, so the image serves the %s application instead: %s; set `entrypoint: %s` to run the script",
				script, target, file, framework, serves, script)
		})

	// CommandLineScript: script is the project's only script, target what it calls, what the
	// command line it is ("a click command line"), file its module, unserved what is not run
	// instead ("the Django application ..., which gunicorn among the dependencies serves, is not
	// run"), fix what to write.
	CommandLineScript = New("CommandLineScript", "The project's only script is a command line that starts no server, in a web application's project",
		func(script, target, what, file, unserved, fix string) string {
			return fmt.Sprintf("the image runs the project's only script, %s (%s), %s (in %s) that starts no server, "+
				"while %s: a command line run without a command prints its usage "+
				"and exits; %s, or skip the rule when the script is the program", script, target, what, file, unserved, fix)
		})

	// ServerInGroup: server is the distribution, where the group, extra or requirements file that
	// holds it ("dependency group `prod` of pyproject.toml", "requirements file
	// `requirements-server.txt`"), how is the install that adds it.
	ServerInGroup = New("ServerInGroup", "The web server is installed from a dependency group, extra or requirements file, not the main dependencies",
		func(server, where, how string) string {
			return fmt.Sprintf("%s, the server the image runs, is only in the %s, not among the main dependencies: "+
				"the image installs that %s too (%s)", server, where, strings.SplitN(where, " `", 2)[0], how)
		})

	// DatabaseNotWritable: settings is the file whose DATABASES name the SQLite file db, which
	// the build context holds (shipped: root's in the image, read-only), or which is directly in
	// the root-owned directory dir that the image does not open to the runtime user (another
	// working directory, a project below it).
	DatabaseNotWritable = New("DatabaseNotWritable", "The SQLite database is in the application's directory, which the runtime user cannot write",
		func(settings, db, dir string, shipped bool) string {
			where := fmt.Sprintf("directly in %s, which belongs to root in the image: the runtime user can neither create it nor write the journal beside it", dir)
			fix := fmt.Sprintf("put it in a directory of its own (BASE_DIR / \"data\" / %q, which the image makes the runtime user's)", path.Base(db))
			if shipped {
				where = "and the build context holds that file, so the image ships it as root's, which the runtime user cannot write"
				fix = "leave it out of the build context (`" + db + "` in .dockerignore: the image then creates it, writable), " + fix
			}
			return fmt.Sprintf("the settings' DATABASES (%s) put the SQLite database at %s, %s, so the first write fails "+
				"(\"unable to open database file\", \"attempt to write a readonly database\"); %s, or give the database at run time "+
				"(a path on a volume, or a database server), or skip the rule when it always is", settings, db, where, fix)
		})

	// ServerAdded: app is the application (describe), servers the servers looked for among the
	// dependencies, added the pinned server the image installs.
	ServerAdded = New("ServerAdded", "Nothing among the dependencies serves the web application, so the image installs a server",
		func(app, servers, added string) string {
			return fmt.Sprintf("%s: nothing among the dependencies serves it (%s), so the image installs %s beside them "+
				"(outside the project's lock) and serves it with that; add a server to the dependencies to choose and pin your own",
				app, servers, added)
		})

	// DevelopmentScript: script is the project's only script, target what it calls, file the
	// file whose function starts a development server, framework and serves the application
	// the image serves instead.
	DevelopmentScript = New("DevelopmentScript", "The project's only script starts a development server, so the image serves the web framework's application",
		func(script, target, file, framework, serves string) string {
			return fmt.Sprintf("the project's only script, %s (%s), starts a development server (in %s: reload or debug on), "+
				"which is not for production, so the image serves the %s application instead: %s; set `entrypoint: %s` to run the script",
				script, target, file, framework, serves, script)
		})

	// PythonVersionEndOfLife: line and the date of its end of life, source of the version, and
	// the default Python.
	PythonVersionEndOfLife = New("PythonVersionEndOfLife", "The Python version is past its end of life",
		func(line, date, source, current string) string {
			return fmt.Sprintf("Python %s reached its end of life on %s (%s): it gets no security fixes, and current packages "+
				"stop publishing wheels for it and drop it from their Requires-Python; move to %s, the default, or another "+
				"supported line (the spec's `version`, .python-version or requires-python, then the lockfile resolved again)",
				line, date, source, current)
		})

	// WheelLeavesOutAssets: output is the directory `assets` writes into the builder, pkg the
	// package directory holding it, line the .gitignore line naming it.
	WheelLeavesOutAssets = New("WheelLeavesOutAssets", "The wheel of a Python package leaves out the front end `assets` builds into it",
		func(output, pkg, line string) string {
			return fmt.Sprintf("`assets` writes %s inside the package %s, which the image gets only as the wheel `pip install .` builds, "+
				"and %s: the image would lack the built files; %s", output, pkg, HatchDrops(line), HatchArtifacts(output))
		})

	// BuildHookRunsNode: hook is the file of the package's build hook (hatch_build.py, setup.py),
	// from what declares it, tool the Node.js package manager it runs, assets the `assets` value
	// that builds the front end instead.
	BuildHookRunsNode = New("BuildHookRunsNode", "The Python package's build hook runs npm, yarn or pnpm, which the Python builder does not have",
		func(hook, from, tool, assets string) string {
			return fmt.Sprintf("%s, the package's build hook (%s), runs %s, which the Python builder does not have: "+
				"`pip install .` would fail when the hook runs it; build the front end in its own stages, "+
				"whose output is in the builder before the package is built: `assets: %s` "+
				"(a hook that runs %s only when the built files are missing then skips it), "+
				"or skip the rule when the built files are committed", hook, from, tool, assets, tool)
		})

	// VersionFromGit: from is the setting that takes the version from git, variable what the
	// build sets instead, why how the build goes without .git.
	VersionFromGit = New("VersionFromGit", "The Python package takes its version from git, which the build context does not hold",
		func(from, variable, why string) string {
			return fmt.Sprintf("pyproject.toml's %s takes the package's version from git, and %s: the build installs it as "+
				"version 0.0.0 (%s=0.0.0), where it would fail; send .git with the build context (keep it out of .dockerignore), "+
				"or give the version: `build: {env: {%s: 1.2.3}}`", from, why, variable, variable)
		})
)

// HatchDrops says that hatchling leaves out of the wheel what the .gitignore line names.
func HatchDrops(line string) string {
	return fmt.Sprintf("hatchling leaves out of the wheel what .gitignore names (`%s`)", line)
}

// HatchArtifacts is the setting that makes hatchling keep output, a directory of the project,
// in the wheel.
func HatchArtifacts(output string) string {
	return fmt.Sprintf("add `artifacts = [\"/%s\"]` to pyproject.toml's `[tool.hatch.build.targets.wheel]`", output)
}
