package lang

import (
	"regexp"
	"slices"
	"strconv"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A JavaScript or TypeScript server whose entry module listens on a number written in its code
// (`Deno.serve({ port: 8080 }, app.fetch)`, `Bun.serve({ port: 3001, fetch })`, Elysia's
// `.listen(3001)`, `export default { port: 3000, fetch }`) listens there whatever the image's
// PORT says: with other ports in the spec, the published port answers nothing, silently
// (neumann-tokyo's Hono API on Deno listens on 8080; a spec of `ports: [8000]` built an image
// that answered nothing).

var (
	// fixedPortObject is a serve or listen call whose options give a literal port.
	fixedPortObject = regexp.MustCompile(`\b((?:[A-Za-z_$][\w$]*\.)?(?:serve|listen))\(\s*\{[^{}]*?\bport\s*:\s*([0-9]{1,5})\b\s*[,}]`)
	// fixedPortArg is a listen call whose first argument is a literal port.
	fixedPortArg = regexp.MustCompile(`\b((?:[A-Za-z_$][\w$]*\.)?listen)\(\s*([0-9]{1,5})\s*[,)]`)
	// fixedPortDefault is Bun's server as a module's default export with a literal port.
	fixedPortDefault = regexp.MustCompile(`\bexport\s+(default)\s*\{[^{}]*?\bport\s*:\s*([0-9]{1,5})\b\s*[,}]`)
)

// FixedPortNotes is a PortNotPublished note, at the spec's ports, when src (the module file the
// image runs, or its source) listens only on literal ports, none of which the spec's TCP ports
// include; nil when the spec has no ports or src names no such port.
func FixedPortNotes(s *spec.Spec, file, src string) []plan.Note {
	if _, ok := FirstTCPPort(s); !ok || src == "" {
		return nil
	}
	type listen struct {
		line, port int
		what       string
	}
	var found []listen
	for _, re := range []*regexp.Regexp{fixedPortObject, fixedPortArg, fixedPortDefault} {
		for line, m := range CodeMatches(re, src) {
			n, err := strconv.Atoi(src[m[4]:m[5]])
			if err != nil || n == 0 || n > 65535 {
				continue
			}
			what := "calls " + src[m[2]:m[3]] + " with the port " + src[m[4]:m[5]]
			if re == fixedPortDefault {
				what = "exports a server whose port is " + src[m[4]:m[5]]
			}
			found = append(found, listen{line, n, what})
		}
	}
	published := func(l listen) bool {
		return slices.ContainsFunc(s.Ports, func(p spec.Port) bool { return p.Protocol == "tcp" && p.Number == l.port })
	}
	if len(found) == 0 || slices.ContainsFunc(found, published) {
		return nil
	}
	slices.SortFunc(found, func(a, b listen) int { return a.line - b.line })
	l := found[0]
	fix := "write `ports: [" + strconv.Itoa(l.port) + "]`, or make the program listen on the PORT the image sets"
	var out []plan.Note
	return append(out, rules.PortNotPublished.Note(FirstField(s, "ports", "language"), rules.PortNotPublished.Format(file, l.line, l.what, l.port, fix)))
}
