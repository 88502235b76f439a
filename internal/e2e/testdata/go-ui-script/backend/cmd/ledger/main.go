// Command ledger serves a small expense ledger: its JSON API and the UI that
// backend/internal/web embeds (the fallback page when the UI was not built).
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"os"

	"example.com/ledger/internal/web"
)

type entry struct {
	Item  string `json:"item"`
	Cents int    `json:"cents"`
}

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	ui, built, err := web.FrontendFS()
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/entries", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode([]entry{{"coffee beans", 1450}, {"train ticket", 3200}})
	})
	mux.Handle("/", http.FileServerFS(ui))
	log.Printf("ledger listening on %s as uid %d (UI built: %v)", *addr, os.Getuid(), built)
	log.Fatal(http.ListenAndServe(*addr, mux))
}
