package node_test

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/providers"
)

// Detection goes through the providers list: a package.json alone means node; with a go.mod
// too, Go's (the package.json builds its UI); with a Cargo.toml, the spec must say which.
func TestDetection(t *testing.T) {
	s := langtest.Spec(t, "# syntax=org/multistage-frontend\nports: [8080]\n")
	p, err := providers.Plan(s, lang.Facts{"package.json": []byte(`{"main": "server.js"}`), "server.js": []byte("")})
	if err != nil || p.Language != "node" {
		t.Fatalf("package.json alone: %v, %v", p, err)
	}
	p, err = providers.Plan(s, lang.Facts{"package.json": []byte(`{}`), "go.mod": []byte("module x\n"), "main.go": []byte("package main\n")})
	if err != nil || p.Language != "go" {
		t.Errorf("go.mod and package.json: %v", err)
	}
	_, err = providers.Plan(s, lang.Facts{"package.json": []byte(`{}`), "Cargo.toml": []byte("[package]\nname = \"x\"\n")})
	if err == nil || !strings.Contains(err.Error(), "node (package.json), rust (Cargo.toml)") {
		t.Errorf("Cargo.toml and package.json: %v", err)
	}
	for _, f := range []string{"package.json", "package-lock.json", "pnpm-lock.yaml", "yarn.lock", ".nvmrc", ".yarnrc.yml"} {
		if !strings.Contains(" "+strings.Join(providers.Reads(s), " ")+" ", " "+f+" ") {
			t.Errorf("the frontend does not read %s", f)
		}
	}
}
