// Package tree writes build contexts on disk for tests. It imports nothing of the frontend, so
// that package lang's own tests use it as the providers' tests do.
package tree

import (
	"os"
	"path/filepath"
	"testing"
)

// Write writes files (a slash-separated name to its content) into a new temporary directory,
// which it returns: a build context on disk, read as planning reads one, where a directory is a
// directory (a context held in memory, langtest.Gathered, has none).
func Write(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	WriteIn(t, dir, files)
	return dir
}

// WriteIn writes files (a slash-separated name to its content) into dir, making their
// directories: a context on disk that holds more than the files, or files given as bytes.
func WriteIn[M ~map[string]V, V ~[]byte | ~string](t testing.TB, dir string, files M) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
