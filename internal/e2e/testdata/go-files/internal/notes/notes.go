// Package notes serves the notes/ directory of the working directory on a chi router: a
// package other than the main one that names a path the server reads.
package notes

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

// Handler serves the files of notes/.
func Handler() http.Handler {
	r := chi.NewRouter()
	r.Handle("/notes/*", http.StripPrefix("/notes/", http.FileServer(http.Dir("notes"))))
	return r
}
