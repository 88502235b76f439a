package java

import (
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestCatalogAliasApplyFalseAppliesNothing: a version catalog alias declared with `apply false`
// does not apply the plugin. halo's platform/application is a java-platform project whose
// plugins block names Spring Boot's alias with `apply false` (for the BOM's coordinates); it was
// taken for a second Spring Boot application beside application/, and planning failed asking
// for `entrypoint`.
func TestCatalogAliasApplyFalseAppliesNothing(t *testing.T) {
	catalog := "[versions]\nboot = \"3.5.3\"\n\n[plugins]\nspring-boot = { id = \"org.springframework.boot\", version.ref = \"boot\" }\n" +
		"quarkus = { id = \"io.quarkus\", version = \"3.30.0\" }\nshadow = { id = \"com.gradleup.shadow\", version = \"9.0.0\" }\n"
	for _, tc := range []struct {
		name, script             string
		boot, quarkus, shadowJar bool
	}{
		{"applied", "plugins {\n    id 'java'\n    alias(libs.plugins.spring.boot)\n}\n", true, false, false},
		{"apply false", "plugins {\n    id 'java-platform'\n    alias(libs.plugins.spring.boot) apply false\n}\n", false, false, false},
		{"Kotlin apply(false)", "plugins {\n    `java-platform`\n    alias(libs.plugins.spring.boot) apply(false)\n    alias(libs.plugins.quarkus) apply false\n    alias(libs.plugins.shadow) apply false\n}\n", false, false, false},
		{"Quarkus and Shadow applied", "plugins {\n    alias(libs.plugins.quarkus)\n    alias(libs.plugins.shadow)\n}\n", false, true, true},
	} {
		g := newGradleFile(tc.script, catalog)
		boot, _ := g.springBoot()
		if boot != tc.boot || g.quarkus() != tc.quarkus || g.shadow() != tc.shadowJar {
			t.Errorf("%s: boot %v quarkus %v shadow %v, want %v %v %v", tc.name, boot, g.quarkus(), g.shadow(), tc.boot, tc.quarkus, tc.shadowJar)
		}
	}
	if v := newGradleFile("plugins {\n    alias(libs.plugins.spring.boot) apply false\n}\n", catalog).bootPluginVersion(); v != "3.5.3" {
		t.Errorf("the version an apply false alias declares: %q", v)
	}

	// halo's shape: application/ applies Boot, platform/application only names it
	ctx := map[string]string{
		"settings.gradle":                   "rootProject.name = 'halo'\ninclude 'api', 'application', 'platform:application'\n",
		"build.gradle":                      "plugins {\n    id 'java'\n}\n",
		"gradle/libs.versions.toml":         catalog,
		"api/build.gradle":                  "plugins {\n    id 'java-library'\n}\n",
		"application/build.gradle":          "plugins {\n    id 'java'\n    alias(libs.plugins.spring.boot)\n}\n",
		"platform/application/build.gradle": "plugins {\n    id 'java-platform'\n    alias(libs.plugins.spring.boot) apply false\n}\n",
	}
	src := "language: java\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	if b := langtest.Runs(p.Stage("builder")); b[0].Args[len(b[0].Args)-1] != ":application:bootJar" {
		t.Errorf("builds %q, want :application:bootJar", b[0].Args)
	}
}
