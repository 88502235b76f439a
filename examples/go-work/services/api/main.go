// Command api is the shop's HTTP API: it answers greetings, each with a request id.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"os"

	"example.com/shop/greet"
	"github.com/google/uuid"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	http.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	http.HandleFunc("/", handler)
	log.Printf("listening on %s as uid %d", *addr, os.Getuid())
	log.Fatal(http.ListenAndServe(*addr, nil))
}

func handler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Request-Id", uuid.NewString())
	json.NewEncoder(w).Encode(map[string]string{"message": greet.Message(r.URL.Query().Get("name"))})
}
