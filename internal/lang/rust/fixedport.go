package rust

import (
	"regexp"
	"strconv"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// A Rust server that listens on every interface at a port written in its code (wastebin's
// `SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), 8088)`, axum's `TcpListener::bind("0.0.0.0:3000")`,
// `SocketAddr::from(([0, 0, 0, 0], 3000))`) listens there whatever the spec's ports say: with
// other ports, the published port answers nothing, and nothing said so.

var (
	// anyAddrPort is a string of an address of every interface with a port.
	anyAddrPort = regexp.MustCompile(`"(?:0\.0\.0\.0|\[::\]):([0-9]{1,5})"`)
	// anyAddrTuple is an (address, port) pair of every interface: [0, 0, 0, 0] or an
	// UNSPECIFIED constant, then a literal port, closing the pair or a SocketAddr::new call.
	anyAddrTuple = regexp.MustCompile(`(?:\[\s*0\s*,\s*0\s*,\s*0\s*,\s*0\s*\]|\bIpv[46]Addr::UNSPECIFIED(?:\.into\(\))?|\bIpAddr::(?:V4|V6)\(\s*Ipv[46]Addr::UNSPECIFIED\s*\))\s*,\s*([0-9]{1,5})\s*\)`)
)

// fixedPortNotes is a PortNotPublished note when the sources beside the binary's (file) listen
// on every interface only at literal ports, none of which the spec publishes; nil without
// ports, when the spec's env or cmd may give the program its address (wastebin's
// WASTEBIN_ADDRESS_PORT), or for Rocket, whose port the image sets (rocketEnv).
func fixedPortNotes(s *spec.Spec, file string, f lang.Facts) []plan.Note {
	if _, ok := lang.FirstTCPPort(s); !ok || len(s.Env) > 0 || s.Cmd != nil || file == "" || lockHas(f["Cargo.lock"], "rocket") ||
		lang.GivesEveryInterface(s, f) {
		return nil
	}
	var found []lang.Listen
	for _, src := range f.Glob(packageSources(file)) {
		for i, line := range codeLines(f[src]) {
			for _, re := range []*regexp.Regexp{anyAddrPort, anyAddrTuple} {
				for _, m := range re.FindAllStringSubmatch(line, -1) {
					if n, err := strconv.Atoi(m[1]); err == nil && n > 0 && n <= 65535 {
						found = append(found, lang.Listen{File: src, Line: i + 1, Port: n, What: "listens on every interface at " + m[1] + ", a port written in its code"})
					}
				}
			}
		}
	}
	return lang.UnpublishedListenNotes(s, found, "give the program the spec's port by its flag (`cmd`) or environment variable (`env`)")
}
