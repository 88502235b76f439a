package golang

import (
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A program built with a command library whose server is a subcommand (`go-base serve`,
// `pocketbase serve`, `gogs web`) prints its help and exits when the image runs it without
// arguments; its own Dockerfile runs `CMD ["./main", "serve"]`. When the module requires cobra,
// urfave/cli, kong or go-flags directly, planning reads the Go files of the packages of the module that
// the image's main package imports, and again those that a package importing the library
// imports (two levels below the main package at most: pocketbase's `examples/base` imports the
// root package, which adds the commands of `cmd/`), and looks for a command named `serve`,
// `server` or `web`: a cobra command literal's Use, a urfave/cli command literal's Name, a kong
// command field (a struct field tagged `cmd:""`, named after the field), a go-flags command (a
// field tagged `command:"server"`, or AddCommand("server", ...)). When exactly one such
// name is found, it is the image's default argument (`cmd`), which the spec's `cmd` replaces;
// with cobra or urfave/cli and none, a `run` or `start` command beside a root that does nothing
// (idleroot.go).
// A kong command tagged `default` runs without arguments, so it is not one; nor is a server
// command beside a cobra or urfave/cli root that runs something itself (rootRuns), a terminal UI
// aside (Ech0's root opens one). Of several names, one declared only hidden or deprecated (an
// alias, Ech0's `web` of `serve`) is left out.

// commandLibrary is a Go command-line library whose subcommands planning reads.
type commandLibrary struct {
	module string         // its module path (any major version: urfave/cli/v3)
	server *regexp.Regexp // a server command's declaration; the first submatch is its name
	lower  bool           // the name is a Go identifier, lowercased (kong's field names)
	either bool           // the name is the first or the second submatch (two forms in one pattern)
	// find, when set, reads the file instead of server (kingpin's, parsed: kingpinServers).
	find func(text string) []string
}

// serverCommands are the names of a server command, in the libraries' patterns below and in a
// hand-written switch (switch.go).
var serverCommands = []string{"serve", "server", "web"}

var commandLibraries = []commandLibrary{
	// cobra: a command literal whose Use is the name, with or without an argument synopsis
	// ("serve [flags]").
	{module: cobraModule, server: regexp.MustCompile(`\bcobra\.Command\{[^}]*?\bUse:\s*"(serve|server|web)(?:\s[^"]*)?"`)},
	// urfave/cli v1 to v3: a command literal whose Name is the name.
	{module: urfaveModule, server: regexp.MustCompile(`\bcli\.Command\{[^}]*?\bName:\s*"(serve|server|web)"`)},
	// kong: a command field of the CLI struct, `Serve ServeCmd `+"`"+`cmd:"" help:"..."`+"`"+`, without a
	// name tag (which renames it) or a default tag (which runs it without arguments).
	{module: "github.com/alecthomas/kong", server: regexp.MustCompile("(?m)^\\s*(Serve|Server|Web)\\s+[\\w.*]+\\s+`(?:[^`]*\\s)?cmd:\"[^\"]*\"[^`]*`"), lower: true},
	// go-flags: a command field of the options struct, named by its tag (remark42's
	// `ServerCmd cmd.ServerCommand `+"`"+`command:"server"`+"`"+`), or a parser's AddCommand("server", ...).
	{module: "github.com/jessevdk/go-flags", server: regexp.MustCompile("`(?:[^`\n]*\\s)?command:\"(serve|server|web)\"[^`\n]*`|\\.AddCommand\\(\\s*\"(serve|server|web)\""), either: true},
	// kingpin (v2 at both of its paths): an application's Command("server", ...) (kingpinServers).
	{module: "github.com/alecthomas/kingpin", find: kingpinServers},
	{module: "gopkg.in/alecthomas/kingpin.v2", find: kingpinServers},
}

// found are the server command names in a Go file's text, skipping commented lines and kong
// fields renamed or run by default.
func (l commandLibrary) found(text string) []string {
	if l.find != nil {
		return l.find(text)
	}
	var names []string
	for _, m := range lang.CodeMatches(l.server, text) {
		decl := text[m[0]:m[1]]
		if l.lower && (strings.Contains(decl, `name:"`) || strings.Contains(decl, `default:"`)) {
			continue
		}
		if l.either && m[2] < 0 {
			m = append(m[:2], m[4:]...)
		}
		name := text[m[2]:m[3]]
		if l.lower {
			name = strings.ToLower(name)
		}
		names = append(names, name)
	}
	return names
}

// commandLibrariesOf are the command libraries the workspace's modules require directly.
func commandLibrariesOf(ws *workspace) []commandLibrary {
	var out []commandLibrary
	for _, l := range commandLibraries {
		if ws.requiresDirectly(l.module) {
			out = append(out, l)
		}
	}
	return out
}

// importsLibrary reports whether one of the import paths is a package of one of the libraries.
func importsLibrary(imports []string, libs []commandLibrary) bool {
	return slices.ContainsFunc(imports, func(imp string) bool {
		return slices.ContainsFunc(libs, func(l commandLibrary) bool {
			return isModule(imp, l.module) || strings.HasPrefix(imp, l.module+"/")
		})
	})
}

// servePackages walks the module's packages from the main package in mainDir (walkPackages):
// the main package's imports and those of packages importing one of the libraries are followed.
// It returns the directories of the packages read that import one (cliDirs), and the *.go
// patterns still to read.
func servePackages(ws *workspace, mainDir string, libs []commandLibrary, f lang.Facts) (cliDirs, wanted []string) {
	pkgs, wanted := walkPackages(ws, []string{mainDir}, f, func(p walkedPackage) bool {
		return importsLibrary(p.Imports, libs)
	})
	for _, p := range pkgs {
		if importsLibrary(p.Imports, libs) {
			cliDirs = append(cliDirs, p.Dir)
		}
	}
	return cliDirs, wanted
}

// serveFollow asks for the Go files servePackages wants, when the module requires a command
// library.
func serveFollow(s *spec.Spec, ws *workspace, bin binary, f lang.Facts) []string {
	libs := commandLibrariesOf(ws)
	if s.Cmd != nil || len(libs) == 0 {
		return nil
	}
	_, wanted := servePackages(ws, strings.TrimPrefix(bin.Pkg, "./"), libs, f)
	return wanted
}

// serveCommand is the subcommand the image runs by default: the only command named serve,
// server or web in the packages servePackages found, followed by its run or start subcommand
// when it is a group that runs nothing itself ("server run"), "" for none (or several).
func serveCommand(s *spec.Spec, ws *workspace, bin binary, f lang.Facts) string {
	libs := commandLibrariesOf(ws)
	if s.Cmd != nil || len(libs) == 0 {
		return ""
	}
	dirs, _ := servePackages(ws, strings.TrimPrefix(bin.Pkg, "./"), libs, f)
	var names, texts []string
	for _, dir := range dirs {
		for _, file := range goFiles(f, dir) {
			text := f.Text(file)
			texts = append(texts, text)
			for _, l := range libs {
				names = lang.AppendNew(names, l.found(text)...)
			}
		}
	}
	// the main package's files too: it may execute a root that a package of the library's
	// importers returns (sablier's main calls sabliercmd.NewRootCommand, centrifugo's
	// app.Centrifugo)
	for _, file := range goFiles(f, strings.TrimPrefix(bin.Pkg, "./")) {
		if text := f.Text(file); !slices.Contains(texts, text) {
			texts = append(texts, text)
		}
	}
	if len(names) == 0 {
		return idleRootCommand(libs, texts)
	}
	if len(names) > 1 { // an alias beside the command it stands for (Ech0's deprecated, hidden `web`)
		aliases := aliasCommands(libs, texts)
		if shown := slices.DeleteFunc(slices.Clone(names), func(n string) bool { return slices.Contains(aliases, n) }); len(shown) > 0 {
			names = shown
		}
	}
	if len(names) != 1 || rootRuns(libs, texts) {
		return ""
	}
	for _, l := range libs {
		if lib, ok := idleRootLibraries[l.module]; ok {
			if run := lib.groupRun(texts, names[0]); run != "" {
				return names[0] + " " + run // ezbookkeeping's `server run` (idlegroup.go)
			}
		}
	}
	return names[0]
}

const cobraModule = "github.com/spf13/cobra"

// idleRootCommand is the run or start command beside a root that runs nothing, of cobra or
// urfave/cli (idleroot.go), "" for none.
func idleRootCommand(libs []commandLibrary, texts []string) string {
	for _, l := range libs {
		lib, ok := idleRootLibraries[l.module]
		if !ok {
			continue
		}
		if run := lib.idleRootRun(texts); run != "" {
			return run
		}
	}
	return ""
}

// rootRuns reports whether, with cobra or urfave/cli, the root command the files execute runs
// something itself (idleroot.go): the program is then the server without arguments.
func rootRuns(libs []commandLibrary, texts []string) bool {
	return slices.ContainsFunc(libs, func(l commandLibrary) bool {
		lib, ok := idleRootLibraries[l.module]
		return ok && lib.rootRuns(texts)
	})
}

// aliasCommands are, with cobra or urfave/cli, the commands declared only hidden or deprecated
// (idleroot.go).
func aliasCommands(libs []commandLibrary, texts []string) []string {
	var out []string
	for _, l := range libs {
		if lib, ok := idleRootLibraries[l.module]; ok {
			out = append(out, lib.aliasCommands(texts)...)
		}
	}
	return out
}

const urfaveModule = "github.com/urfave/cli"
