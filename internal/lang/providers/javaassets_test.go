package providers

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestMavenResourcesFromANodeBuildAreAssets: a Spring Boot module whose maven-resources-plugin
// copies a Node.js project's build output into its classes (litemall-all's ../litemall-admin/dist)
// gets that project as its default assets, built before Maven and copied into the builder where
// the copy reads it; without them the jar shipped no UI and nothing said so. A committed build,
// a build that runs npm in Maven, a module that copies nothing and a spec's `assets: false` get
// none. Of several applications, the one depending on all the others is the one suggested.
func TestMavenResourcesFromANodeBuildAreAssets(t *testing.T) {
	boot := `<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.5.0</version></parent>`
	repackage := `<plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId>` +
		`<executions><execution><id>repackage</id><configuration><classifier>exec</classifier></configuration></execution></executions></plugin>`
	copyUI := `<plugin><artifactId>maven-resources-plugin</artifactId><executions><execution><id>copy-ui</id><phase>validate</phase>` +
		`<goals><goal>copy-resources</goal></goals><configuration><outputDirectory>${basedir}/target/classes/static</outputDirectory>` +
		`<resources><resource><directory>../shop-admin/dist</directory></resource></resources></configuration></execution></executions></plugin>`
	allPom := func(plugins string) string {
		return `<project>` + boot + `<artifactId>shop-all</artifactId><version>1.0</version><dependencies>` +
			`<dependency><groupId>shop</groupId><artifactId>shop-api</artifactId></dependency></dependencies>` +
			`<build><plugins>` + repackage + plugins + `</plugins></build></project>`
	}
	files := map[string]string{
		"pom.xml": `<project><groupId>shop</groupId><artifactId>shop</artifactId><version>1.0</version><packaging>pom</packaging>` +
			`<modules><module>shop-api</module><module>shop-all</module></modules></project>`,
		"shop-api/pom.xml":             `<project>` + boot + `<artifactId>shop-api</artifactId><version>1.0</version><build><plugins>` + repackage + `</plugins></build></project>`,
		"shop-all/pom.xml":             allPom(copyUI),
		"shop-admin/package.json":      `{"name": "shop-admin", "scripts": {"build": "vue-cli-service build"}}`,
		"shop-admin/package-lock.json": `{"lockfileVersion": 3, "packages": {}}`,
	}
	dir := t.TempDir()
	tree.WriteIn(t, dir, files)
	if _, err := PlanDir(langtest.Spec(t, "language: java\n"), dir); err == nil ||
		!strings.Contains(err.Error(), "e.g. entrypoint: shop-all (it depends on the others)") {
		t.Errorf("several applications: %v", err)
	}
	copiesUI := func(p *plan.Plan) bool {
		return p.Stage("assets") != nil && slices.ContainsFunc(p.Stage("builder").Steps, func(st plan.Step) bool {
			c, ok := st.(*plan.Copy)
			return ok && c.FromStage == "assets" && c.Dest == "./shop-admin/dist/"
		})
	}
	if p := planDir(t, "language: java\nentrypoint: shop-all\n", dir); !copiesUI(p) {
		t.Errorf("shop-all: the builder does not get shop-admin/dist from the assets")
	}
	if p := planDir(t, "language: java\nentrypoint: shop-api\n", dir); p.Stage("assets") != nil {
		t.Errorf("shop-api, which copies no UI: an assets stage")
	}
	if p := planDir(t, "language: java\nentrypoint: shop-all\nassets: false\n", dir); p.Stage("assets") != nil {
		t.Errorf("assets: false: an assets stage")
	}
	tree.WriteIn(t, dir, map[string]string{"shop-admin/dist/index.html": "<html></html>"})
	if p := planDir(t, "language: java\nentrypoint: shop-all\n", dir); p.Stage("assets") != nil {
		t.Errorf("a committed build: an assets stage")
	}
	dir = t.TempDir()
	files["shop-all/pom.xml"] = allPom(copyUI + `<plugin><groupId>com.github.eirslett</groupId><artifactId>frontend-maven-plugin</artifactId></plugin>`)
	tree.WriteIn(t, dir, files)
	if p := planDir(t, "language: java\nentrypoint: shop-all\n", dir); p.Stage("assets") != nil {
		t.Errorf("npm run by frontend-maven-plugin: an assets stage")
	}
}
