package rules

import "fmt"

// Rules of the Deno provider (internal/lang/deno).
var (
	// AllPermissions: from says where the flag is written ("deno.json's start task").
	AllPermissions = New("AllPermissions", "The Deno program runs with every permission (-A)",
		func(from string) string {
			return fmt.Sprintf("%s gives the program every permission (-A, --allow-all): Deno's sandbox is off in the image, "+
				"so a compromised dependency may run programs, write files and load native code; list what it needs instead "+
				"(`permissions: [--allow-net, --allow-env, --allow-read=/app]`)", from)
		})
)
