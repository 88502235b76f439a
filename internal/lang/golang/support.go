package golang

import (
	"fmt"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// goVersion is the Go release the builder image is, and where that comes from: the spec's
// `version`, else the modules' go line (or their toolchain line, when newer: ws.goVersion),
// else latestGo ("" source).
func goVersion(s *spec.Spec, ws *workspace) (version, source string) {
	v := ws.goVersion()
	switch {
	case s.Version != "":
		return s.Version, "the spec's `version`"
	case ws.Go != "" || ws.Toolchain != "":
		return v, "go.work's " + lineName(ws.Go, ws.Toolchain)
	case ws.root() != nil && (ws.root().Go != "" || ws.root().Toolchain != ""):
		return v, "go.mod's " + lineName(ws.root().Go, ws.root().Toolchain)
	case v != "":
		return v, "the newest go line of the modules"
	}
	return latestGo, ""
}

// lineName names the line of a go.mod or go.work the version comes from: its toolchain line when
// newer than its go line.
func lineName(goLine, toolchain string) string {
	if newer(toolchain, goLine) {
		return "toolchain line"
	}
	return "go line"
}

// endOfLifeNote warns when the Go release the build uses is out of support. Go supports its two
// newest major releases (go.dev/doc/devel/release: 1.N until 1.N+2 is released), and the newest
// is what the frontend builds by default (latestGo): a go line is a minimum, which newer Go builds
// too, yet the build keeps the release the project names, as its own Dockerfile would. A builder
// the spec names (build.image) is the user's choice and is not looked at.
func endOfLifeNote(s *spec.Spec, ws *workspace) []plan.Note {
	version, source := goVersion(s, ws)
	if s.Build.Image != "" || source == "" {
		return nil
	}
	var major, minor, newestMinor int
	if n, _ := fmt.Sscanf(version, "%d.%d", &major, &minor); n != 2 || major != 1 {
		return nil
	}
	fmt.Sscanf(latestGo, "1.%d", &newestMinor)
	if minor >= newestMinor-1 {
		return nil
	}
	return append([]plan.Note(nil), rules.GoVersionEndOfLife.Note(lang.FirstField(s, "version", "language"),
		rules.GoVersionEndOfLife.Format(fmt.Sprintf("1.%d", minor), source, fmt.Sprintf("1.%d", minor+2), latestGo)))
}
