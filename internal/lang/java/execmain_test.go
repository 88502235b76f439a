package java

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestMavenExecMainClassRunsOnAClassPath: a module whose jar names no Main-Class, whose program
// exec-maven-plugin names (the exec.mainClass property, or the plugin's mainClass), is the
// aggregator's application among libraries, and the image runs that class on the jar and the
// runtime dependencies the build copies beside it: jitsi-videobridge's jvb, whose shade
// execution is bound to no phase and whose own script runs `java -cp jar:lib/* ...MainKt`. A
// jar that names its main class runs with java -jar as before, and a parent's property is not
// a module's program.
func TestMavenExecMainClassRunsOnAClassPath(t *testing.T) {
	bridge := `<project><parent><groupId>org.example</groupId><artifactId>relay-parent</artifactId><version>3.1-SNAPSHOT</version></parent>
  <artifactId>relay-bridge</artifactId><packaging>jar</packaging>
  <properties><assembly.skipAssembly>false</assembly.skipAssembly>%s</properties>
  <dependencies><dependency><groupId>org.example</groupId><artifactId>relay-codec</artifactId><version>${project.version}</version></dependency></dependencies>
  <build><plugins>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-assembly-plugin</artifactId>
      <executions><execution><id>zip</id><phase>package</phase><goals><goal>single</goal></goals>
        <configuration><descriptors><descriptor>src/assembly/zip.xml</descriptor></descriptors></configuration></execution></executions></plugin>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-shade-plugin</artifactId>
      <executions><execution><id>fat</id><goals><goal>shade</goal></goals><phase>none</phase></execution></executions></plugin>
    %s
  </plugins></build></project>`
	execPlugin := `<plugin><groupId>org.codehaus.mojo</groupId><artifactId>exec-maven-plugin</artifactId>
      <executions><execution><id>run</id><goals><goal>java</goal></goals><configuration><mainClass>${exec.mainClass}</mainClass></configuration></execution></executions></plugin>`
	ctx := func(props, plugins, parentProps string) map[string]string {
		return map[string]string{
			"pom.xml": `<project><groupId>org.example</groupId><artifactId>relay-parent</artifactId><version>3.1-SNAPSHOT</version><packaging>pom</packaging>
  <properties><kotlin.version>2.2.0</kotlin.version>` + parentProps + `</properties>
  <modules><module>codec</module><module>media</module><module>bridge</module></modules></project>`,
			"codec/pom.xml":  `<project><parent><groupId>org.example</groupId><artifactId>relay-parent</artifactId><version>3.1-SNAPSHOT</version></parent><artifactId>relay-codec</artifactId></project>`,
			"media/pom.xml":  `<project><parent><groupId>org.example</groupId><artifactId>relay-parent</artifactId><version>3.1-SNAPSHOT</version></parent><artifactId>relay-media</artifactId></project>`,
			"bridge/pom.xml": strings.Replace(strings.Replace(bridge, "%s", props, 1), "%s", plugins, 1),
		}
	}
	src := "language: java\nports: [8080]\n"
	for _, tc := range []struct{ name, props, plugins string }{
		{"the exec.mainClass property", "<exec.mainClass>org.example.relay.MainKt</exec.mainClass>", ""},
		{"the plugin's mainClass, from the property", "<exec.mainClass>org.example.relay.MainKt</exec.mainClass>", execPlugin},
		{"the plugin's literal mainClass", "", strings.Replace(execPlugin, "${exec.mainClass}", "org.example.relay.MainKt", 1)},
	} {
		p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx(tc.props, tc.plugins, "")))
		b := langtest.Runs(p.Stage("builder"))
		i := slices.Index(b[0].Args, "package")
		if want := []string{"dependency:copy-dependencies", "-DincludeScope=runtime", "-DoutputDirectory=target/lib"}; i < 0 || !slices.Equal(b[0].Args[i+1:], want) ||
			!slices.Contains(b[0].Args, "bridge") {
			t.Errorf("%s: builds %q, want the bridge module, then %q", tc.name, b[0].Args, want)
		}
		takesJar(t, tc.name, p, "bridge/target", "relay-bridge-3.1-SNAPSHOT.jar")
		if !slices.Contains(b[1].Args, "org.example.relay.MainKt") {
			t.Errorf("%s: the jar step %q does not know the main class (it would ask the manifest for one)", tc.name, b[1].Args)
		}
		if !slices.ContainsFunc(b, func(r *plan.Run) bool {
			return slices.Equal(r.Args[1:], []string{lang.ScriptDir + "/pick-lib.sh", "bridge/target/lib", "/out/lib", execOf})
		}) {
			t.Errorf("%s: the builder does not copy bridge/target/lib", tc.name)
		}
		if got, want := builderCopies(p), []string{"/out/lib/ -> /app/lib/", "/out/app.jar -> /app/app.jar"}; !slices.Equal(got, want) {
			t.Errorf("%s: runtime copies %q, want %q", tc.name, got, want)
		}
		if want := []string{"java", "-cp", "/app/app.jar:/app/lib/*", "org.example.relay.MainKt"}; !slices.Equal(p.Image.Entrypoint, want) {
			t.Errorf("%s: entrypoint %q, want %q", tc.name, p.Image.Entrypoint, want)
		}
	}

	// the shade jar built in package names its Main-Class: java -jar, nothing copied
	shaded := ctx("<exec.mainClass>org.example.relay.MainKt</exec.mainClass>", "", "")
	shaded["bridge/pom.xml"] = strings.Replace(shaded["bridge/pom.xml"], "<phase>none</phase></execution>",
		`<phase>package</phase><configuration><transformers><transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer"><mainClass>org.example.relay.MainKt</mainClass></transformer></transformers></configuration></execution>`, 1)
	p := provider.MustPlan(t, src, provider.Gathered(t, src, shaded))
	shipsJarAlone(t, "a shaded jar", p)
	if !slices.Equal(p.Image.Entrypoint, []string{"java", "-jar", "/app/app.jar"}) {
		t.Errorf("a shaded jar: entrypoint %q", p.Image.Entrypoint)
	}

	// the parent's property is every module's: no module is the application by it
	provider.Refuses(t, src, provider.Gathered(t, src, ctx("", "", "<exec.mainClass>org.example.relay.MainKt</exec.mainClass>")), "only aggregates modules")
}
