package lang

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
)

// TestContextReaderLeavesOutTheDockerignored: the command line reads a directory as BuildKit
// sends it as the context: a file or directory its .dockerignore excludes is absent, a pattern's
// exception (`!`) brings a file back below an excluded directory, and without a .dockerignore
// everything is read.
func TestContextReaderLeavesOutTheDockerignored(t *testing.T) {
	dir := tree.Write(t, map[string]string{
		".dockerignore":      "Dockerfile\nsettings.json\ndocs\nvendor/**\n!vendor/keep.txt\n",
		"Dockerfile":         "FROM node:22\nWORKDIR /opt/app\nVOLUME /opt/app/var\n",
		"docker-compose.yml": "services:\n  app:\n    volumes: [\"v:/opt/app/var\"]\n",
		"settings.json":      "{}",
		"package.json":       "{}",
		"docs/index.md":      "# docs",
		"vendor/keep.txt":    "kept",
		"vendor/drop.txt":    "dropped",
	})
	names := []string{"Dockerfile", "docker-compose.yml", "settings.json", "package.json", "docs/*.md", "vendor/*.txt"}
	read, err := ContextReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	f, err := read(names, MaxContextReads)
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(maps.Keys(f))
	if want := []string{"docker-compose.yml", "package.json", "vendor/keep.txt"}; !slices.Equal(got, want) {
		t.Errorf("read %q, want %q", got, want)
	}
	if v := ProjectVolumes(f, "/app"); len(v) != 0 {
		t.Errorf("volumes %v from a Dockerfile the context does not hold", v)
	}

	os.Remove(filepath.Join(dir, ".dockerignore"))
	read, _ = ContextReader(dir)
	if f, _ = read(names, MaxContextReads); len(f) != 7 {
		t.Errorf("without a .dockerignore, %d files read, want 7", len(f))
	}
}

// TestContextReaderReadsTheIgnoreFile: planning reads the .dockerignore BuildKit applies also
// when it leaves itself out of the context (Shaarli's lists `.dockerignore`), and a directory
// whose contents it leaves out is there, empty, as BuildKit sends it (a probe finds it).
func TestContextReaderReadsTheIgnoreFile(t *testing.T) {
	const ignore = ".dockerignore\ndata/*\n"
	dir := tree.Write(t, map[string]string{".dockerignore": ignore, "data/log.txt": "x", "index.php": "<?php\n"})
	read, err := ContextReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	f, err := read([]string{IgnoreFile, Probe("data"), "data/log.txt"}, MaxContextReads)
	if err != nil {
		t.Fatal(err)
	}
	if f.Text(IgnoreFile) != ignore || !f.HasDir("data") || f.Has("data/log.txt") {
		t.Errorf("read %q: want the .dockerignore, data/ and not data/log.txt", slices.Sorted(maps.Keys(f)))
	}
	if f, _ := read([]string{"index.php"}, MaxContextReads); f.Has(IgnoreFile) {
		t.Errorf("read %q: the .dockerignore, which was not asked for", slices.Sorted(maps.Keys(f)))
	}
}

// TestInExamples: a directory at or below a repository's examples or samples, whole names or
// suffixes (xxl-job-executor-samples); other names holding the word are not.
func TestInExamples(t *testing.T) {
	for dir, want := range map[string]bool{
		"examples/http-server": true, "_examples/a": true, "sample": true, "xxl-job-executor-samples/boot": true,
		"site_examples": true, "docs/site-example": true, "__samples": true,
		"site": false, "examples-app": false, "sampler": false, "app/samplesvc": false, ".": false,
	} {
		if got := InExamples(dir); got != want {
			t.Errorf("InExamples(%q) = %v, want %v", dir, got, want)
		}
	}
}
