// Package version is the frontend's release version. Release builds stamp it with
//
//	go build -ldflags "-X github.com/org/multistage-frontend/internal/version.Version=1.2.3"
//
// (the root Dockerfile does, from its VERSION build arg); any other build says "dev".
// The frontend prints it in the first progress line of every build, in --call outline, and in
// `multistage-frontend version`.
package version

import (
	"fmt"
	"runtime"
)

// Version is the semantic version of this build, without a leading "v"; "dev" when unstamped.
var Version = "dev"

// Name is how progress lines and the outline name this frontend and its version.
func Name() string { return "multistage-frontend " + Version }

// Long is `multistage-frontend version`: the version, the Go toolchain and the platform.
func Long() string {
	return fmt.Sprintf("%s (%s, %s/%s)", Name(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
