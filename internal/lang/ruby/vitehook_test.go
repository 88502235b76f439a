package ruby

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestViteHookNotRun: a Rake task hooked into Vite Ruby's build (in a vite namespace, by
// enhance, or by a task named vite:build) is warned of when the default assets build Vite, with
// what i18n-js's configuration says it writes for an i18n task; not when the hook is elsewhere,
// nor with the spec's assets.
func TestViteHookNotRun(t *testing.T) {
	const i18n = "translations:\n  - file: app/frontend/src/translations.json\n    patterns: [\"*.board.*\"]\n"
	for _, c := range []struct {
		name, file, src, want string
	}{
		{"the vite namespace", "Rakefile", "require_relative \"config/application\"\nRails.application.load_tasks\n\nnamespace :i18n_js do\n  task export: :environment do\n    I18nJS.call(config_file: \"config/i18n-js.yml\")\n  end\nend\n\nnamespace :vite do\n  task install_dependencies: \"i18n_js:export\"\nend\n",
			"Rakefile runs i18n_js:export before Vite Ruby's vite:install_dependencies, which assets:precompile runs; " +
				"the default assets build Vite in a Node.js stage of its own, without Ruby or the bundle, so i18n_js:export does not run there and the Vite build lacks app/frontend/src/translations.json"},
		{"enhance", "lib/tasks/icons.rake", "Rake::Task[\"vite:build\"].enhance([\"icons:sprite\"])\n", "so icons:sprite does not run there and the Vite build lacks what it writes"},
		{"a task of the full name", "lib/tasks/routes.rake", "task \"vite:build\" => :\"js_routes:generate\"\n", "lib/tasks/routes.rake runs js_routes:generate before Vite Ruby's vite:build"},
		{"hooked elsewhere", "Rakefile", "namespace :assets do\n  task precompile: \"i18n_js:export\"\nend\n", ""},
		{"a task of its own in the namespace", "Rakefile", "namespace :vite do\n  desc \"Lints\"\n  task :lint do\n    sh \"eslint\"\n  end\nend\n", ""},
	} {
		p := provider.MustPlan(t, "language: ruby\n", viteRails(c.file, c.src, "config/i18n-js.yml", i18n))
		got := strings.Join(langtest.Messages(p, "ViteHookNotRun"), "\n")
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	p := provider.MustPlan(t, "language: ruby\nassets: {dir: ., script: build:all, output: public/vite}\n",
		viteRails("Rakefile", "namespace :vite do\n  task install_dependencies: \"i18n_js:export\"\nend\n"))
	if got := langtest.Messages(p, "ViteHookNotRun"); len(got) > 0 {
		t.Errorf("with the spec's assets: %q", got)
	}
}
