package golang

import (
	"cmp"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// A Go program may run another program at run time: gogs runs `git` for every repository
// operation and exits at start when exec.LookPath("git") fails. Distroless and scratch hold no
// program but the binary (not even a shell), so such an image builds and then fails.
//
// Planning reads the Go files it reads for files.go (the main packages, and the packages of
// their module they import, within walkPackages' bounds, when the module requires a server or
// command library directly) and looks for a call of os/exec naming a program by a string
// literal: exec.Command("git", ...), exec.CommandContext(ctx, "git", ...), exec.LookPath("git").
// Only the programs of runtimeTools count, those a distroless image lacks and a Debian or
// Alpine package provides; a program named by a variable, a setting or os.Args[0] is the
// program's business. A call in a comment or a string, in a test file, or in a file Go leaves
// out of a Linux build (`_windows.go`, `//go:build darwin`) is not one.
//
// What is done depends on the runtime:
//   - the spec names none: the runtime is slim (Debian), with the tools' packages installed, as
//     Rust's runtime is for a native library: the image runs as the program needs;
//   - slim or alpine: the tools that base lacks are installed;
//   - distroless or scratch: RuntimeToolMissing names the file, line and tool, and the fix;
//   - an image the spec names: nothing (what it holds is its own).

// runtimeTool is a program the runtime lacks, and the package that provides it for each
// package manager of the runtime aliases ("" when the base has it already).
type runtimeTool struct {
	Name     string
	Apt, Apk string
}

// runtimeTools are the programs a Go server commonly runs, which distroless lacks.
var runtimeTools = []runtimeTool{
	{Name: "sh"}, {Name: "tar"}, {Name: "gzip"}, // in Debian's and Alpine's (BusyBox's) base
	{Name: "bash", Apk: "bash"},
	{Name: "wget", Apt: "wget"}, {Name: "unzip", Apt: "unzip"}, // BusyBox has them
	{Name: "git", Apt: "git", Apk: "git"},
	{Name: "ssh", Apt: "openssh-client", Apk: "openssh-client"},
	{Name: "ssh-keygen", Apt: "openssh-client", Apk: "openssh-keygen"},
	{Name: "curl", Apt: "curl", Apk: "curl"},
	{Name: "zip", Apt: "zip", Apk: "zip"},
	{Name: "rsync", Apt: "rsync", Apk: "rsync"},
	{Name: "openssl", Apt: "openssl", Apk: "openssl"},
	{Name: "gpg", Apt: "gnupg", Apk: "gnupg"},
	{Name: "ffmpeg", Apt: "ffmpeg", Apk: "ffmpeg"}, {Name: "ffprobe", Apt: "ffmpeg", Apk: "ffmpeg"},
	{Name: "convert", Apt: "imagemagick", Apk: "imagemagick"}, {Name: "magick", Apt: "imagemagick", Apk: "imagemagick"},
	{Name: "gs", Apt: "ghostscript", Apk: "ghostscript"},
	{Name: "pandoc", Apt: "pandoc", Apk: "pandoc"},
	{Name: "sqlite3", Apt: "sqlite3", Apk: "sqlite"},
	{Name: "pg_dump", Apt: "postgresql-client", Apk: "postgresql-client"},
	{Name: "psql", Apt: "postgresql-client", Apk: "postgresql-client"},
	{Name: "mysqldump", Apt: "default-mysql-client", Apk: "mysql-client"},
	{Name: "hg", Apt: "mercurial", Apk: "mercurial"},
	{Name: "svn", Apt: "subversion", Apk: "subversion"},
}

// execCall matches a call of os/exec that names a program: its function is the submatch.
var execCall = regexp.MustCompile(`(?:^|[^\w.])exec\.(Command|CommandContext|LookPath)\(`)

// toolUse is a call naming a program of runtimeTools.
type toolUse struct {
	Tool runtimeTool
	File string
	Line int
	Call string // exec.Command("git")
}

func (u toolUse) String() string {
	return u.File + ":" + strconv.Itoa(u.Line) + " " + u.Call
}

// toolUses are the runtime tools the files run, each once (its first call), in file order.
func toolUses(f lang.Facts, files, tags []string, cgo bool) []toolUse {
	var out []toolUse
	for _, file := range files {
		if !slices.Contains(fileImports(f, []string{file}), "os/exec") || !matchesLinux(f, file, tags, cgo) {
			continue
		}
		text := f.Text(file)
		var notCode [][2]int
		for i, m := range execCall.FindAllStringSubmatchIndex(text, -1) {
			if i == 0 {
				notCode = commentsAndStrings(f[file], text)
			}
			paren := m[1] - 1
			if slices.ContainsFunc(notCode, func(r [2]int) bool { return r[0] <= paren && paren < r[1] }) {
				continue
			}
			fn, arg := text[m[2]:m[3]], 0
			if fn == "CommandContext" {
				arg = 1
			}
			args := literalArgs(text[m[1]:])
			if len(args) <= arg {
				continue
			}
			name := path.Base(args[arg]) // "/usr/bin/git" is git
			i := slices.IndexFunc(runtimeTools, func(t runtimeTool) bool { return t.Name == name })
			if i < 0 || slices.ContainsFunc(out, func(u toolUse) bool { return u.Tool.Name == name }) {
				continue
			}
			out = append(out, toolUse{Tool: runtimeTools[i], File: file, Line: strings.Count(text[:paren], "\n") + 1,
				Call: "exec." + fn + "(" + strconv.Quote(args[arg]) + ")"})
		}
	}
	return out
}

// toolFiles are the Go files searched for runtime tools: filesPackages' walk, taken also when
// the module requires a command library (gogs' urfave/cli: its git runs in internal/database).
func toolFiles(ws *workspace, bins []binary, f lang.Facts) (files, wanted []string) {
	return searchedFiles(ws, bins, f, slices.ContainsFunc(serverLibraries, ws.requiresDirectly) || len(commandLibrariesOf(ws)) > 0)
}

// toolsFollow asks for the Go files toolFiles reads.
func toolsFollow(ws *workspace, bins []binary, f lang.Facts) []string {
	_, wanted := toolFiles(ws, bins, f)
	return wanted
}

// toolRuntime decides the runtime of a program that runs tools (see above): it may change rt's
// default to slim and sets the packages to install, or returns a RuntimeToolMissing note for
// each tool a distroless or scratch runtime lacks.
func (b *builds) toolRuntime(rt *lang.Runtime, tags []string) []plan.Note {
	files, _ := toolFiles(b.ws, b.bins, b.f)
	uses := toolUses(b.f, files, tags, b.cgo.On)
	if len(uses) == 0 {
		return nil
	}
	if strings.TrimSpace(b.s.Runtime) == "" {
		rt.Default = "slim"
	}
	image, alias := rt.RuntimeImage(b.s)
	var notes []plan.Note
	var why []string
	for _, u := range uses {
		switch {
		case alias == "distroless" || image == "":
			fix := "`runtime: slim`, which has it"
			if u.Tool.Apt != "" {
				fix = "`runtime: slim`, which installs it (or name it: `packages: [" + u.Tool.Apt + "]`)"
			}
			notes = append(notes, rules.RuntimeToolMissing.Note(lang.FirstField(b.s, "runtime", "entrypoint", "language"),
				rules.RuntimeToolMissing.Format(u.String(), u.Tool.Name, cmp.Or(alias, "scratch"), fix)))
		case alias == "slim" || alias == "alpine":
			pkg := u.Tool.Apt
			if lang.PackageManagerOf(image).Tool == "apk" {
				pkg = u.Tool.Apk
			}
			if pkg != "" && !slices.Contains(rt.Packages, pkg) {
				rt.Packages = append(rt.Packages, pkg)
			}
			why = append(why, u.Tool.Name+" ("+u.String()+")")
		}
	}
	if len(why) > 0 {
		rt.PackagesFor = "the program runs " + strings.Join(why, ", ")
	}
	return notes
}
