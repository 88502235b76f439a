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
	msgs := langtest.Messages(p, "ListenLocalhost")
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

// A program that gives Kestrel a port of its own, by a literal in Program.cs (Jellyfin's 8096,
// written as UseUrls or ListenAnyIP) or in its appsettings, ignores ASPNETCORE_HTTP_PORTS: when
// the spec publishes none of its ports, PortNotPublished says so at the spec's ports, naming the
// port. A published port, a loopback address (ListenLocalhost's) and a program that listens
// where the variable says are left alone.
func TestOwnPortNotPublished(t *testing.T) {
	for _, c := range []struct{ file, text, spec, want string }{
		{"src/Web/Program.cs", "var builder = WebApplication.CreateBuilder(args);\nbuilder.WebHost.UseUrls(\"http://*:8096\");\n", "ports: [8080]",
			"src/Web/Program.cs:2 gives Kestrel http://*:8096 in its code: the program listens on 8096"},
		{"src/Web/Program.cs", "builder.WebHost.ConfigureKestrel(o =>\n{\n    o.ListenAnyIP(8096);\n});\n", "ports: [8080]",
			"src/Web/Program.cs:3 calls ListenAnyIP(8096): the program listens on 8096"},
		{"src/Web/Startup.cs", "options.Listen(IPAddress.Any, 8096, l => l.UseHttps());\n", "ports: [8080]",
			"src/Web/Startup.cs:1 calls Listen(IPAddress.Any, 8096, ...): the program listens on 8096"},
		{"src/Web/appsettings.json", "{\n  \"Kestrel\": {\"Endpoints\": {\"Http\": {\"Url\": \"http://0.0.0.0:5000\"}}}\n}\n", "ports: [8080]",
			"src/Web/appsettings.json:2 gives Kestrel http://0.0.0.0:5000, in place of ASPNETCORE_HTTP_PORTS: the program listens on 5000"},
		{"src/Web/Program.cs", "builder.WebHost.UseUrls(\"http://*:8096\");\n", "ports: [8096]", ""},
		{"src/Web/Program.cs", "app.Urls.Add(\"http://localhost:8096\");\napp.Run();\n", "ports: [8080]", ""},
		{"src/Web/Program.cs", "app.Run();\n", "ports: [8080]", ""},
		{"src/Web/appsettings.json", `{"Urls": "http://+:8080"}`, "ports: [8080]", ""},
		{"src/Other/Program.cs", "builder.WebHost.UseUrls(\"http://*:8096\");\n", "ports: [8080]", ""},
	} {
		f := lang.Facts{"src/Web/Web.csproj": []byte(webProject), c.file: []byte(c.text)}
		if asks := (Provider{}).Follow(nil, f); !slices.Contains(asks, "src/Web/Program.cs") || !slices.Contains(asks, "src/Web/Startup.cs") {
			t.Fatalf("Follow asks for %q, not the project's Program.cs and Startup.cs", asks)
		}
		p := provider.MustPlan(t, "language: dotnet\n"+c.spec+"\n", f)
		var got []string
		for _, n := range p.Notes {
			if n.Rule == "PortNotPublished" {
				got = append(got, n.Field+": "+n.Msg)
			}
		}
		switch {
		case c.want == "" && len(got) > 0:
			t.Errorf("%s %q: %q", c.file, c.text, got)
		case c.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], "ports: "+c.want) ||
			!strings.Contains(got[0], "`ports: [")):
			t.Errorf("%s %q: %q, want %q", c.file, c.text, got, c.want)
		}
	}
}
