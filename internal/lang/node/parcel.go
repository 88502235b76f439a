package node

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// Parcel builds a web page from its HTML entries (`parcel build src/index.html`, or package.json's
// `source` when the command names none) into dist/ (`--dist-dir`, or targets.default.distDir),
// every bundle named with an eight-digit content hash (`index.3c9b3a4f.js`) unless
// `--no-content-hash`: a static site, as Parcel's docs deploy it (deiucanta/chatpad, whose own
// image serves dist/ with nginx). Entries that are scripts build a library, not a site.

// parcelBuild is `parcel build` and the words after it, up to a shell operator.
var parcelBuild = regexp.MustCompile(`\bparcel\s+build\b([^&|;]*)`)

// parcelValueFlags are the options of `parcel build` that take the next word.
var parcelValueFlags = []string{"--dist-dir", "--public-url", "--log-level", "--cache-dir", "--config", "--target",
	"--reporter", "--port", "--host", "--cert", "--key", "--watch-dir", "--lazy", "--profile-after", "--trace"}

// parcelArgs are what a build script's `parcel build` says: its entries, its --dist-dir and
// --public-url, and whether it hashes its bundles' names. false when it runs no `parcel build`.
type parcelArgs struct {
	entries          []string
	distDir, baseURL string
	noHash           bool
}

func readParcelArgs(script string) (parcelArgs, bool) {
	sm := parcelBuild.FindStringSubmatch(script)
	if sm == nil {
		return parcelArgs{}, false
	}
	var a parcelArgs
	words := strings.Fields(sm[1])
	for i := 0; i < len(words); i++ {
		w := words[i]
		name, value, hasValue := strings.Cut(w, "=")
		switch {
		case !strings.HasPrefix(w, "-"):
			a.entries = append(a.entries, strings.Trim(w, `"'`))
			continue
		case name == "--no-content-hash":
			a.noHash = true
			continue
		case !hasValue && slices.Contains(parcelValueFlags, name) && i+1 < len(words):
			i++
			value = words[i]
		case !hasValue:
			continue
		}
		switch name {
		case "--dist-dir":
			a.distDir = strings.Trim(value, `"'`)
		case "--public-url":
			a.baseURL = strings.Trim(value, `"'`)
		}
	}
	return a, true
}

// parcelSite reports a project whose build script runs `parcel build` on HTML entries only.
func parcelSite(_ lang.Facts, m manifest) bool {
	a, ok := readParcelArgs(siteBuildScript(m))
	if !ok {
		return false
	}
	entries := a.entries
	if len(entries) == 0 {
		entries = m.Source
	}
	for _, e := range entries {
		if !strings.HasSuffix(e, ".html") && !strings.HasSuffix(e, ".htm") {
			return false
		}
	}
	return len(entries) > 0
}

// parcelSiteTool is the Parcel tool with the project's output directory and hashing.
func parcelSiteTool(m manifest, t siteTool) siteTool {
	a, _ := readParcelArgs(siteBuildScript(m))
	if out := cleanOut(cmp.Or(a.distDir, m.DistDir)); out != "" {
		t.out = out
	}
	if a.noHash {
		t.pattern = ""
	}
	return t
}

// parcelBase is the path --public-url builds the site for, "" for the root or a URL.
func parcelBase(script string) string {
	a, _ := readParcelArgs(script)
	if strings.HasPrefix(a.baseURL, "/") {
		return a.baseURL
	}
	return ""
}
