// Command pages serves a page from templates/ and files from static/, both read from its
// working directory at run time, as many Go servers do, and notes/ through its package notes.
package main

import (
	"flag"
	"html/template"
	"log"
	"net/http"
	"os"

	"example.com/pages/internal/notes"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	pages := template.Must(template.ParseGlob("templates/*.html"))
	http.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("static"))))
	http.Handle("/notes/", notes.Handler())
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if err := pages.ExecuteTemplate(w, "index.html", r.URL.Query().Get("name")); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	log.Printf("pages listening on %s as uid %d", *addr, os.Getuid())
	log.Fatal(http.ListenAndServe(*addr, nil))
}
