package ruby_test

import (
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/providers"
)

// TestHanamiAssetsStages: as the frontend plans it, a Hanami app's default assets run each of
// `hanami assets compile`'s commands in the assets stage, the app's then the slices', and the
// builder takes public/assets from it.
func TestHanamiAssetsStages(t *testing.T) {
	f := lang.Facts{
		"Gemfile":                      []byte("source \"https://rubygems.org\"\ngem \"hanami\"\ngem \"puma\"\n"),
		"Gemfile.lock":                 []byte("GEM\n  remote: https://rubygems.org/\n  specs:\n    hanami (2.3.1)\n    puma (7.1.0)\n\nPLATFORMS\n  ruby\n"),
		"config.ru":                    nil,
		"package.json":                 []byte(`{"type": "module", "dependencies": {"hanami-assets": "^2.3.0"}}`),
		"package-lock.json":            []byte(`{"lockfileVersion": 3}`),
		"config/assets.js":             []byte("import * as assets from \"hanami-assets\";\nawait assets.run();\n"),
		"app/assets/":                  nil,
		"slices/auth/assets/js/app.js": []byte("\n"),
	}
	p := langtest.PlanFunc(providers.Plan).MustPlan(t, "language: ruby\n", f)
	langtest.Ejects(t, p, "FROM assets-deps AS assets\n",
		"RUN node config/assets.js -- --path=app --dest=public/assets\nRUN node config/assets.js -- --path=slices/auth --dest=public/assets/_auth\n",
		"COPY --from=assets /app/public/assets ./public/assets/\n", "ENV HANAMI_SERVE_ASSETS=true\n")
}
