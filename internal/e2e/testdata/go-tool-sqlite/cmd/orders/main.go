// Command orders serves the order totals of a small shop. Its data is seeded in development by
// `go tool seed`, a tool of its own module (seed/) that writes a SQLite file; the server itself
// keeps its orders in memory and needs no cgo.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"os"

	"example.com/orders/internal/orders"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	book := orders.NewBook()
	book.Add("espresso machine", 2, 18900)
	book.Add("grinder", 1, 9900)
	http.HandleFunc("GET /api/total", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]int{"cents": book.Total()})
	})
	log.Printf("orders listening on %s as uid %d", *addr, os.Getuid())
	log.Fatal(http.ListenAndServe(*addr, nil))
}
