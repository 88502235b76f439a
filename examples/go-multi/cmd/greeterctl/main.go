// Command greeterctl asks a greeter server for a greeting.
package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"

	"example.com/greeter/internal/greeting"
	"github.com/spf13/pflag"
)

// version is set at build time: go build -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	server := pflag.StringP("server", "s", "http://localhost:8080", "the greeter's URL")
	name := pflag.StringP("name", "n", "", "who to greet")
	showVersion := pflag.Bool("version", false, "print the version and exit")
	pflag.Parse()
	if *showVersion {
		fmt.Println(version)
		return
	}
	resp, err := http.Get(*server + "/?name=" + url.QueryEscape(*name))
	if err != nil {
		fmt.Fprintln(os.Stderr, "greeterctl:", err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	var g greeting.Greeting
	if err := json.NewDecoder(resp.Body).Decode(&g); err != nil {
		fmt.Fprintln(os.Stderr, "greeterctl: reading the answer:", err)
		os.Exit(1)
	}
	fmt.Printf("%s (greeter %s, greeterctl %s)\n", g.Message, g.Version, version)
}
