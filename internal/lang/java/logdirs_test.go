package java

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// ownedDirs are the directories the runtime stage gives the runtime user: made empty (an
// absolute one, or the shared working directory), or copied with it as owner (below /app).
func ownedDirs(st *plan.Stage) []string {
	var out []string
	for _, m := range langtest.Steps[*plan.Mkdir](st) {
		if m.Chown != "" {
			out = append(out, fmt.Sprintf("%s %s %o", m.Path, m.Chown, m.Mode))
		}
	}
	for _, c := range langtest.Steps[*plan.Copy](st) {
		if c.Chown != "" {
			out = append(out, c.Dest+" "+c.Chown)
		}
	}
	slices.Sort(out)
	return out
}

// assertOwnedDirs checks the directories the runtime stage of ctx's plan gives the runtime
// user (the user's home, which the stage makes anyway, left out) and, when there are some, that
// its description says why.
func assertOwnedDirs(t *testing.T, name string, ctx map[string]string, want []string, why string) {
	t.Helper()
	src := "language: java\n"
	rt := provider.MustPlan(t, src, provider.Gathered(t, src, ctx)).Stage("runtime")
	got := slices.DeleteFunc(ownedDirs(rt), func(s string) bool { return strings.HasPrefix(s, "/home/nonroot ") })
	if !slices.Equal(got, want) {
		t.Errorf("%s: the user owns %q, want %q", name, got, want)
	}
	if len(want) > 0 && !strings.Contains(rt.Description, why) {
		t.Errorf("%s: the description does not say why: %q", name, rt.Description)
	}
}

// TestLogDirsAreTheUsers: the directories a Spring Boot application's packaged logback file
// appenders write (RuoYi's <property name="log.path" value="/home/ruoyi/logs"/> in
// logback.xml; a relative logs/; a springProperty's default; Spring Boot's own logging.file.*
// without a logback file) are the runtime user's, since the appender failing to open its file
// stops Spring Boot at start; not /tmp, the user's home (but another user's), a path left with a
// variable, nor a Windows path; and a Gradle Boot project's module the same.
func TestLogDirsAreTheUsers(t *testing.T) {
	bootPom := string(pomWith(bootParent("3.4.1") + bootPlugin)["pom.xml"])
	res := "src/main/resources/"
	appender := func(file string) string {
		return `<appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">` + file +
			`<rollingPolicy class="ch.qos.logback.core.rolling.TimeBasedRollingPolicy"><fileNamePattern>${log.path}/app.%d{yyyy-MM-dd}.log</fileNamePattern></rollingPolicy></appender>`
	}
	config := func(body string) string {
		return `<?xml version="1.0" encoding="UTF-8"?>` + "\n<configuration>\n" + body + "\n<root level=\"info\"><appender-ref ref=\"FILE\"/></root>\n</configuration>\n"
	}
	for _, tc := range []struct {
		name string
		ctx  map[string]string
		want []string
	}{
		{"RuoYi's absolute log.path", map[string]string{res + "logback.xml": config(`<property name="log.path" value="/home/ruoyi/logs" />` + appender(`<file>${log.path}/sys-info.log</file>`))},
			[]string{"/home/ruoyi/logs 65532:65532 755"}},
		{"a relative one, the pattern's directory", map[string]string{res + "logback.xml": config(`<property name="log.path" value="logs/app"/>` + appender(""))},
			[]string{"/app/logs/app/ 65532:65532"}},
		{"the working directory itself", map[string]string{res + "logback.xml": config(appender(`<file>app.log</file>`))},
			[]string{"/app 0:65532 1775"}},
		{"a springProperty's default, logback-spring.xml", map[string]string{res + "logback-spring.xml": config(`<springProfile name="prod"><springProperty name="log.path" source="app.log-dir" defaultValue="/var/log/shop"/>` + appender("") + `</springProfile>`)},
			[]string{"/var/log/shop 65532:65532 755"}},
		{"LOG_PATH from logging.file.path", map[string]string{res + "application.yml": "logging:\n  file:\n    path: /data/logs\n",
			res + "logback-spring.xml": config(appender(`<file>${LOG_PATH:-${java.io.tmpdir:-/tmp}}/app.log</file>`))},
			[]string{"/data/logs 65532:65532 755"}},
		{"LOG_PATH's default", map[string]string{res + "logback-spring.xml": config(appender(`<file>${LOG_PATH:-${java.io.tmpdir:-/tmp}}/app.log</file>`))}, nil},
		{"apollo's LOG_FILE over Spring Boot's file appender", map[string]string{res + "application.yml": "logging:\n  file:\n    name: /opt/logs/apollo.log\n",
			res + "logback.xml": config(`<include resource="org/springframework/boot/logging/logback/defaults.xml"/><property name="LOG_FILE" value="${LOG_FILE:-${LOG_PATH:-${LOG_TEMP:-${java.io.tmpdir:-/tmp}}/}apollo.log}"/>` +
				`<include resource="org/springframework/boot/logging/logback/file-appender.xml"/>`)},
			[]string{"/opt/logs 65532:65532 755"}},
		{"the same without logging.file.name: /tmp", map[string]string{res + "logback.xml": config(`<property name="LOG_FILE" value="${LOG_FILE:-${LOG_PATH:-${LOG_TEMP:-${java.io.tmpdir:-/tmp}}/}apollo.log}"/>` +
			`<include resource="org/springframework/boot/logging/logback/file-appender.xml"/>`)}, nil},
		{"Spring Boot's logging.file.name", map[string]string{res + "application.properties": "logging.file.name=logs/shop.log\n"}, []string{"/app/logs/ 65532:65532"}},
		{"logback's file over logging.file.name", map[string]string{res + "application.properties": "logging.file.name=logs/shop.log\n", res + "logback.xml": config("")}, nil},
		{"a variable without a value", map[string]string{res + "logback.xml": config(appender(`<file>${APP_HOME}/app.log</file>`))}, nil},
		{"the user's home", map[string]string{res + "logback.xml": config(`<property name="log.path" value="/home/nonroot/logs"/>` + appender(""))}, nil},
		{"a Windows path", map[string]string{res + "logback.xml": config(`<property name="log.path" value="D:/logs"/>` + appender(""))}, nil},
	} {
		ctx := map[string]string{"pom.xml": bootPom}
		for k, v := range tc.ctx {
			ctx[k] = v
		}
		assertOwnedDirs(t, tc.name, ctx, tc.want, "written by")
	}
	// /home/nonroot is 65532's home: a user the spec names (1000, whom the slim base has no home
	// for) gets the directory made its own, as any other
	src := "language: java\nuser: \"1000:1000\"\n"
	ctx := map[string]string{"pom.xml": bootPom, res + "logback.xml": config(`<property name="log.path" value="/home/nonroot/logs"/>` + appender(""))}
	if got := ownedDirs(provider.MustPlan(t, src, provider.Gathered(t, src, ctx)).Stage("runtime")); !slices.Equal(got, []string{"/home/nonroot/logs 1000:1000 755"}) {
		t.Errorf("user 1000: the user owns %q, want /home/nonroot/logs", got)
	}

	// a Gradle application's module, and Quarkus's, whose logging is not logback's
	g := map[string]string{"settings.gradle": "rootProject.name = 'app'\ninclude 'web'\n", "web/build.gradle": "plugins {\n    id 'java'\n    id 'org.springframework.boot' version '3.4.1'\n}\n",
		"web/" + res + "logback.xml": config(`<property name="log.path" value="/opt/web/logs"/>` + appender(""))}
	p := provider.MustPlan(t, "language: java\n", provider.Gathered(t, "language: java\n", g))
	if got := ownedDirs(p.Stage("runtime")); !slices.Contains(got, "/opt/web/logs 65532:65532 755") {
		t.Errorf("Gradle module: the user owns %q, want /opt/web/logs", got)
	}
}

// TestLog4j2AndQuarkusLogDirsAreTheUsers: a Log4j2 XML file's File, RollingFile and
// RollingRandomAccessFile appenders (fileName, else filePattern before its first %d or $${...},
// with <Properties>, ${sys:...:-default}, ${env:...:-default} and Spring Boot's LOG_PATH) and
// Quarkus's enabled file log (quarkus.log.file.path with ${name:default}, else quarkus.log in
// the working directory) write directories the runtime user owns, as logback's do.
func TestLog4j2AndQuarkusLogDirsAreTheUsers(t *testing.T) {
	bootPom := string(pomWith(bootParent("3.4.1") + bootPlugin)["pom.xml"])
	res := "src/main/resources/"
	log4j2 := func(props, appenders string) string {
		return `<?xml version="1.0" encoding="UTF-8"?>` + "\n<Configuration status=\"WARN\">\n<Properties>" + props + "</Properties>\n<Appenders>\n" +
			`<Console name="Console" target="SYSTEM_OUT"/>` + appenders + "\n</Appenders>\n<Loggers><Root level=\"info\"><AppenderRef ref=\"Console\"/></Root></Loggers>\n</Configuration>\n"
	}
	rolling := `<RollingFile name="Rolling" fileName="${LOG_HOME}/shop.log" filePattern="${LOG_HOME}/$${date:yyyy-MM}/shop-%d{yyyy-MM-dd}.log.gz"><TimeBasedTriggeringPolicy/></RollingFile>`
	quarkusProps := func(p string) map[string]string { return quarkusMaven(res+"application.properties", p) }
	for _, tc := range []struct {
		name string
		ctx  map[string]string
		want []string
	}{
		{"a Log4j2 property", map[string]string{"pom.xml": bootPom, res + "log4j2.xml": log4j2(`<Property name="LOG_HOME">/var/log/shop</Property>`, rolling)},
			[]string{"/var/log/shop 65532:65532 755"}},
		{"a system property's default, log4j2-spring.xml", map[string]string{"pom.xml": bootPom,
			res + "log4j2-spring.xml": log4j2(`<Property name="LOG_HOME">${sys:shop.logs:-/opt/shop/logs}</Property>`, rolling)},
			[]string{"/opt/shop/logs 65532:65532 755"}},
		{"an environment variable's default, a File appender", map[string]string{"pom.xml": bootPom,
			res + "log4j2.xml": log4j2("", `<File name="F" fileName="${env:LOG_DIR:-logs}/app.log"/>`)},
			[]string{"/app/logs/ 65532:65532"}},
		{"the pattern alone, RollingRandomAccessFile", map[string]string{"pom.xml": bootPom,
			res + "log4j2.xml": log4j2("", `<RollingRandomAccessFile name="R" filePattern="audit/$${date:yyyy-MM}/a-%d{yyyy-MM-dd}.log"/>`)},
			[]string{"/app/audit/ 65532:65532"}},
		{"Spring Boot's LOG_PATH through sys", map[string]string{"pom.xml": bootPom, res + "application.yml": "logging:\n  file:\n    path: /data/logs\n",
			res + "log4j2-spring.xml": log4j2("", `<File name="F" fileName="${sys:LOG_PATH:-/tmp}/app.log"/>`)},
			[]string{"/data/logs 65532:65532 755"}},
		{"an environment variable without a default", map[string]string{"pom.xml": bootPom,
			res + "log4j2.xml": log4j2("", `<File name="F" fileName="${env:LOG_DIR}/app.log"/>`)}, nil},
		{"Quarkus's default file", quarkusProps("quarkus.log.file.enable=true\n"), []string{"/app 0:65532 1775"}},
		{"Quarkus's path", quarkusProps("quarkus.log.file.enabled=true\nquarkus.log.file.path=/var/log/greeter/greeter.log\n"),
			[]string{"/var/log/greeter 65532:65532 755"}},
		{"Quarkus's path with a default, the prod profile's", quarkusProps("%prod.quarkus.log.file.enable=true\nquarkus.log.file.path=${LOG_DIR:logs}/greeter.log\n"),
			[]string{"/app/logs/ 65532:65532"}},
		{"Quarkus's file log not enabled", quarkusProps("quarkus.log.file.path=/var/log/greeter/greeter.log\n"), nil},
	} {
		assertOwnedDirs(t, tc.name, tc.ctx, tc.want, "written by")
	}
}
