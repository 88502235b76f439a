//go:build tools

// Package tools pins the versions of the binaries the testbed builds
// (see hack/install.sh). It is never compiled into the project.
package tools

import (
	_ "github.com/distribution/distribution/v3/cmd/registry"
	_ "github.com/docker/buildx/cmd/buildx"
	_ "github.com/docker/cli/cmd/docker"
	_ "github.com/google/go-containerregistry/cmd/crane"
	_ "github.com/moby/buildkit/cmd/buildctl"
	_ "github.com/moby/buildkit/cmd/buildkitd"
	_ "github.com/moby/buildkit/frontend/dockerfile/cmd/dockerfile-frontend"
)
