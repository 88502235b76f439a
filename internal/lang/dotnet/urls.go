package dotnet

import (
	"encoding/json"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// loopbackURLs warn of the addresses the entry project's appsettings give Kestrel on the
// loopback interface: a top-level Urls, or a Kestrel endpoint's Url (`"Url":
// "http://localhost:5000"`), which replace ASPNETCORE_HTTP_PORTS, so the server answers nothing
// from outside the container. The fix is the variable that overrides the setting, on every
// interface and the spec's port.
func loopbackURLs(s *spec.Spec, f lang.Facts, entry project) []plan.Note {
	port := "8080"
	if len(s.Ports) > 0 {
		port = strconv.Itoa(s.Ports[0].Number)
	}
	var out []plan.Note
	for _, name := range appSettings {
		file := path.Join(path.Dir(entry.Path), name)
		var cfg struct {
			Urls    string
			Kestrel struct {
				Endpoints map[string]struct{ Url string }
			}
		}
		if !f.Has(file) || json.Unmarshal(lang.JSONC(f[file]), &cfg) != nil {
			continue
		}
		text := f.Text(file)
		note := func(value, variable string) {
			out = append(out, rules.ListenLocalhost.Note(lang.FirstField(s, "env", "ports", "language"), rules.ListenLocalhost.Format(file, lineOf(text, value),
				"gives Kestrel "+value+", in place of ASPNETCORE_HTTP_PORTS", "set `env: {"+variable+": \"http://+:"+port+"\"}`, which replaces it")))
		}
		for _, u := range strings.Split(cfg.Urls, ";") {
			if loopback(u) {
				note(strings.TrimSpace(u), "URLS")
			}
		}
		names := make([]string, 0, len(cfg.Kestrel.Endpoints))
		for n := range cfg.Kestrel.Endpoints {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			if u := cfg.Kestrel.Endpoints[n].Url; loopback(u) && plainKey(n) {
				note(u, "Kestrel__Endpoints__"+n+"__Url")
			}
		}
	}
	return out
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
		return strings.Count(text[:i], "\n") + 1
	}
	return 1
}
