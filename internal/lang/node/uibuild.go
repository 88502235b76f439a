package node

import (
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
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
