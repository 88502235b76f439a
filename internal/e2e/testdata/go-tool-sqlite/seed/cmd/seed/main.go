// Command seed fills a development database with sample orders: `go tool seed dev.db`.
package main

import (
	"log"
	"os"

	"example.com/seed/store"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: seed FILE.db")
	}
	db, err := store.Open(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	for _, o := range []struct {
		item       string
		qty, cents int
	}{{"espresso machine", 2, 18900}, {"grinder", 1, 9900}} {
		if _, err := db.Exec(`INSERT INTO orders VALUES (?, ?, ?)`, o.item, o.qty, o.cents); err != nil {
			log.Fatal(err)
		}
	}
}
