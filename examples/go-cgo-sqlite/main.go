// Command guestbook greets visitors over HTTP and counts their visits in SQLite.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"os"

	"example.com/guestbook/internal/guestbook"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	dbPath := flag.String("db", "/tmp/guestbook.db", "SQLite database file (mount a volume and point this at it to keep the visits)")
	flag.Parse()

	book, err := guestbook.Open(*dbPath)
	if err != nil {
		log.Fatal(err)
	}
	defer book.Close()
	version, err := book.SQLiteVersion()
	if err != nil {
		log.Fatal(err)
	}

	http.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("name")
		if name == "" {
			name = "world"
		}
		visits, err := book.Visit(name)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(struct {
			Message string `json:"message"`
			Visits  int    `json:"visits"`
		}{"hello, " + name, visits})
	})
	log.Printf("listening on %s as uid %d (SQLite %s, database %s)", *addr, os.Getuid(), version, *dbPath)
	log.Fatal(http.ListenAndServe(*addr, nil))
}
