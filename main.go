// Command multistage-frontend is the BuildKit frontend for `# syntax=org/multistage-frontend`.
// Run by BuildKit (no arguments) it serves the gateway; run with a command it answers from the
// command line (see internal/cli).
package main

import (
	"fmt"
	"os"

	"github.com/moby/buildkit/frontend/gateway/grpcclient"
	"github.com/moby/buildkit/util/appcontext"
	"github.com/org/multistage-frontend/frontend"
	"github.com/org/multistage-frontend/internal/cli"
)

func main() {
	if len(os.Args) > 1 {
		os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
	}
	if err := grpcclient.RunFromEnvironment(appcontext.Context(), frontend.Build); err != nil {
		fmt.Fprintln(os.Stderr, "multistage-frontend:", err)
		os.Exit(1)
	}
}
