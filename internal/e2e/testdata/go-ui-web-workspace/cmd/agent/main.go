// Command agent is the other program: it serves the UI its package web/agent embeds. An image
// of hub alone does not build that UI (its tests do); an image of both programs builds both.
package main

import (
	"flag"
	"io/fs"
	"log"
	"net/http"

	"example.com/relay/web/agent"
)

func main() {
	addr := flag.String("addr", ":8081", "listen address")
	flag.Parse()
	ui, err := fs.Sub(agent.UI, "dist")
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("%s listening on %s", role, *addr)
	log.Fatal(http.ListenAndServe(*addr, http.FileServerFS(ui)))
}
