// Command multistage-frontend is the BuildKit frontend for `# syntax=org/multistage-frontend`.
// Run by BuildKit it serves the gateway; run by hand, `multistage-frontend dockerfile` ejects a spec
// into a Dockerfile.
package main

import (
	"fmt"
	"os"

	"github.com/moby/buildkit/frontend/gateway/grpcclient"
	"github.com/moby/buildkit/util/appcontext"
	"github.com/org/multistage-frontend/frontend"
)

func main() {
	if err := grpcclient.RunFromEnvironment(appcontext.Context(), frontend.Build); err != nil {
		fmt.Fprintln(os.Stderr, "multistage-frontend:", err)
		os.Exit(1)
	}
}
