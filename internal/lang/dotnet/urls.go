package dotnet

import (
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// kestrelURL is an address the entry project's appsettings give Kestrel: the file and line that
// set it, and the variable that overrides it.
type kestrelURL struct {
	file     string
	line     int
	url      string
	variable string
}

// kestrelSettings are an appsettings file's addresses for Kestrel: Urls and its endpoints' Url.
type kestrelSettings struct {
	Urls    string
	Kestrel struct {
		Endpoints map[string]struct{ Url string }
	}
}

// kestrelURLs are the addresses the entry project's appsettings give Kestrel, which replace
// ASPNETCORE_HTTP_PORTS: a top-level Urls (`;`-separated), and the Kestrel endpoints' Url
// (`"Url": "http://localhost:5000"`); appsettings.Production.json's setting of a key wins over
// appsettings.json's.
func kestrelURLs(f lang.Facts, entry project) []kestrelURL {
	var urls []kestrelURL
	endpoints := map[string]kestrelURL{}
	forAppSettings(f, entry, func(file string, cfg kestrelSettings) {
		text := f.Text(file)
		if cfg.Urls != "" {
			urls = nil
			for _, u := range strings.Split(cfg.Urls, ";") {
				if u = strings.TrimSpace(u); u != "" {
					urls = append(urls, kestrelURL{file, lineOf(text, u), u, "URLS"})
				}
			}
		}
		for n, e := range cfg.Kestrel.Endpoints {
			if e.Url != "" && plainKey(n) {
				endpoints[n] = kestrelURL{file, lineOf(text, e.Url), e.Url, "Kestrel__Endpoints__" + n + "__Url"}
			}
		}
	})
	for _, n := range slices.Sorted(maps.Keys(endpoints)) {
		urls = append(urls, endpoints[n])
	}
	return urls
}

// loopbackURLs warn of the addresses the entry project's appsettings give Kestrel on the
// loopback interface (kestrelURLs), so the server answers nothing from outside the container.
// The fix is the variable that overrides the setting, on every interface and the spec's port.
func loopbackURLs(s *spec.Spec, f lang.Facts, entry project) []plan.Note {
	port := "8080"
	if len(s.Ports) > 0 {
		port = strconv.Itoa(s.Ports[0].Number)
	}
	var out []plan.Note
	for _, u := range kestrelURLs(f, entry) {
		if loopback(u.url) {
			out = append(out, rules.ListenLocalhost.Note(lang.FirstField(s, "env", "ports", "language"), rules.ListenLocalhost.Format(u.file, u.line,
				"gives Kestrel "+u.url+", in place of ASPNETCORE_HTTP_PORTS", "set `env: {"+u.variable+": \"http://+:"+port+"\"}`, which replaces it")))
		}
	}
	return out
}

// listenSources are the files of the entry project read for the addresses and the SQLite file
// its code names by literals: where the templates build the host.
var listenSources = []string{"Program.cs", "Startup.cs"}

// codeListen is an address in a literal of the code (`UseUrls("http://*:8096")`,
// `app.Urls.Add(...)`, `app.Run("http://*:8096")`), or a port Kestrel listens on
// (`ListenAnyIP(8096)`, `options.Listen(IPAddress.Any, 8096)`).
var (
	codeURLs   = regexp.MustCompile(`\b(?:UseUrls|Urls\.Add|\.Run(?:Async)?)\s*\(((?:\s*@?"[^"\n]*"\s*,?)+)\)`)
	codeString = regexp.MustCompile(`"([^"\n]*)"`)
	codePort   = regexp.MustCompile(`\b(?:ListenAnyIP\s*\(|Listen\s*\(\s*IPAddress\.(?:Any|IPv6Any)\s*,)\s*(\d{1,5})\s*[,)]`)
)

// otherPorts warn, at the spec's ports, of the port the entry project's code or appsettings
// give Kestrel in place of ASPNETCORE_HTTP_PORTS (Jellyfin's own 8096) when the spec publishes
// none of them: the image would expose a port nothing answers on. Loopback addresses are
// loopbackURLs'; a spec without TCP ports is not warned of.
func otherPorts(s *spec.Spec, f lang.Facts, entry project) []plan.Note {
	if _, ok := lang.FirstTCPPort(s); !ok {
		return nil
	}
	published := func(n int) bool {
		return slices.ContainsFunc(s.Ports, func(p spec.Port) bool { return p.Protocol == "tcp" && p.Number == n })
	}
	type listen struct {
		file, what, fix string
		line, port      int
	}
	var found []listen
	for _, name := range listenSources {
		file := path.Join(path.Dir(entry.Path), name)
		if !f.Has(file) {
			continue
		}
		text := f.Text(file)
		for _, m := range codeURLs.FindAllStringSubmatchIndex(text, -1) {
			for _, q := range codeString.FindAllStringSubmatch(text[m[2]:m[3]], -1) {
				for _, u := range strings.Split(q[1], ";") {
					if n := urlPort(u); n > 0 && !loopback(u) {
						found = append(found, listen{file, "gives Kestrel " + strings.TrimSpace(u) + " in its code", "", lang.LineAt(text, m[0]), n})
					}
				}
			}
		}
		for _, m := range codePort.FindAllStringSubmatchIndex(text, -1) {
			if n, err := strconv.Atoi(text[m[2]:m[3]]); err == nil && n > 0 {
				call := text[m[0]:m[1]]
				if !strings.HasSuffix(call, ")") {
					call = text[m[0]:m[3]] + ", ...)"
				}
				found = append(found, listen{file, "calls " + call, "", lang.LineAt(text, m[0]), n})
			}
		}
	}
	for _, u := range kestrelURLs(f, entry) {
		if n := urlPort(u.url); n > 0 && !loopback(u.url) {
			first, _ := lang.FirstTCPPort(s)
			found = append(found, listen{u.file, "gives Kestrel " + u.url + ", in place of ASPNETCORE_HTTP_PORTS",
				"or set `env: {" + u.variable + ": \"http://+:" + strconv.Itoa(first) + "\"}`, which replaces it", u.line, n})
		}
	}
	if len(found) == 0 || slices.ContainsFunc(found, func(l listen) bool { return published(l.port) }) {
		return nil
	}
	l := found[0]
	fix := "write `ports: [" + strconv.Itoa(l.port) + "]`"
	if l.fix != "" {
		fix += ", " + l.fix
	}
	var out []plan.Note
	return append(out, rules.PortNotPublished.Note(lang.FirstField(s, "ports", "language"), rules.PortNotPublished.Format(l.file, l.line, l.what, l.port, fix)))
}

// urlPort is the port of an address Kestrel is given (http://*:8096, http://+:80 by its
// scheme), 0 when it has none.
func urlPort(raw string) int {
	raw = strings.TrimSpace(raw)
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return 0
	}
	host, _, _ := strings.Cut(rest, "/")
	if i := strings.LastIndex(host, ":"); i >= 0 && !strings.HasSuffix(host, "]") {
		n, err := strconv.Atoi(host[i+1:])
		if err != nil {
			return 0
		}
		return n
	}
	switch strings.ToLower(scheme) {
	case "http":
		return 80
	case "https":
		return 443
	}
	return 0
}

// loopback reports a URL on localhost, 127.0.0.1 or ::1.
func loopback(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return false
	}
	h := u.Hostname()
	return h == "localhost" || h == "::1" || strings.HasPrefix(h, "127.")
}

// plainKey is an endpoint name that can stand in a variable's name.
func plainKey(n string) bool {
	return n != "" && strings.Trim(n, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == ""
}

// lineOf is the line where value first stands in text, 1 when it does not.
func lineOf(text, value string) int {
	if i := strings.Index(text, value); i >= 0 {
		return lang.LineAt(text, i)
	}
	return 1
}
