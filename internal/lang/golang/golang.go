// Package golang plans Go builds: modules downloaded in deps (go.work and local replaces
// included), the binaries cross-compiled on the build platform in builder, go test as the
// runtime's user in tester, and distroless at runtime (static, or base for a cgo binary).
package golang

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/makefile"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
	"golang.org/x/mod/modfile"
)

// latestGo is the toolchain used when neither the spec nor go.mod names one.
const latestGo = "1.26"

const (
	modCache   = "/go/pkg/mod"
	buildCache = "/root/.cache/go-build"
	srcDir     = "/src"
	outDir     = "/out"
)

// Provider plans Go modules and workspaces: it declares its toolchain (lang.Declarer), and the
// skeleton builds the stages.
type Provider struct{}

var _ lang.Follower = Provider{}

// Language is Go's registry entry: it reads these files first; Follow adds the modules they
// lead to. A package.json (or Bun's lockfile) beside go.mod builds a web UI or runs tools
// (`assets` builds one): the program is Go's.
func (Provider) Language() lang.Language {
	return lang.Language{Name: "go", Markers: []string{"go.mod", "go.work"}, Supersedes: []string{"node", "bun"},
		Reads:    slices.Concat([]string{"go.mod", "go.sum", "go.work", "go.work.sum", "vendor/modules.txt", "main.go", promuFile, "VERSION"}, goreleaserFiles, makefile.Names, uiReads()),
		Likely:   likelyMains,
		Runtimes: []string{"distroless", "scratch", "alpine", "slim"},
		Fields:   []string{"name", "binaries", "cgo", "build.ldflags"},
		Assets:   uiAssets}
}

// Follow asks for the go.mod and go.sum of the modules go.work uses and local replace
// directives point at, when the spec names no main package, the main.go files that tell
// which packages are programs, the main packages' Go files (listen.go) and whether the paths they
// read from the working directory are in the context (files.go), the packages searched for the
// programs they run (tools.go), whether what they embed is in the context when a main
// package has //go:generate directives (generate.go), and what tells whether a web
// UI beside go.mod is embedded (ui.go).
func (Provider) Follow(s *spec.Spec, f lang.Facts) []string {
	ws, err := readWorkspace(s, f)
	if err != nil {
		return nil // Plan reports it
	}
	var out []string
	uis := readUIs(f) // the UIs and the scripts' copies, read once for the two
	for _, dir := range ws.Dirs {
		if dir != "." {
			out = append(out, path.Join(dir, "go.mod"), path.Join(dir, "go.sum"))
		}
	}
	if f.Has("go.mod") && !f.Has("go.work") {
		out = append(out, nestedModulePatterns(s)...) // a program in a module of its own (nestedmod.go)
	}
	if !f.Has("go.mod") && !f.Has("go.work") && namesNoMain(s) {
		out = append(out, belowPattern) // a module in a directory of its own (modules.go)
		if dir, _ := moduleBelow(f); dir != "" {
			for _, name := range goreleaserFiles {
				out = append(out, path.Join(dir, name))
			}
		}
	}
	if namesNoMain(s) {
		out = append(out, mainFiles(ws)...)
		if m := ws.Main; !ws.Work && len(m) == 1 && !isMain(f, path.Join(m[0].Dir, "main.go")) && len(cmdMains(f, path.Join(m[0].Dir, "cmd"))) == 0 {
			out = append(out, path.Join(m[0].Dir, "*.go")) // whether the root is a program, without main.go (mainBelow)
		}
		out = append(out, nestedCmdFollow(ws, f)...) // a root holding no Go file: cmd/ deeper in (nestedcmd.go)
	}
	// the programs, found once for the three (GoReleaser's configuration and the Makefile parsed once)
	rel, mk := released(f), readMakefile(f)
	mod := modfile.ModulePath(f["go.mod"])
	if bins, run, err := binaries(s, ws, f, rel, mk); err == nil {
		// the packages whose variables GoReleaser's or the Makefile's -X stamp (makestamps.go)
		out = append(out, stampFollow(s, stampsRelease(f, ws, rel, mk, bins[run], mod), mod)...)
		out = append(out, listenFollow(s, bins)...)
		out = append(out, serveFollow(s, ws, bins[run], f)...)
		out = append(out, filesFollow(s, ws, bins, f)...)
		out = append(out, imageFollow(s, f)...)
		out = append(out, toolsFollow(ws, bins[run], f)...)
		out = append(out, cgoFollow(s, ws, bins, f)...)
		out = append(out, ownCgoFollow(s, ws, bins[run], f)...)
		out = append(out, placeholderFollow(s, ws, bins, f, uis)...)
		out = append(out, unbuiltUIFollow(s, ws, bins[run], f)...)
		out = append(out, bundleFollow(s, f)...)
		out = append(out, missingPackageFollow(ws, bins[run], f)...)
		out = append(out, generateFollow(ws, bins, f)...)
	}
	return append(out, uiFollow(s, f, uis)...)
}

// toolArgs reach go mod download and go build when given with --build-arg, never the image.
var toolArgs = []plan.Arg{
	{Name: "GOPROXY", Description: "Go module proxy (a company mirror)"},
	{Name: "GOPRIVATE", Description: "module paths fetched directly, not through the proxy"},
	{Name: "GONOSUMDB", Description: "module paths not checked against the checksum database"},
	{Name: "GONOPROXY", Description: "module paths not fetched through the proxy"},
	{Name: "GOSUMDB", Description: "checksum database"},
	{Name: "GOINSECURE", Description: "module paths fetched without TLS"},
	{Name: "GOFLAGS", Description: "flags added to every go command"},
}

// runtimes are the runtime aliases for a static binary and for a cgo one, which needs glibc:
// they differ in the distroless image only.
var runtimes = map[bool]lang.Runtime{
	false: runtimeWith("gcr.io/distroless/static-debian12:nonroot"),
	true:  runtimeWith("gcr.io/distroless/base-debian12:nonroot"),
}

func runtimeWith(distroless string) lang.Runtime {
	return lang.Runtime{
		Aliases: map[string]string{
			"distroless": distroless,
			"scratch":    "",
			"alpine":     "alpine:3.22",
			"slim":       "debian:bookworm-slim",
		},
		Default: "distroless", Shells: []string{"alpine", "slim"}, AddUser: []string{"alpine", "slim"}, CAStage: "builder",
		HomeWorkdir: true, // a program writing its data into "." (navidrome's datafolder) runs where it can
	}
}

// noModuleFix is what to do when the context's root has neither go.mod nor go.work, and the spec
// names no package of a module below it (readWorkspace's Implied).
const noModuleFix = "build from the module's directory (`go mod init` for a new one), or set `entrypoint` to " +
	"the main package of a module below the root, by its path (`./services/api`)"

// Toolchain declares a Go build.
func (Provider) Toolchain(s *spec.Spec, f lang.Facts) (*lang.Toolchain, error) {
	ws, err := readWorkspace(s, f)
	if err != nil {
		return nil, err
	}
	if !f.Has("go.mod") && !f.Has("go.work") && len(ws.Main) == 0 {
		// Go chosen without either file is the spec's `language: go`, and no package it names
		// is in a module below the root
		if _, all := moduleBelow(f); len(all) > 1 && namesNoMain(s) {
			return nil, lang.FieldError(s, "language", "set `entrypoint` to the main package the image runs, by its path (`./"+all[0]+"` or a package below it)",
				"no go.mod in the build context's root, and several modules below it (%s)", strings.Join(all, ", "))
		}
		return nil, lang.FieldError(s, lang.FirstField(s, "entrypoint", "language"), noModuleFix, "no go.mod in the build context's root")
	}
	// the GoReleaser configuration and the Makefile, each parsed once (goreleaser.go, makefile.go)
	rel, mk := released(f), readMakefile(f)
	bins, run, err := binaries(s, ws, f, rel, mk)
	if err != nil {
		return nil, err
	}
	tags, from := projectTagsOf(s, f, rel, mk)
	each := eachProgramTags(mk, from, bins, modfile.ModulePath(f["go.mod"]))
	if each != nil {
		tags = nil // each go build has its own; the dependencies and the tests none
	}
	cgo := cgoFor(s, ws, bins, run, f, buildTags(s, tags), rel)
	// GoReleaser's -X stamps from build args (stamps.go), else the Makefile's (makestamps.go)
	stamp := projectStamps(s, f, ws, rel, mk, bins[run], modfile.ModulePath(f["go.mod"]))
	uis := readUIs(f) // the UIs and the scripts' copies, read once for the two
	gen := toGenerate(ws, bins, f, buildTags(s, tags), uiOutputs(s, f, uis, buildTags(s, tags)))
	b := &builds{s: s, f: f, ws: ws, bins: bins, cgo: cgo, tags: tags, each: each, stamp: stamp, gen: gen}
	rt := runtimes[cgo.On]
	sub := serveCommand(s, ws, bins[run], f) // the server subcommand of a cobra, urfave/cli or kong program (serve.go)
	if sub == "" {
		sub = switchCommand(s, bins[run], f) // or of a hand-written switch (switch.go)
	}
	if sub == "" {
		sub = docoptCommand(s, ws, bins[run], f) // or of a docopt usage (docopt.go)
	}
	toolNotes := b.toolRuntime(&rt, bins[run], buildTags(s, tags), sub) // a program running git gets a runtime that has it (tools.go)
	toolNotes = append(toolNotes, b.libraryRuntime(&rt)...)             // one linking liblz4 gets a runtime that has it (cgolib.go)
	rtImage, rtAlias := rt.RuntimeImage(s)

	t, err := b.toolchain()
	if err != nil {
		return nil, err
	}
	if len(tags) > 0 {
		t.Build.Description += "; tags " + strings.Join(tags, ",") + " (" + from + ")"
	}
	if each != nil {
		var per []string
		for i, bin := range bins {
			if len(each[i]) > 0 {
				per = append(per, strings.Join(each[i], ",")+" for "+bin.Pkg)
			}
		}
		t.Build.Description += "; tags " + strings.Join(per, ", ") + " (" + from + ")"
	}
	if stamp.LDFlags != "" {
		var names []string
		for _, a := range stamp.Args {
			names = append(names, a.Name)
		}
		if stamp.Epoch {
			names = append(names, plan.EpochArg)
		}
		t.Build.Description += "; stamps " + strings.Join(append(names, stamp.Consts...), ", ") + " (" + stamp.File + ")"
	}
	if cgo.Without != "" {
		t.Build.Description += "; cgo off: " + cgo.Without
	}
	t.Image = builderImage(s, ws, cgo)
	t.Notes = append(t.Notes, cgo.notes(s, rtImage, rtAlias)...)
	t.Notes = append(t.Notes, endOfLifeNote(s, ws)...)
	t.Notes = append(t.Notes, listenNotes(s, ws, bins, run, f, sub)...)
	t.Notes = append(t.Notes, argumentNotes(s, bins[run], f, sub)...)          // a required argument no cmd gives (usage.go)
	t.Notes = append(t.Notes, serveArgNotes(s, ws, bins[run], f, sub)...)      // or the server command's (serveargs.go)
	t.Notes = append(t.Notes, bundleNote(s, f)...)                             // a CSS or JS bundle the project's build writes into what it embeds (assetcmd.go)
	t.Notes = append(t.Notes, missingPackageNote(s, ws, bins[run], f, gen)...) // an own package the context lacks (missingpkg.go)
	t.Notes = append(t.Notes, missingEmbedNote(s, ws, bins[run], f, buildTags(s, tags), cgo.On, gen,
		uiOutputs(s, f, uis, buildTags(s, tags)))...) // an embedded path the context lacks (embedmissing.go)
	t.Notes = append(t.Notes, toolNotes...)
	t.Notes = append(t.Notes, helperNotes(s, ws, bins, run, f)...) // a cmd/ helper linking a C library, left out (helpers.go)
	if ui, ok := findUI(s, f, uis, buildTags(s, tags)); ok && ui.Constraint != "" && (s.Assets == nil || !s.Assets.Disabled) {
		t.Notes = append(t.Notes, rules.EmbeddedUIBuildTag.Note(lang.FirstField(s, "build.env", "language"),
			rules.EmbeddedUIBuildTag.Format(ui.File, ui.embedded(), ui.Constraint, ui.tags())))
	}
	t.Notes = append(t.Notes, placeholderNote(s, ws, bins, f, uis)...)
	t.Notes = append(t.Notes, unbuiltUINote(s, ws, bins[run], f)...)
	t.Notes = append(t.Notes, servedUINote(s, ws, bins[run], f)...)
	t.Notes = append(t.Notes, imageUINote(s, f, uis)...)
	t.Notes = append(t.Notes, stamp.note(s, bins[run])...)
	t.Args = stamp.Args
	rt.Title = bins[run].Name
	rt.Entrypoint = []string{"/usr/local/bin/" + bins[run].Name}
	rt.Artifacts = []*plan.Copy{artifacts(s, bins)}
	if sub != "" {
		rt.Cmd = strings.Fields(sub)
	}
	rt.Files = readFiles(s, ws, bins, f)
	rt.EmptyWritable = imageWritable(f) // what the project's own image gives its user (imagefiles.go)
	// a SQLite file the program opens in its working directory by default (sqlitefile.go), which a
	// root-owned /app would refuse: the working directory takes new files from the runtime user
	if db, from := sqliteFile(ws, bins[run], f); db != "" && s.Workdir == "" && !f.Has(db) {
		rt.SharedWorkdir = "the SQLite file " + db + ", the default of " + from
	}
	t.Runtime = rt
	return t, nil
}

// builderImage is build.image, else golang:<version>, on Debian bookworm for cgo: a cgo binary
// links against the builder's glibc, and distroless base-debian12 has bookworm's.
func builderImage(s *spec.Spec, ws *workspace, cgo cgoSetting) string {
	if s.Build.Image != "" {
		return s.Build.Image
	}
	version, _ := goVersion(s, ws)
	if cgo.On && hasBookwormTag(version) {
		return "golang:" + version + "-bookworm"
	}
	return "golang:" + version
}

// hasBookwormTag reports a Go version whose official image has a -bookworm variant: Go 1.20 and
// later. Older ones are Debian bullseye or buster images, whose older glibc a cgo binary built
// there still finds on bookworm's distroless base, so their plain tag serves.
func hasBookwormTag(version string) bool {
	major, minor, ok := strings.Cut(version, ".")
	if !ok || major != "1" {
		return true
	}
	minor, _, _ = strings.Cut(minor, ".")
	n, err := strconv.Atoi(minor)
	return err != nil || n >= 20
}

// artifacts copies the binaries into /usr/local/bin, root-owned.
func artifacts(s *spec.Spec, bins []binary) *plan.Copy {
	cp := &plan.Copy{Origin: plan.Origin{Field: lang.FirstField(s, "entrypoint", "binaries", "language")}, FromStage: "builder"}
	for _, b := range bins {
		cp.Paths = append(cp.Paths, path.Join(outDir, b.Name))
	}
	cp.Dest = "/usr/local/bin/"
	if len(bins) == 1 {
		cp.Dest += bins[0].Name
	}
	return cp
}

// eachProgramTags are the tags of each of several programs whose tags come from the Makefile
// (from, projectTagsOf's file) when its lines building them give them different tags (frp's
// `-tags frps` for ./cmd/frps, `-tags frpc` for ./cmd/frpc: frpc's client proxies are
// `//go:build !frps`), index by index with bins; a program no line builds gets none. nil when
// one set of tags fits all of them.
func eachProgramTags(mk *rootMakefile, from string, bins []binary, modPath string) [][]string {
	if mk == nil || from != mk.Name || len(bins) < 2 {
		return nil
	}
	each := make([][]string, len(bins))
	same := true
	for i, bin := range bins {
		each[i] = programTags(mk, bin.Pkg, modPath)
		same = same && slices.Equal(each[i], each[0])
	}
	if same {
		return nil
	}
	return each
}
