package guestbook

import (
	"path/filepath"
	"testing"
)

func TestVisitsAreCountedPerName(t *testing.T) {
	b, err := Open(filepath.Join(t.TempDir(), "book.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for i, name := range []string{"ada", "bob", "ada", "ada"} {
		n, err := b.Visit(name)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]int{0: 1, 1: 1, 2: 2, 3: 3}[i]
		if n != want {
			t.Errorf("visit %d of %s: count %d, want %d", i, name, n, want)
		}
	}
	if v, err := b.SQLiteVersion(); err != nil || v == "" {
		t.Errorf("sqlite version %q: %v", v, err)
	}
}
