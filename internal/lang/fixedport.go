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
	var found []Listen
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
			found = append(found, Listen{File: file, Line: line, Port: n, What: what})
		}
	}
	slices.SortFunc(found, func(a, b Listen) int { return a.Line - b.Line })
	return UnpublishedListenNotes(s, found, "make the program listen on the PORT the image sets")
}

// Listen is a place where a program listens at a port written in its code, and what it does
// there in the words of a PortNotPublished note ("calls serve with the port 8080").
type Listen struct {
	File       string
	Line, Port int
	What       string
}

// UnpublishedListenNotes is a PortNotPublished note, at the spec's ports, at the first of found
// when the spec's TCP ports include none of found's ports; nil without found. orElse is the fix
// besides publishing that port ("make the program listen on the PORT the image sets").
func UnpublishedListenNotes(s *spec.Spec, found []Listen, orElse string) []plan.Note {
	published := func(l Listen) bool {
		return slices.ContainsFunc(s.Ports, func(p spec.Port) bool { return p.Protocol == "tcp" && p.Number == l.Port })
	}
	if len(found) == 0 || slices.ContainsFunc(found, published) {
		return nil
	}
	l := found[0]
	fix := "write `ports: [" + strconv.Itoa(l.Port) + "]`, or " + orElse
	var out []plan.Note
	return append(out, rules.PortNotPublished.Note(FirstField(s, "ports", "language"), rules.PortNotPublished.Format(l.File, l.Line, l.What, l.Port, fix)))
}
