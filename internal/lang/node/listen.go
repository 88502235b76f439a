package node

import (
	"regexp"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A Node.js server whose entry listens on localhost answers nobody outside its container:
// `server.listen(PORT, 'localhost')`, `listen({ port, host: '127.0.0.1' })`, and a Fastify app's
// `listen({ port })` without host, which Fastify binds to localhost (its documentation: use
// host '0.0.0.0' in a container; Express and node:http listen on every interface without one).
// Planning reads the entry file only, when the context holds it and it is not in a directory a
// build writes (dist/, build/, ...: a committed copy there is replaced by the build): never a
// build's output, and nothing the entry imports.

const loopbackHost = `['"` + "`" + `](localhost|127\.0\.0\.1|::1)['"` + "`" + `]`

var (
	listenHostArg  = regexp.MustCompile(`\.listen\(\s*[^,(){}]+,\s*` + loopbackHost)
	listenHostProp = regexp.MustCompile(`\.listen\(\s*\{[^}]*\bhost\s*:\s*` + loopbackHost)
	listenObject   = regexp.MustCompile(`\.listen\(\s*\{([^}]*)\}`)
	hostKey        = regexp.MustCompile(`\bhost\b`)
	mentionFastify = regexp.MustCompile(`\bfastify\b`)
)

// buildOutputs are the top directories a build writes a server to: an entry there is not read.
var buildOutputs = map[string]bool{"dist": true, "build": true, ".output": true, ".next": true, "out": true}

// listenNotes is a ListenLocalhost note for each loopback listen in the entry file p runs.
func listenNotes(s *spec.Spec, p pkg, e entry) []plan.Note {
	if e.Guess || (p.hasBuild && buildOutputs[lang.TopDir(e.File)]) {
		return nil
	}
	var file string
	for _, c := range nodeLoads(e.File) {
		if p.has(c) {
			file = c
			break
		}
	}
	if file == "" {
		return nil
	}
	src := p.text(file)
	var out []plan.Note
	add := func(start int, what, fix string) {
		line, commented := lang.CodeLine(src, start)
		if commented {
			return
		}
		out = append(out, rules.ListenLocalhost.Note(lang.FirstField(s, "entrypoint"),
			rules.ListenLocalhost.Format(p.path(file), line, what, fix)))
	}
	for _, m := range listenHostArg.FindAllStringSubmatchIndex(src, -1) {
		add(m[0], "calls listen with the host '"+src[m[2]:m[3]]+"'", "leave the host out, or pass '0.0.0.0'")
	}
	for _, m := range listenHostProp.FindAllStringSubmatchIndex(src, -1) {
		add(m[0], "calls listen with host: '"+src[m[2]:m[3]]+"'", "write host: '0.0.0.0'")
	}
	if p.m.Prod["fastify"] && mentionFastify.MatchString(src) {
		for _, m := range listenObject.FindAllStringSubmatchIndex(src, -1) {
			if !hostKey.MatchString(src[m[2]:m[3]]) {
				add(m[0], "calls Fastify's listen without host, and Fastify listens on localhost by default",
					"add host: '0.0.0.0', as Fastify's documentation says for containers")
			}
		}
	}
	return out
}
