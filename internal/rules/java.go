package rules

import (
	"fmt"
	"strings"
)

// ServerSubcommandMissing: a Java application's main class is a picocli command with
// subcommands (or a main that runs one), and the image runs it with no argument: picocli prints
// the usage and the program exits.
var ServerSubcommandMissing = New("ServerSubcommandMissing", "The image runs a picocli command line without a subcommand",
	func(file string, line int, subcommands []string) string {
		which := ""
		if len(subcommands) > 0 {
			which = " (its subcommands: " + strings.Join(subcommands, ", ") + ")"
		}
		return fmt.Sprintf("%s:%d is a picocli command line with subcommands, and the image runs it with none: it prints its usage "+
			"and exits. Write the one that starts the server, with its arguments%s: `cmd: [<subcommand>, ...]`", file, line, which)
	})
