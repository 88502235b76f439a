package node

import (
	"cmp"
	"path"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// UIBuild is what another language's planning reads of a web UI's package.json, parsed once:
// the Go provider asks it of every directory that may hold the UI its program embeds.
type UIBuild struct {
	// Build reports a build script.
	Build bool
	// ViteConfig is the configuration the build script's vite names (ViteScriptConfig), and
	// EsbuildFile the file it runs with node when esbuild builds it (EsbuildScriptFile).
	ViteConfig, EsbuildFile string
	// Output is where the build writes (AssetsOutput of the build script), "" for dist.
	Output string
	// Outside is another script building into a directory outside the UI's, when `build`
	// writes inside it (AssetsScriptOutside): its name and output, relative to the UI.
	Outside struct{ Script, Out string }
}

// ReadUIBuild reads the package.json of f, the UI's files named as if its directory were the
// context; false when there is none, or it is not JSON.
func ReadUIBuild(f lang.Facts) (UIBuild, bool) {
	m, ok := rootManifest(f)
	if !ok {
		return UIBuild{}, false
	}
	u := UIBuild{Build: strings.TrimSpace(m.Scripts["build"]) != "", ViteConfig: viteScriptConfig(m, "build"),
		EsbuildFile: esbuildScriptFile(m, "build"), Output: assetsOutput(f, m, "")}
	if script, out, _, ok := assetsScriptOutside(f, m); ok {
		u.Outside.Script, u.Outside.Out = script, out
	}
	return u, true
}

// ServedUINote is UINotShipped, on field, for out, a directory of the context that a program
// serves (read where why says) and the context lacks, when the package.json of one of dirs,
// nearest first, has a build script writing exactly out (its output, or dist): fix is the spec
// lines that build the UI in that directory and ship its output. False when none builds it.
// Rust's and Go's servers reading a UI's build (rustpad's `warp::fs::dir("dist")`) warn with it.
func ServedUINote(f lang.Facts, field, out, why string, dirs []string, fix func(dir string) string) (note plan.Note, ok bool) {
	for _, d := range dirs {
		if b, read := ReadUIBuild(f.In(d)); read && b.Build && path.Join(d, cmp.Or(b.Output, "dist")) == out {
			served := out + " (missing from the build context), the build of the UI in " + d
			return rules.UINotShipped.Note(field, rules.UINotShipped.Format(why, served, fix(d))), true
		}
	}
	return note, false
}
