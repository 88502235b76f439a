package golang

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// The tags of the Makefile's go build reach the build: its first recipe line running go build
// or go install with -tags, its variables expanded, what make computes left out.
func TestMakefileBuildTags(t *testing.T) {
	for _, tc := range []struct {
		name, makefile string
		want           string // the tags, comma-separated; "" for none
	}{
		{"a variable with a make function after it",
			"comma := ,\nGO_BUILD_TAGS=netgo,sqlite_fts5$(if $(EXTRA_BUILD_TAGS),$(comma)$(EXTRA_BUILD_TAGS))\n\nbuild:\n\tgo build -ldflags=\"-X main.version=$(VERSION)\" -tags=$(GO_BUILD_TAGS)\n",
			"netgo,sqlite_fts5"},
		{"quoted, space-separated, a ${VAR} and a ?= definition",
			"EXTRA ?= osusergo\n\nrelease:\n\t@CGO_ENABLED=0 go build -tags 'netgo ${EXTRA}' -o bin/relay ./cmd/relay\n",
			"netgo,osusergo"},
		{"go install, a continued line",
			"install:\n\tgo install \\\n\t\t-tags=embed_ui,prod \\\n\t\t./cmd/relay\n", "embed_ui,prod"},
		{"only go test has tags", "test:\n\tgo test -tags integration ./...\nbuild:\n\tgo build -o bin/relay .\n", ""},
		{"the first build's tags come to nothing", "TAGS ?=\n\nbuild:\n\tgo build -tags '$(TAGS)' ./cmd/relay\nrelease:\n\tgo build -tags 'grpcnotrace $(TAGS)' ./cmd/relay\n", ""},
		{"computed by the shell", "build:\n\tgo build -tags=$(shell ./tags.sh) .\n", ""},
		{"a variable from the environment", "build:\n\tgo build -tags=$(BUILD_TAGS) .\n", ""},
		{"a template, not a tag", "build:\n\tgo build -tags={{.Tags}} .\n", ""},
		{"a variable defined after the build line", "build:\n\tgo build -tags=$(TAGS) .\n\nTAGS = netgo\n", "netgo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tags, file := makefileTags(lang.Facts{"Makefile": []byte(tc.makefile)})
			if got := strings.Join(tags, ","); got != tc.want || (got != "" && file != "Makefile") {
				t.Errorf("tags %q from %q, want %q", got, file, tc.want)
			}
		})
	}
}

// A GoReleaser build without tags is the project's build: the Makefile's tags are not taken.
func TestGoReleaserWithoutTagsWinsOverTheMakefile(t *testing.T) {
	f := lang.Facts{"go.mod": []byte("module example.com/navi\n\ngo 1.26\n"), "main.go": []byte("package main\n"),
		"Makefile": []byte("build:\n\tgo build -tags=netgo,sqlite_fts5 .\n"), ".goreleaser.yml": []byte("builds:\n  - main: .\n")}
	if tags, file := projectTags(langtest.Spec(t, "language: go\n"), f); len(tags) > 0 {
		t.Errorf("tags %q from %s", tags, file)
	}
	delete(f, ".goreleaser.yml")
	if tags, file := projectTags(langtest.Spec(t, "language: go\n"), f); strings.Join(tags, ",") != "netgo,sqlite_fts5" || file != "Makefile" {
		t.Errorf("without GoReleaser: tags %q from %s", tags, file)
	}
}
