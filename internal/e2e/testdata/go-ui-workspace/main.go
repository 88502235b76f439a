// Command wsui serves the UI its package frontend embeds: a Vite app that is a package of the
// root's npm workspace and imports its sibling packages/greeting.
package main

import (
	"flag"
	"log"
	"net/http"

	"example.com/wsui/frontend"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	log.Printf("listening on %s", *addr)
	log.Fatal(http.ListenAndServe(*addr, http.FileServerFS(frontend.Files())))
}
