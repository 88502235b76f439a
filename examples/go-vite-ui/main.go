// beacon reports the state of a few checks as JSON under /api/, and serves its web UI (ui/, a
// Vite app embedded in the binary) for every other path.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"os"
	"time"

	"example.com/beacon/ui"
)

type check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

func main() {
	addr := flag.String("addr", ":8080", "address to listen on")
	flag.Parse()
	started := time.Now()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/status", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(map[string]any{
			"uptime": time.Since(started).Round(time.Second).String(),
			"checks": []check{
				{"disk-space", true, "41% used"},
				{"backup-age", true, "last backup 3h ago"},
				{"cert-expiry", false, "expires in 6 days"},
			},
		})
	})
	mux.Handle("/", app(ui.Files()))

	log.Printf("beacon listening on %s as uid %d", *addr, os.Getuid())
	log.Fatal(http.ListenAndServe(*addr, gzipped(mux)))
}
