package bench

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Work is the dependency work a build's steps report in their output: dependencies downloaded
// and compiled (not the project's own packages or crates).
type Work struct {
	Downloads, Compiles int
}

var (
	// Go: the go command names each module it fetches; with -v (GOFLAGS=-v, which the Go
	// examples pass) go build names each package it compiles, and only those.
	goDownload = regexp.MustCompile(`^go: downloading `)
	goPackage  = regexp.MustCompile(`^[A-Za-z0-9_.~+-]+(/[A-Za-z0-9_.~+-]+)*$`)
	goModule   = regexp.MustCompile(`(?m)^module\s+"?([^\s"]+)"?\s*$`)
	// Cargo names each crate it downloads and compiles; a workspace crate with its path.
	cargoDownload = regexp.MustCompile(`^\s*Downloaded \S+ v`)
	cargoCompile  = regexp.MustCompile(`^\s*Compiling \S+ v\S+$`)
	// pip names each distribution it downloads (a cached one is "Using cached").
	pipDownload = regexp.MustCompile(`^\s*Downloading \S`)
	// npm sums up what it installed.
	npmAdded = regexp.MustCompile(`\badded (\d+) packages?\b`)
)

// work reads the output of the steps that ran in a build (Maven's downloads are counted at the
// mirror instead: -ntp keeps them out of the output). dir is the build context.
func (ex Example) work(dir string, tl *timeline) Work {
	var w Work
	module := ""
	if ex.Lang == "go" {
		if dt, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
			if m := goModule.FindSubmatch(dt); m != nil {
				module = string(m[1])
			}
		}
	}
	for _, s := range tl.steps {
		if !stepName.MatchString(s.name) || s.cached || s.started.Before(tl.start) {
			continue
		}
		sc := bufio.NewScanner(strings.NewReader(string(s.log)))
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := strings.TrimRight(sc.Text(), "\r")
			switch ex.Lang {
			case "go":
				switch {
				case goDownload.MatchString(line):
					w.Downloads++
				case goPackage.MatchString(line) && line != module && !strings.HasPrefix(line, module+"/"):
					w.Compiles++
				}
			case "rust":
				switch {
				case cargoDownload.MatchString(line):
					w.Downloads++
				case cargoCompile.MatchString(line):
					w.Compiles++
				}
			case "python":
				if pipDownload.MatchString(line) {
					w.Downloads++
				}
			case "node":
				if m := npmAdded.FindStringSubmatch(line); m != nil {
					w.Downloads += atoi(m[1])
				}
			}
		}
	}
	return w
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
