package golang

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A Go project's own Dockerfile says what its program needs beside it in its image: its last
// stage copies the context's configuration and templates into its working directory, and gives
// its user the directories the program writes there (ezbookkeeping: `COPY conf
// /ezbookkeeping/conf` and `COPY templates /ezbookkeeping/templates` in WORKDIR /ezbookkeeping,
// `mkdir -p /ezbookkeeping/data && chown 1000:1000 /ezbookkeeping/data`, log and storage too).
// Without them the program fails at start (`stat conf/ezbookkeeping.ini`). The context paths it
// copies to the same path below its working directory are default files (files.go), and the
// directories a RUN gives an owner there are made empty, the runtime user's (EmptyWritable). A
// UI's build it copies there from another stage (`COPY --from=fe-builder .../dist
// /ezbookkeeping/public`), which no default ships, is UINotShipped, naming the spec to write.

// imageFollow asks whether each context path the project's Dockerfile copies beside its
// program is in the context, and for the Go files and go.mod at its top, which keep it out.
func imageFollow(s *spec.Spec, f lang.Facts) []string {
	_, files, _ := lang.DockerfileImage(f)
	var out []string
	for _, i := range files {
		if i.Dest == i.Src && !lang.CoveredByFiles(s, i.Src) {
			out = append(out, lang.Probe(i.Src), path.Join(i.Src, "*.go"), path.Join(i.Src, "go.mod"))
		}
	}
	return out
}

// imageFiles are the context paths the project's Dockerfile copies to the same path below its
// working directory that the context holds, holding no Go code and no spec `files` entry
// covering them, with the copy that names them ("Dockerfile:53 COPY"). A copy from another
// stage of what that stage had copied from the context counts (casdoor's `COPY --from=BACK
// /go/src/casdoor/conf/app.conf ./conf/app.conf`, BACK's `COPY . .`): the context holds it as
// the image does (a stage's build writing over a context path is not told apart).
func imageFiles(s *spec.Spec, f lang.Facts) []lang.ReadPath {
	name, files, _ := lang.DockerfileImage(f)
	var out []lang.ReadPath
	for _, i := range files {
		if i.Dest != i.Src || lang.CoveredByFiles(s, i.Src) || goSource(i.Src) {
			continue
		}
		if f.Has(i.Src) || f.HasDir(i.Src) && !holdsGo(i.Src, f) {
			out = append(out, lang.ReadPath{Path: i.Src, Why: name + ":" + strconv.Itoa(i.Line) + " COPY"})
		}
	}
	return out
}

// goSource reports a path of the Go build itself (go.mod, a .go file), never a runtime file.
func goSource(p string) bool {
	base := path.Base(p)
	return strings.HasSuffix(base, ".go") || base == "go.mod" || base == "go.sum" || base == "go.work"
}

// imageWritable are the directories below the working directory a RUN of the project's
// Dockerfile's last stage gives an owner, less the paths it copies there and names with a dot
// (files): made empty, the runtime user's.
func imageWritable(f lang.Facts) []string {
	_, files, chowned := lang.DockerfileImage(f)
	var out []string
	for _, d := range chowned {
		d = path.Clean(d)
		copied := slices.ContainsFunc(files, func(i lang.ImageFile) bool { return i.Dest == d || strings.HasPrefix(i.Dest, d+"/") })
		if d == "." || strings.HasPrefix(d, "../") || strings.Contains(path.Base(d), ".") || copied {
			continue
		}
		out = append(out, d)
	}
	return out
}

// imageUINote is UINotShipped for a UI build of the context (a UI project's output, uiProjects)
// that the project's Dockerfile copies beside its program, when the spec has no `assets`.
func imageUINote(s *spec.Spec, f lang.Facts, uis contextUIs) (notes []plan.Note) {
	if s.Assets != nil {
		return nil
	}
	name, files, _ := lang.DockerfileImage(f)
	for _, i := range files {
		if !i.Built || lang.CoveredByFiles(s, i.Src) {
			continue
		}
		for _, p := range uis.projects {
			if out, ok := p.output(); ok && p.Build && out == i.Src {
				why := "the program (as " + name + ":" + strconv.Itoa(i.Line) + " ships it beside it)"
				served := i.Dest + ", the build of the UI in " + p.Dir + " (" + out + ")"
				fix := "build it with `assets: {dir: " + p.Dir + "}` and ship it with `files: [{src: " + out + ", dest: " + i.Dest + "}]`"
				return append(notes, rules.UINotShipped.Note(lang.FirstField(s, "files", "language"), rules.UINotShipped.Format(why, served, fix)))
			}
		}
	}
	return nil
}
