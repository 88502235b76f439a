package java

import (
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// bootLayers are a Spring Boot jar's layers, in the order the image adds them: what changes
// least first, so that a code change re-ships only the application layer.
var bootLayers = []string{"dependencies", "spring-boot-loader", "snapshot-dependencies", "application"}

// bootLayout is how a Boot version's jar is split and started.
type bootLayout struct {
	mode     string // tools (Boot 3.3 and later) or layertools (2.4 to 3.2)
	launcher string // the launcher's class name
}

const (
	launcher32  = "org.springframework.boot.loader.launch.JarLauncher" // Boot 3.2 moved the loader
	launcherOld = "org.springframework.boot.loader.JarLauncher"
)

// bootLayoutFor picks the layout for a Boot version. An unknown version is taken as a current
// one (3.3 or later); the extract step checks the launcher class, so a wrong guess fails the
// build instead of the container. ok is false for Boot before 2.4, whose jars have no layer
// index by default: those run with java -jar.
func bootLayoutFor(version string) (bootLayout, bool) {
	current := bootLayout{mode: "tools", launcher: launcher32}
	if version == "" {
		return current, true
	}
	major, rest, _ := strings.Cut(version, ".")
	minorText, _, _ := strings.Cut(rest, ".")
	maj, err1 := strconv.Atoi(major)
	minor, err2 := strconv.Atoi(strings.TrimRight(minorText, "-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
	switch {
	case err1 != nil || err2 != nil:
		return current, true
	case maj > 3 || (maj == 3 && minor >= 3):
		return current, true
	case maj == 3 && minor == 2:
		return bootLayout{mode: "layertools", launcher: launcher32}, true
	case maj == 3 || (maj == 2 && minor >= 4):
		return bootLayout{mode: "layertools", launcher: launcherOld}, true
	}
	return bootLayout{}, false
}

// classFile is a class name as the path of its .class file.
func classFile(class string) string {
	return strings.ReplaceAll(class, ".", "/") + ".class"
}

// bootSteps are the builder's extract step and the runtime's copies, one layer each.
func bootSteps(l bootLayout, field string) (extract *plan.Run, copies []*plan.Copy) {
	extract = &plan.Run{
		Origin:    plan.Origin{Field: field},
		Args:      lang.RunScript("boot-extract.sh", outJar, layersDir, l.mode, classFile(l.launcher)),
		Mounts:    []plan.Mount{lang.ScriptMount},
		Display:   "java -Djarmode=" + l.mode + " -jar " + outJar + " extract (Spring Boot layers into " + layersDir + ")",
		NoNetwork: true,
	}
	for _, layer := range bootLayers {
		copies = append(copies, &plan.Copy{Origin: plan.Origin{Field: field}, FromStage: "builder",
			Paths: []string{layersDir + "/" + layer + "/"}, Dest: lang.AppDir + "/"})
	}
	return extract, copies
}
