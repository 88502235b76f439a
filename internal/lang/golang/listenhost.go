package golang

import (
	"regexp"

	"github.com/org/multistage-frontend/internal/lang"
)

// A program may take its listen host and port in two flags, the host defaulting to loopback
// (gossa's `flag.String("h", "127.0.0.1", "host to listen to")` beside `-p 8001`, joined as
// `*host + ":" + *port`): a host alone, which the host:port shapes of listen.go do not match.
// Such a flag is a listen address when its name says so (listenFlag: `bind`, `listen-host`,
// `addr`) or, a name as short or as common as `h` or `host` saying nothing of which host, when
// its usage does (`listen`, `bind`, `serve on`); a `--host` that names the server a client
// connects to (pgweb's database host) says neither. Its fix gives every interface, 0.0.0.0.
// A struct tag's flag reads the same (listen.go's tagListens): every server go-swagger
// generates declares its Host field with the tag `long:"host" description:"the IP to listen on"
// default:"localhost" env:"HOST"` (flagr's), whose description says it.

// hostLoopback is a quoted loopback host without a port; its submatch is the host.
const hostLoopback = `"(localhost|127\.[0-9]+\.[0-9]+\.[0-9]+|::1|\[::1\])"`

var (
	// flagHost is flagDefault's shape (a flag of the flag package, a FlagSet's or pflag's, its
	// default perhaps behind a helper reading the environment first) with a loopback host alone
	// as its default, then the flag's usage. The submatches: the name, the environment variable
	// (-1 for none), the host, the usage.
	flagHost = regexp.MustCompile(`\b(?:[A-Za-z_]\w*(?:\(\))?\.)+(?:String|StringVar)P?\((?:&[\w.]+,\s*)?"([^"]*)",\s*(?:"[A-Za-z0-9]?",\s*)?(?:[\w.]+\(\s*(?:"([^"]*)",\s*)?)?` +
		hostLoopback + `\)?,\s*"([^"]*)"`)
	listenUsage = regexp.MustCompile(`(?i)\blisten|\bbind|\bserve[sd]? on\b`)
	// tagUsage is a struct tag's usage text: go-flags' description, kong's help.
	tagUsage = regexp.MustCompile("(?:^|[\\s`])" + `(?:description|help):"([^"]*)"`)
)

// tagSaysListen reports a struct tag whose usage text says the flag is where the program
// listens, and not a profiling or debugging listener.
func tagSaysListen(tag []byte) bool {
	u := tagUsage.FindSubmatch(tag)
	return u != nil && listenUsage.Match(u[1]) && !debugFlag.Match(u[1])
}

// hostListens are the flags above whose default is a loopback host alone.
func hostListens(src []byte) []listen {
	var out []listen
	text := string(src)
	for line, m := range lang.CodeMatches(flagHost, text) {
		name, usage := text[m[2]:m[3]], text[m[8]:m[9]]
		if !listenFlag.MatchString(name) && !listenUsage.MatchString(usage) || debugFlag.MatchString(name) || debugFlag.MatchString(usage) {
			continue
		}
		dash := flagDash(src, m[0])
		env := ""
		if m[4] >= 0 && envName.Match(src[m[4]:m[5]]) {
			env = string(src[m[4]:m[5]])
		}
		out = append(out, flagListen(line, dash+name, string(src[m[6]:m[7]]), env))
	}
	return out
}
