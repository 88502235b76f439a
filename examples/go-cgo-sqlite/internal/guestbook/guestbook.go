// Package guestbook counts visitors by name in a SQLite database (github.com/mattn/go-sqlite3,
// which compiles SQLite's C sources with cgo).
package guestbook

import (
	"database/sql"
	"fmt"

	_ "github.com/mattn/go-sqlite3" // the "sqlite3" driver
)

// Book is a guestbook stored in one SQLite file.
type Book struct {
	db *sql.DB
}

// Open opens (or creates) the guestbook at path.
func Open(path string) (*Book, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_busy_timeout=5000")
	if err != nil {
		return nil, err
	}
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS visits (name TEXT PRIMARY KEY, count INTEGER NOT NULL)`); err != nil {
		db.Close()
		return nil, fmt.Errorf("creating the visits table in %s: %w", path, err)
	}
	return &Book{db: db}, nil
}

// Visit records a visit of name and returns how many times name has visited.
func (b *Book) Visit(name string) (int, error) {
	var n int
	err := b.db.QueryRow(`INSERT INTO visits (name, count) VALUES (?, 1)
		ON CONFLICT(name) DO UPDATE SET count = count + 1 RETURNING count`, name).Scan(&n)
	return n, err
}

// SQLiteVersion is the version of the SQLite library compiled in.
func (b *Book) SQLiteVersion() (string, error) {
	var v string
	err := b.db.QueryRow(`SELECT sqlite_version()`).Scan(&v)
	return v, err
}

// Close closes the database.
func (b *Book) Close() error { return b.db.Close() }
