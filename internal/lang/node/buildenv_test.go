package node

import (
	"maps"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/rules"
)

// TestBuildEnvMissing: a Vite app whose .env.example lists VITE_ variables (bulletproof-react's
// shape), with no .env file in the context, is warned of, naming the variables and the
// build.env line with the sample's values; not when a .env file the build loads is there, the
// spec sets them, the sample lists none of the prefix, or nothing builds.
func TestBuildEnvMissing(t *testing.T) {
	const vite = `{"type": "module", "scripts": {"build": "tsc && vite build"}, "dependencies": {"react": "^18"}, "devDependencies": {"vite": "^5"}}`
	const sample = "# the API\nVITE_APP_API_URL=https://api.example.com\nexport VITE_APP_ENABLE_API_MOCKING=true\nSECRET=x\n"
	base := map[string]string{"package.json": vite, "yarn.lock": "", "index.html": "<div id=root></div>", "vite.config.ts": "export default {};\n",
		".env.example": sample}
	with := func(kv ...string) map[string]string {
		return langtest.With(maps.Clone(base), kv...)
	}
	const spec = "language: node\ntest: false\n"
	for _, tc := range []struct {
		name, spec string
		ctx        map[string]string
		want       string
	}{
		{"the sample alone", spec, base, ".env.example lists VITE_APP_API_URL, VITE_APP_ENABLE_API_MOCKING, which Vite builds into the code as import.meta.env" +
			", and no .env file of the build context nor the spec's build.env sets them: the build bakes them in undefined, and the code reading " +
			"them runs without them (in the browser too); set `build: {env: {VITE_APP_API_URL: \"https://api.example.com\", VITE_APP_ENABLE_API_MOCKING: \"true\"}}`"},
		{"Create React App", spec, with("package.json", `{"scripts": {"build": "react-scripts build"}, "dependencies": {"react-scripts": "5"}}`,
			".env.example", "", ".env.sample", "REACT_APP_API=\n"), ".env.sample lists REACT_APP_API, which Create React App builds into the code as process.env"},
		{"Next.js", spec, with("package.json", `{"scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "14"}}`,
			".env.example", "NEXT_PUBLIC_API_URL=http://localhost:8080/api\nDATABASE_URL=x\n"),
			".env.example lists NEXT_PUBLIC_API_URL, which Next.js inlines into the code as process.env when it builds"},
		{"Next.js's examples' sample", spec, with("package.json", `{"scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "14"}}`,
			".env.example", "", ".env.local.example", "# Supabase Public\nNEXT_PUBLIC_SUPABASE_URL=\nSUPABASE_SERVICE_ROLE_KEY=\n"),
			".env.local.example lists NEXT_PUBLIC_SUPABASE_URL, which Next.js inlines into the code as process.env when it builds"},
		{"a .env file the build loads", spec, with(".env.production", "VITE_APP_API_URL=https://api.example.com\n"), ""},
		{"a .env", spec, with(".env", "x\n"), ""},
		{"build.env sets them", "language: node\ntest: false\nbuild:\n  env:\n    VITE_APP_API_URL: https://x\n    VITE_APP_ENABLE_API_MOCKING: \"false\"\n", base, ""},
		{"build.env sets one", "language: node\ntest: false\nbuild:\n  env:\n    VITE_APP_API_URL: https://x\n", base, ".env.example lists VITE_APP_ENABLE_API_MOCKING, which"},
		{"none of the prefix", spec, with(".env.example", "DATABASE_URL=postgres://\n"), ""},
		{"no build", spec, with("package.json", `{"main": "index.js", "devDependencies": {"vite": "^5"}}`, "index.js", "require('http')\n"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantNote(t, provider.MustPlan(t, tc.spec, langtest.Gathered(t, Provider{}, tc.spec, tc.ctx)), rules.BuildEnvMissing.Name, tc.want)
		})
	}
}
