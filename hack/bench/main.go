// Command bench measures the frontend against hand-written Dockerfiles (internal/bench) and
// prints the table; with -doc it also writes it into docs/benchmarks.md. `make bench` runs it
// through hack/bench.sh, which sets up the testbed first.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/org/multistage-frontend/internal/bench"
)

func main() {
	rounds := flag.Int("n", 3, "rounds: samples per row (the table shows medians)")
	only := flag.String("only", "", "comma-separated examples to run (default: all)")
	doc := flag.String("doc", "", "Markdown file whose generated section gets the table")
	logs := flag.String("logs", "", "directory for the progress output of every build")
	command := flag.String("command", "", "the command to record in the document (default: this one)")
	quick := flag.Bool("quick", false, "sanity check: only no-change rebuilds and sizes, on $BUILDKIT_HOST")
	rootDir := flag.String("root", ".", "the repository (examples/, bench/)")
	flag.Parse()

	root, err := filepath.Abs(*rootDir)
	if err != nil {
		fail(err.Error())
	}
	cfg := bench.Config{
		Root:        root,
		Registry:    os.Getenv("MSF_REGISTRY"),
		FrontendTag: os.Getenv("MSF_FRONTEND_TAG"),
		Rounds:      *rounds,
		Log:         os.Stderr,
		LogDir:      *logs,
		Quick:       *quick,
		Shared:      os.Getenv("BUILDKIT_HOST"),
	}
	if cfg.Quick && cfg.Shared == "" {
		fail("-quick builds on $BUILDKIT_HOST, which is unset")
	}
	if cfg.Registry == "" {
		fail("MSF_REGISTRY is unset: eval \"$(hack/testbed.sh env)\" first, or run make bench")
	}
	for _, e := range bench.Examples {
		if *only == "" || contains(strings.Split(*only, ","), e.Name) {
			cfg.Examples = append(cfg.Examples, e)
		}
	}
	if *command == "" {
		*command = strings.Join(os.Args, " ")
	}
	if *logs != "" {
		if err := os.MkdirAll(*logs, 0o755); err != nil {
			fail(err.Error())
		}
	}
	machine := bench.Machine()
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	res, err := bench.Run(ctx, cfg)
	if err != nil {
		fail(err.Error())
	}
	text := fmt.Sprintf("Command: `%s`, run on %s.\n\nMachine: %s (load average at the end: %s).\n\n%s",
		*command, time.Now().UTC().Format("2006-01-02"), machine, bench.Load(), bench.Table(res))
	fmt.Println(text)
	if *doc != "" {
		if err := bench.WriteDoc(*doc, text); err != nil {
			fail(err.Error())
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.TrimSpace(x) == s {
			return true
		}
	}
	return false
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "bench:", msg)
	os.Exit(1)
}
