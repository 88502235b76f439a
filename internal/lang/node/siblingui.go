package node

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A server selected by `workspace` may serve a web UI that another package of the workspace
// builds, from a path it computes from its own place: docmost's NestJS server (apps/server)
// serves apps/client/dist from `join(__dirname, '..', '..', '..', '..', 'client/dist')` in a
// module its AppModule imports. The image holds the server's closure only, so the build passed
// and the site answered without its UI.
//
// Planning reads the server's TypeScript sources, when a production dependency serves files
// (servesFiles): the file the entry is compiled from (tssource.go) and the files it imports by a
// relative path, two levels deep (main.ts, app.module.ts, the modules that imports), at most
// maxUISources files. In them, the paths files.go finds (a static server's root, a __dirname
// join), resolved from the directory each file is compiled to, that fall in another package of
// the workspace, in a directory of its that a build writes (dist/, build/, ... or its Vite
// outDir) are a UI the server serves. When the image does not hold that package (it is not in
// the server's production closure) and the spec names no `assets`:
//   - one such package with a build script is the default assets: built in stages of their own
//     and copied into the image at the path the server reads (assets.nodeImage);
//   - otherwise UINotShipped says what the server reads, and the field to set.

// maxUISources bounds the server's sources read for the UI it serves.
const maxUISources = 120

// uiImportDepth is how many levels of relative imports below the entry's source are read.
const uiImportDepth = 2

// servedUI is a directory of another workspace package that the selected server reads, or
// (pkg nil) of a build output the root's bundle reads.
type servedUI struct {
	pkg *wsPackage
	out string // the directory the server reads, a context path: apps/client/dist
	why string // file:line and what names it
	// shipped are what the image holds of the root's build, when pkg is nil (dist/apps/api).
	shipped []string
}

// uiServer is the selected workspace package of s whose sources planning reads for a served UI,
// with its entry and workspace; false when there is none (no selection, no file server). With
// no selection, the root package when its entry is a bundle whose source is known (Nx's
// application: ghostfolio's API serves dist/apps/client, the build of another Nx project).
func uiServer(s *spec.Spec, f lang.Facts) (pkg, entry, *workspace, *wsPackage, bool) {
	dir, ok := selectedDir(s, f)
	if !ok {
		m, ok := rootManifest(f)
		if !ok || s.Workspace != "" || s.Build.Command != nil || !readsImports(m) {
			return pkg{}, entry{}, nil, nil, false
		}
		p := pkg{f: f, dir: ".", m: m, hasBuild: true}
		if e, _, err := chooseEntry(s, p); err == nil && e.Source != "" && e.Build != nil && len(e.Ship.Paths) > 0 {
			return p, e, nil, nil, true
		}
		return pkg{}, entry{}, nil, nil, false
	}
	ws, err := readWorkspace(f)
	if err != nil || ws == nil {
		return pkg{}, entry{}, nil, nil, false
	}
	sel := ws.find(dir)
	if sel == nil || !readsImports(sel.m) {
		return pkg{}, entry{}, nil, nil, false
	}
	p := pkg{f: f, dir: sel.dir, m: sel.m, hasBuild: s.Build.Command != nil || sel.m.Scripts["build"] != ""}
	e, _, err := chooseEntry(s, p)
	if err != nil || e.Guess {
		return pkg{}, entry{}, nil, nil, false
	}
	return p, e, ws, sel, true
}

// uiSources walks the server's sources from its entry's: the files read (relative to the
// package) with the directory each is compiled to, and the names to ask the context for next.
func uiSources(p pkg, e entry) (files, dirs, asks []string) {
	cands, imports, script := tsSources(p, e.File), importedSources, false
	switch {
	case e.Source != "":
		cands = []string{e.Source}
	case !p.hasBuild || e.InSource: // node runs the source: a script of the package
		cands, imports, script = nodeLoads(e.File), importedScripts, true
	case cands == nil:
		return nil, nil, nil
	}
	entryFile := ""
	if script { // a bare name may be a directory, probed first
		asks = loadAsks(p.f, p.dir, e.File)
	}
	for _, c := range cands {
		if !script {
			asks = append(asks, p.path(c))
		}
		if entryFile == "" && p.has(c) {
			entryFile = c
		}
	}
	if entryFile == "" {
		return nil, nil, asks
	}
	top, out := path.Dir(entryFile), path.Dir(e.File)
	if script {
		out = top // the script's own directory
	}
	files, dirs = []string{entryFile}, []string{out}
	level := []string{entryFile}
	for depth := 0; depth < uiImportDepth && len(level) > 0; depth++ {
		var next []string
		for _, file := range level {
			for _, names := range imports(file, p.text(file)) {
				rel, below := strings.CutPrefix(path.Dir(names[0])+"/", strings.TrimPrefix(top+"/", "./"))
				if !below || slices.ContainsFunc(names, func(n string) bool { return slices.Contains(files, n) }) {
					continue
				}
				for _, n := range names {
					asks = append(asks, p.path(n))
				}
				i := slices.IndexFunc(names, p.has)
				if i < 0 || len(files) == maxUISources {
					continue
				}
				d := path.Join(out, rel)
				if e.Source != "" {
					d = out // a bundle's modules are all in its directory
				}
				files, dirs = append(files, names[i]), append(dirs, d)
				next = append(next, names[i])
			}
		}
		level = next
	}
	return files, dirs, asks
}

// siblingUIReads are the server's sources planning asks for (Follow).
func siblingUIReads(s *spec.Spec, f lang.Facts) []string {
	p, e, _, _, ok := uiServer(s, f)
	if !ok {
		return nil
	}
	_, _, asks := uiSources(p, e)
	return asks
}

// servedUIs are the other packages' build directories the selected server reads that its image
// does not hold (not in its production closure), each once, in the order the sources name them.
func servedUIs(s *spec.Spec, f lang.Facts, k kind) []servedUI {
	p, e, ws, sel, ok := uiServer(s, f)
	if !ok {
		return nil
	}
	files, dirs, _ := uiSources(p, e)
	if ws == nil {
		return bundleUIs(p, e, files, dirs)
	}
	shipped := ws.closure(sel, k, true)
	var out []servedUI
	for i, file := range files {
		for _, r := range namedPaths(file, p.text(file), dirs[i]) {
			at := path.Join(sel.dir, r.Path)
			for _, q := range ws.pkgs {
				rest, in := strings.CutPrefix(at, q.dir+"/")
				if !in || q == sel || slices.Contains(shipped, q) {
					continue
				}
				o := path.Join(q.dir, strings.Split(rest, "/")[0])
				if vite := assetsOutput(f.In(q.dir), q.m, ""); vite != "" && !strings.HasPrefix(vite, "../") && (rest == vite || strings.HasPrefix(rest, vite+"/")) {
					o = path.Join(q.dir, vite) // where its Vite writes
				} else if !buildOutputs[strings.Split(rest, "/")[0]] {
					continue
				}
				if !slices.ContainsFunc(out, func(u servedUI) bool { return u.out == o }) {
					out = append(out, servedUI{pkg: q, out: o, why: path.Join(sel.dir, r.Why)})
				}
			}
		}
	}
	return out
}

// bundleUIs are the directories of a build output (dist/) the root's bundle reads (files, each
// compiled to dirs) that the image does not hold: not in what it ships (e.Ship.Paths).
func bundleUIs(p pkg, e entry, files, dirs []string) []servedUI {
	var out []servedUI
	for i, file := range files {
		for _, r := range namedPaths(file, p.text(file), dirs[i]) {
			o, ok := lang.ContextPath(r.Path)
			if !ok || !buildOutputs[strings.Split(o, "/")[0]] || slices.ContainsFunc(e.Ship.Paths, func(sp string) bool {
				sp = path.Clean(sp)
				return o == sp || strings.HasPrefix(o, sp+"/") || strings.HasPrefix(sp, o+"/")
			}) || slices.ContainsFunc(out, func(u servedUI) bool { return u.out == o }) {
				continue
			}
			out = append(out, servedUI{out: o, why: r.Why, shipped: e.Ship.Paths})
		}
	}
	return out
}

// DefaultAssets are a Node.js build's assets when the spec names none: the one package of its
// workspace whose build the selected server serves (servedUIs), when it has a build script.
func DefaultAssets(s *spec.Spec, f lang.Facts) *spec.Assets {
	pm, _, err := detectManager(f, manifestOf(f))
	if err != nil {
		return nil
	}
	uis := servedUIs(s, f, pm.kind)
	if len(uis) != 1 || uis[0].pkg == nil || uis[0].pkg.m.Scripts["build"] == "" {
		return nil
	}
	return &spec.Assets{Dir: uis[0].pkg.dir, Output: uis[0].out}
}

// manifestOf is the root's manifest, empty when it is absent or not JSON.
func manifestOf(f lang.Facts) manifest {
	m, _ := rootManifest(f)
	return m
}

// uiNotShipped are UINotShipped notes for the UIs the server serves that no assets ship: the
// spec's assets do not build them, or none is the default (several, or no build script).
func uiNotShipped(s *spec.Spec, f lang.Facts, k kind) []plan.Note {
	if s.Assets != nil && s.Assets.Disabled {
		return nil
	}
	uis := servedUIs(s, f, k)
	var notes []plan.Note
	for _, u := range uis {
		if u.pkg == nil { // the root's bundle: another build of the project writes it
			notes = append(notes, rules.UINotShipped.Note(lang.FirstField(s, "entrypoint", "language"), rules.UINotShipped.Format(u.why, u.out,
				"another build of the project writes it, and the image holds "+strings.TrimSuffix(strings.Join(u.shipped, ", "), "/")+" of the build only: "+
					"no spec field ships it (`files` copies from the context); build and copy it in a Dockerfile of your own, "+
					"or serve the UI from elsewhere")))
			continue
		}
		switch {
		case s.Assets != nil && slices.ContainsFunc(s.Assets.All(), func(a spec.Assets) bool { return path.Clean(a.Dir) == u.pkg.dir }):
			continue
		case s.Assets == nil && len(uis) == 1 && u.pkg.m.Scripts["build"] != "":
			continue // the default assets build it
		}
		fix := "the build of " + u.pkg.dir + " writes it: set `assets: {dir: " + u.pkg.dir + "}` to build it and ship it there"
		if u.pkg.m.Scripts["build"] == "" {
			fix = u.pkg.dir + " writes it, without a build script: give its package.json one and set `assets: {dir: " + u.pkg.dir + "}`, or `assets.script`"
		}
		notes = append(notes, rules.UINotShipped.Note(lang.FirstField(s, "assets", "workspace"), rules.UINotShipped.Format(u.why, u.out, fix)))
	}
	return notes
}
