package dotnet

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// appsettings' Urls and Kestrel endpoints replace ASPNETCORE_HTTP_PORTS: on localhost the server
// answers nothing from outside the container, which ListenLocalhost says at the line, naming the
// variable that overrides it. Every interface, and another program's settings, are left alone.
func TestAppSettingsListenOnLoopback(t *testing.T) {
	settings := "{\n  \"Urls\": \"http://0.0.0.0:5000;http://localhost:5001\",\n  \"Kestrel\": {\n    \"Endpoints\": {\n" +
		"      \"Http\": { \"Url\": \"http://127.0.0.1:5000\" },\n      \"Other\": { \"Url\": \"http://*:6000\" }\n    }\n  }\n}\n"
	f := lang.Facts{"src/Web/Web.csproj": []byte(webProject), "src/Web/appsettings.Production.json": []byte(settings)}
	p := provider.MustPlan(t, "language: dotnet\nports: [8081]\n", f)
	var msgs []string
	for _, n := range p.Notes {
		if n.Rule == "ListenLocalhost" {
			msgs = append(msgs, n.Msg)
		}
	}
	if len(msgs) != 2 || !strings.HasPrefix(msgs[0], "src/Web/appsettings.Production.json:2 gives Kestrel http://localhost:5001") ||
		!strings.Contains(msgs[0], "`env: {URLS: \"http://+:8081\"}`") ||
		!strings.HasPrefix(msgs[1], "src/Web/appsettings.Production.json:5 gives Kestrel http://127.0.0.1:5000") ||
		!strings.Contains(msgs[1], "`env: {Kestrel__Endpoints__Http__Url: \"http://+:8081\"}`") {
		t.Errorf("notes %q", msgs)
	}
	f["src/Web/appsettings.Production.json"] = []byte(`{"Urls": "http://+:8080"}`)
	if rules := langtest.Rules(provider.MustPlan(t, "language: dotnet\n", f)); slices.Contains(rules, "ListenLocalhost") {
		t.Errorf("every interface: %q", rules)
	}
}
