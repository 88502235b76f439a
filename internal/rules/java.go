package rules

import (
	"fmt"
	"strings"
)

// ServerSubcommandMissing: a Java application's main class is a command line with
// subcommands (a picocli command, a main that runs one, a Dropwizard application), or a Python
// project's only script an argparse command line whose subcommands are required, and the image
// runs it with no argument: it prints the usage and the program exits.
var ServerSubcommandMissing = New("ServerSubcommandMissing", "The image runs a command line (picocli, Dropwizard, argparse, click) without a subcommand",
	func(file string, line int, kind string, subcommands []string, fix string) string {
		which := ""
		if len(subcommands) > 0 {
			which = " (its subcommands: " + strings.Join(subcommands, ", ") + ")"
		}
		return fmt.Sprintf("%s:%d is a %s command line with subcommands, and the image runs it with none: it prints its usage "+
			"and exits. Write the one that starts the server, with its arguments%s: %s", file, line, kind, which, fix)
	})
