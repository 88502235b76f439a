package golang

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A Go server that listens on a loopback address written in its code (`http.ListenAndServe(
// "localhost:8080", h)`) answers nobody outside its container. Planning reads the non-test Go
// files of the main packages it builds (listenFollow) and looks for a loopback host:port string
// literal where a listen address goes: the first argument of a listen call (net/http,
// net.Listen, Gin's Run, Echo's Start, Fiber's Listen), an http.Server's Addr, or the default of
// a flag named for it (`flag.String("listen", "127.0.0.1:8080", ...)`). Nothing else is read: an
// address from a config file or the environment is the program's setting, not its code. A file
// importing net/http/pprof is skipped: its localhost:6060 listener is a profiling endpoint kept
// off the network on purpose, as pprof's documentation writes it.

// loopback is a quoted loopback host:port; its submatch is the address.
const loopback = `"((?:localhost|127\.[0-9]+\.[0-9]+\.[0-9]+|\[::1\]):[0-9]*)"`

var (
	listenCall = regexp.MustCompile(`(?:\bListenAndServe(?:TLS)?|\bnet\.Listen|\.(?:Listen|ListenTLS|Run|RunTLS|Start|StartTLS))\(\s*(?:"tcp[46]?",\s*)?` + loopback)
	serverAddr = regexp.MustCompile(`\bhttp\.Server\{[^}]*?\bAddr:\s*` + loopback)
	// flagDefault's default may be a helper's fallback beside the environment variable it reads
	// first (yarr: `opt("YARR_ADDR", "127.0.0.1:7070")`).
	flagDefault  = regexp.MustCompile(`\bflag\.(?:String|StringVar)\((?:&[\w.]+,\s*)?"([^"]*)",\s*(?:[\w.]+\(\s*(?:"([^"]*)",\s*)?)?` + loopback)
	envName      = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	listenFlag   = regexp.MustCompile(`(?i)listen|bind|^(?:http[-_.]?)?addr(?:ess)?$|^http$`)
	listenShapes = []*regexp.Regexp{listenCall, serverAddr, flagDefault}
)

// listenFollow asks for the Go files of the main packages the build compiles, once they are
// known, by the patterns likelyListens reads with the first files: a package found under cmd/
// is asked for as cmd/*/*.go, so that planning the usual layout stays one read of the context.
func listenFollow(s *spec.Spec, bins []binary) []string {
	var out []string
	for _, b := range bins {
		dir := strings.TrimPrefix(b.Pkg, "./")
		p := path.Join(dir, "*.go")
		if namesNoMain(s) && path.Base(path.Dir(dir)) == "cmd" {
			p = path.Join(path.Dir(dir), "*", "*.go")
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// likelyListens are the Go files listenFollow would ask for in the usual layouts: those of the
// packages the spec names by path, else those of the root package and of cmd/<name>/.
func likelyListens(s *spec.Spec) []string {
	if namesNoMain(s) {
		return []string{"*.go", "cmd/*/*.go"}
	}
	var out []string
	for _, p := range append([]string{s.Entrypoint}, binaryPackages(s)...) {
		if !strings.HasPrefix(strings.TrimSpace(p), ".") {
			continue // empty, or an import path: followed once the module path is read
		}
		if rel, ok := lang.CleanRelPath(strings.TrimSpace(p)); ok && pkgPath.MatchString(rel) {
			out = append(out, path.Join(strings.TrimPrefix(rel, "./"), "*.go"))
		}
	}
	return out
}

func binaryPackages(s *spec.Spec) []string {
	var out []string
	for _, b := range s.Binaries {
		out = append(out, b.Package)
	}
	return out
}

// listenNotes are a ListenLocalhost note for each loopback listen address in the main packages'
// Go files, in file order.
func listenNotes(s *spec.Spec, bins []binary, f lang.Facts) []plan.Note {
	var out []plan.Note
	for _, b := range bins {
		for _, file := range goFiles(f, strings.TrimPrefix(b.Pkg, "./")) {
			for _, l := range loopbackListens(f[file]) {
				if _, set := s.Env.Get(l.env); set && l.env != "" {
					continue // the spec sets the variable the default gives way to
				}
				out = append(out, rules.ListenLocalhost.Note(b.Field, rules.ListenLocalhost.Format(file, l.line, l.what, l.fix)))
			}
		}
	}
	return out
}

type listen struct {
	line      int
	what, fix string
	env       string // the environment variable read before the default, "" for none
}

// pprofImport is a file serving net/http/pprof's handlers, whose documentation listens on
// localhost:6060 on purpose: a profiling endpoint kept off the network.
var pprofImport = regexp.MustCompile(`(?m)^\s*(?:import\s+)?_\s+"net/http/pprof"`)

// loopbackListens finds the shapes listed above in a Go file, skipping those in line comments
// and a file that serves pprof (its local listener is deliberate).
func loopbackListens(src []byte) []listen {
	if pprofImport.Match(src) {
		return nil
	}
	var out []listen
	text := string(src)
	for _, re := range listenShapes {
		for _, m := range re.FindAllSubmatchIndex(src, -1) {
			line, commented := lang.CodeLine(text, m[0])
			if commented {
				continue
			}
			addr := string(src[m[len(m)-2]:m[len(m)-1]])
			_, port, _ := strings.Cut(strings.TrimPrefix(addr, "[::1]"), ":")
			l := listen{line: line,
				what: "listens on \"" + addr + "\"",
				fix:  "listen on \":" + port + "\" (every interface) or \"0.0.0.0:" + port + "\""}
			if re == flagDefault {
				name := string(src[m[2]:m[3]])
				if !listenFlag.MatchString(name) {
					continue
				}
				l.what = "defaults the -" + name + " flag to \"" + addr + "\""
				l.fix = "default it to \":" + port + "\", or set `cmd: [-" + name + "=:" + port + "]` in the spec"
				if m[4] >= 0 && envName.Match(src[m[4]:m[5]]) { // the environment variable a helper reads first
					env := string(src[m[4]:m[5]])
					l.env = env
					l.what = "defaults the -" + name + " flag to \"" + addr + "\" when " + env + " is unset"
					l.fix = "default it to \":" + port + "\", or set `env: {" + env + ": \"0.0.0.0:" + port + "\"}` in the spec"
				}
			}
			out = append(out, l)
		}
	}
	slices.SortStableFunc(out, func(a, b listen) int { return a.line - b.line })
	return out
}
