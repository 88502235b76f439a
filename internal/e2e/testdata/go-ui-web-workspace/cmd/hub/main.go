// Command hub serves the UI its package web/hub embeds; it compiles only with the tag hub,
// which the Makefile's line building it gives.
package main

import (
	"flag"
	"io/fs"
	"log"
	"net/http"

	"example.com/relay/web/hub"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	ui, err := fs.Sub(hub.UI, "dist")
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("%s listening on %s", role, *addr)
	log.Fatal(http.ListenAndServe(*addr, http.FileServerFS(ui)))
}
