package bun

import (
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestANextAppSaysNoFieldMakesIt: a Next.js app with bun's lockfile (`next start`), and a
// workspace package whose scripts Nx infers (typebot's apps/viewer: none), fail naming Next.js
// and that no field makes the image, not an entry file to set; a Next.js app with a custom
// server its start script runs is still that server's.
func TestANextAppSaysNoFieldMakesIt(t *testing.T) {
	single := map[string]string{"package.json": `{"name": "web", "scripts": {"build": "next build", "start": "next start"},
		"dependencies": {"next": "16.0.0", "react": "19.0.0"}}`, "bun.lock": "{}"}
	provider.Refuses(t, "ports: [3000]\n", langtest.Gathered(t, Provider{}, "ports: [3000]\n", single),
		"nothing says what the image runs: it is a Next.js app", "no field of the spec makes this image")
	ws := monorepo()
	ws["apps/web/package.json"] = `{"name": "@acme/web", "dependencies": {"next": "16.0.0"}}`
	src := "workspace: apps/web\n"
	provider.Refuses(t, src, langtest.Gathered(t, Provider{}, src, ws), "nothing says what apps/web runs: it is a Next.js app")
	single["package.json"] = `{"name": "web", "scripts": {"build": "next build", "start": "bun server.ts"}, "dependencies": {"next": "16.0.0"}}`
	single["server.ts"] = "import next from \"next\";\n"
	provider.MustPlan(t, "ports: [3000]\n", langtest.Gathered(t, Provider{}, "ports: [3000]\n", single))
}
