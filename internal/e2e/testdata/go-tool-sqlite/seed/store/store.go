// Package store opens the development database that seed fills: a SQLite file.
package store

import (
	"database/sql"

	_ "github.com/mattn/go-sqlite3" // the database/sql driver "sqlite3"
)

// Open opens (or creates) the SQLite file at path with the orders table.
func Open(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		return nil, err
	}
	_, err = db.Exec(`CREATE TABLE IF NOT EXISTS orders (item TEXT NOT NULL, qty INTEGER NOT NULL, cents INTEGER NOT NULL)`)
	return db, err
}
