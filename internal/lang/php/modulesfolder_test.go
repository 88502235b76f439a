package php_test

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/providers"
)

// TestYarnModulesFolder: a PHP application whose .yarnrc sends yarn 1's install into its web
// root (grocy's `--modules-folder public/packages`), with dependencies and no build script,
// gets that install as its default assets: the assets' deps stage installs with .yarnrc, the
// assets stage runs no script and checks the folder is there, and the builder takes it. Not
// without yarn.lock (npm would install, ignoring .yarnrc), with a later yarn's .yarnrc.yml,
// with a build script, without dependencies, or with a folder outside the project.
func TestYarnModulesFolder(t *testing.T) {
	app := func(kv ...string) lang.Facts {
		return langtest.With(lang.Facts{
			"composer.json":    []byte(`{"require": {"php": ">=8.2"}}`),
			"composer.lock":    []byte(`{"packages": []}`),
			"public/index.php": []byte("<?php\n"),
			"package.json":     []byte(`{"private": true, "dependencies": {"kitestring-ui": "^1.4.0"}}`),
			"yarn.lock":        []byte("# yarn lockfile v1\n\n\nkitestring-ui@^1.4.0:\n  version \"1.4.2\"\n"),
			".yarnrc":          []byte("--modules-folder public/libs\n--install.production true\n"),
		}, kv...)
	}
	plan := langtest.PlanFunc(providers.Plan)
	p := plan.MustPlan(t, "language: php\n", app())
	langtest.Ejects(t, p, "COPY package.json yarn.lock .yarnrc ./\n",
		"yarn install --frozen-lockfile\n",
		"FROM assets-deps AS assets\nCOPY --exclude=**/node_modules --exclude=public/libs . ./\n# test -e /app/public/libs\n",
		"COPY --exclude=.git --exclude=auth.json --exclude=node_modules --exclude=vendor --exclude=public/libs . ./\nCOPY --from=assets /app/public/libs ./public/libs/\n")
	if st := p.Stage("assets"); st == nil || strings.Contains(st.Description, "yarn run") {
		t.Errorf("the assets stage: %+v, want one running no script", st)
	}
	if plan.MustPlan(t, "language: php\n", app(".yarnrc", "--install.modules-folder \"public/libs\"\n")).Stage("assets") == nil {
		t.Errorf("--install.modules-folder: no assets stage")
	}
	for name, f := range map[string]lang.Facts{
		"no yarn.lock":        app("yarn.lock", ""),
		"yarn berry":          app(".yarnrc.yml", "nodeLinker: node-modules\n"),
		"a build script":      app("package.json", `{"dependencies": {"kitestring-ui": "^1.4.0"}, "scripts": {"build": "node build.mjs"}}`),
		"no dependencies":     app("package.json", `{"devDependencies": {"kitestring-ui": "^1.4.0"}}`),
		"outside the project": app(".yarnrc", "--modules-folder ../libs\n"),
		"node_modules":        app(".yarnrc", "--modules-folder node_modules\n"),
	} {
		if name == "no yarn.lock" {
			delete(f, "yarn.lock")
		}
		if st := plan.MustPlan(t, "language: php\n", f).Stage("assets"); st != nil {
			t.Errorf("%s: an assets stage: %s", name, st.Description)
		}
	}
}
