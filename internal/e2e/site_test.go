package e2e

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// page is one answer of a site.
type page struct {
	status int
	header http.Header
	body   string // decompressed when it came gzip'd
}

// fetch GETs url, gzip'd when asked, and reads the whole answer.
func fetch(t *testing.T, client *http.Client, url string, gzipped bool) (page, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if gzipped {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := client.Do(req)
	if err != nil {
		return page{}, err
	}
	defer resp.Body.Close()
	var body io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatalf("%s: a gzip answer that is not gzip: %v", url, err)
		}
		body = zr
	}
	var b bytes.Buffer
	if _, err := b.ReadFrom(body); err != nil {
		t.Fatalf("%s: reading the answer: %v", url, err)
	}
	return page{resp.StatusCode, resp.Header, b.String()}, nil
}

// waitFor polls url until it answers 200, then returns that answer.
func waitFor(t *testing.T, client *http.Client, url string, within time.Duration, logs func() string) page {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		p, err := fetch(t, client, url, false)
		if err == nil && p.status == http.StatusOK {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer 200 within %s: %v (status %d)\ncontainer logs:\n%s", url, within, err, p.status, logs())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

var scriptAsset = regexp.MustCompile(`<script[^>]+src="(/assets/[^"]+\.js)"`)

// checkSPA asks a server of a Vite single-page app for what the app needs: index.html,
// revalidated on every request; a deep route of the app answered with index.html; a hashed asset
// cached for a year and gzip'd when asked (only then); a missing asset a 404, not the app's HTML.
// It returns the answer for /.
func checkSPA(t *testing.T, client *http.Client, base, route string, logs func() string) page {
	t.Helper()
	index := waitFor(t, client, base+"/", 30*time.Second, logs)
	if !strings.Contains(index.body, `<div id="root">`) || !strings.HasPrefix(index.header.Get("Content-Type"), "text/html") ||
		!strings.Contains(index.header.Get("Cache-Control"), "no-cache") {
		t.Errorf("GET /: %s %q\n%s", index.header.Get("Content-Type"), index.header.Get("Cache-Control"), index.body)
	}
	deep, err := fetch(t, client, base+route, false)
	if err != nil || deep.status != http.StatusOK || deep.body != index.body || deep.header.Get("Cache-Control") != index.header.Get("Cache-Control") {
		t.Errorf("GET %s (a route of the app): %v %d %q, want index.html\n%s", route, err, deep.status, deep.header.Get("Cache-Control"), deep.body)
	}

	m := scriptAsset.FindStringSubmatch(index.body)
	if m == nil {
		t.Fatalf("index.html names no /assets/*.js script:\n%s", index.body)
	}
	plain, err := fetch(t, client, base+m[1], false)
	if err != nil || plain.status != http.StatusOK || plain.header.Get("Content-Encoding") != "" || len(plain.body) < 1000 {
		t.Fatalf("GET %s: %v %d encoding %q, %d bytes", m[1], err, plain.status, plain.header.Get("Content-Encoding"), len(plain.body))
	}
	zipped, err := fetch(t, client, base+m[1], true)
	if err != nil || zipped.status != http.StatusOK || zipped.header.Get("Content-Encoding") != "gzip" || zipped.body != plain.body {
		t.Errorf("GET %s with Accept-Encoding: gzip: %v %d encoding %q, same body %v", m[1], err, zipped.status,
			zipped.header.Get("Content-Encoding"), zipped.body == plain.body)
	}
	for _, p := range []page{plain, zipped} {
		if cc := p.header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") || !strings.Contains(cc, "immutable") {
			t.Errorf("GET %s: Cache-Control %q, want a year, immutable", m[1], cc)
		}
	}
	if !strings.Contains(zipped.header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("GET %s gzip'd: Vary %q, want Accept-Encoding (caches must keep both forms)", m[1], zipped.header.Get("Vary"))
	}
	missing, err := fetch(t, client, base+"/assets/missing-0123abcd.js", false)
	if err != nil || missing.status != http.StatusNotFound {
		t.Errorf("GET a missing asset: %v %d, want 404\n%s", err, missing.status, missing.body)
	}
	return index
}
