package java

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPickJarNeedsAMainClass runs pick-jar.sh on jars made with the JDK's jar tool: a jar whose
// manifest names a Main-Class is copied; a plain one (kafka-monitor's, whose own scripts put it
// on a class path) fails the step, where the image's java -jar would fail at start.
func TestPickJarNeedsAMainClass(t *testing.T) {
	if _, err := exec.LookPath("jar"); err != nil {
		t.Skip("no jar tool (a JDK) on this machine: pick-jar.sh skips the check there too")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "A.txt"), []byte("a"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "build/libs"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		ok   bool
	}{
		{"runnable", []string{"cfe", "build/libs/runnable.jar", "com.example.Main", "A.txt"}, true},
		{"plain", []string{"cf", "build/libs/plain.jar", "A.txt"}, false},
	} {
		mk := exec.Command("jar", c.args...)
		mk.Dir = dir
		if out, err := mk.CombinedOutput(); err != nil {
			t.Fatalf("%s: jar %q: %v\n%s", c.name, c.args, err, out)
		}
		run := exec.Command("sh", "-c", pickJar, "pick-jar.sh", "build/libs", c.name+".jar", filepath.Join(dir, "out", c.name+".jar"))
		run.Dir = dir
		out, err := run.CombinedOutput()
		if (err == nil) != c.ok {
			t.Errorf("%s: %v\n%s", c.name, err, out)
		}
		if !c.ok && !strings.Contains(string(out), "has no Main-Class") {
			t.Errorf("%s: says %s", c.name, out)
		}
		if _, err := os.Stat(filepath.Join(dir, "out", c.name+".jar")); (err == nil) != c.ok {
			t.Errorf("%s: copied: %v", c.name, err)
		}
	}
}

// TestPickJarTrustsTheBuildFilesMainClass: with the main class planning read in pom.xml (the
// fourth argument), pick-jar.sh copies the jar without starting the jar tool's JVM to read its
// manifest; it still fails when the jar is missing.
func TestPickJarTrustsTheBuildFilesMainClass(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "target"), 0o755); err != nil {
		t.Fatal(err)
	}
	// not a zip: the jar tool would find no manifest in it
	if err := os.WriteFile(filepath.Join(dir, "target/app-1.jar"), []byte("jar"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		ok   bool
	}{{"app-1.jar", true}, {"missing.jar", false}} {
		run := exec.Command("sh", "-c", pickJar, "pick-jar.sh", "target", c.name, filepath.Join(dir, "out/app.jar"), "com.example.Main")
		run.Dir = dir
		if out, err := run.CombinedOutput(); (err == nil) != c.ok {
			t.Errorf("%s: %v\n%s", c.name, err, out)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "out/app.jar")); err != nil || string(b) != "jar" {
		t.Errorf("out/app.jar: %q, %v", b, err)
	}
}
