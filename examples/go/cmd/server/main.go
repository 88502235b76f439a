// Command server answers greetings over HTTP.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"os"

	"example.com/hello/internal/greet"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	health := flag.String("health", "", "probe this URL and exit 0 if it answers 200 (for HEALTHCHECK)")
	flag.Parse()
	if *health != "" {
		resp, err := http.Get(*health)
		if err != nil || resp.StatusCode != http.StatusOK {
			os.Exit(1)
		}
		return
	}

	http.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(greet.For(r.URL.Query().Get("name")))
	})
	log.Printf("listening on %s as uid %d", *addr, os.Getuid())
	log.Fatal(http.ListenAndServe(*addr, nil))
}
