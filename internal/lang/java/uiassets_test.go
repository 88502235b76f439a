package java

import (
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestResourceAssetsReadTheBuildScriptAsNode: the UI a pom copies resources from is built when
// its package.json has a build script as npm (and the Node.js provider, node.ReadUIBuild) reads
// it: a script of another type beside it (a `"//"` comment's list) leaves `build` runnable, and
// `"Scripts"` is not npm's scripts (JSON.parse's keys are case-sensitive).
func TestResourceAssetsReadTheBuildScriptAsNode(t *testing.T) {
	pom := `<project><groupId>shop</groupId><artifactId>shop</artifactId><version>1.0</version><build><plugins>` +
		`<plugin><artifactId>maven-resources-plugin</artifactId><executions><execution><id>copy-ui</id><phase>validate</phase>` +
		`<goals><goal>copy-resources</goal></goals><configuration><outputDirectory>${basedir}/target/classes/static</outputDirectory>` +
		`<resources><resource><directory>admin/dist</directory></resource></resources></configuration></execution></executions></plugin>` +
		`</plugins></build></project>`
	for _, tc := range []struct {
		name, manifest string
		assets         bool
	}{
		{"a build script", `{"scripts": {"build": "vite build"}}`, true},
		{"beside a comment's list", `{"scripts": {"//": ["vite builds the admin UI"], "build": "vite build"}}`, true},
		{"Scripts", `{"Scripts": {"build": "vite build"}}`, false},
		{"no build script", `{"scripts": {"dev": "vite"}}`, false},
	} {
		f := lang.Facts{"pom.xml": []byte(pom), "admin/package.json": []byte(tc.manifest)}
		a := resourceAssets(langtest.Spec(t, "language: java\n"), f)
		if (a != nil) != tc.assets || (a != nil && (a.Dir != "admin" || a.Output != "admin/dist")) {
			t.Errorf("%s: assets %+v, want some: %v", tc.name, a, tc.assets)
		}
	}
}
