package main

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

var site = fstest.MapFS{
	"index.html":           {Data: []byte(`<div id="root"></div>`)},
	"assets/index-Ab12.js": {Data: []byte(strings.Repeat("console.log('beacon');", 50))},
	"favicon.svg":          {Data: []byte("<svg/>")},
}

func get(t *testing.T, h http.Handler, url string, gz bool) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, url, nil)
	if gz {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRoutesFallBackToIndex(t *testing.T) {
	h := app(site)
	for _, url := range []string{"/", "/checks/disk-space"} {
		resp := get(t, h, url, false)
		if b := body(t, resp); resp.StatusCode != http.StatusOK || b != `<div id="root"></div>` {
			t.Errorf("%s: %d %q, want index.html", url, resp.StatusCode, b)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("%s: Cache-Control %q, want no-cache", url, cc)
		}
	}
}

func TestHashedAssets(t *testing.T) {
	h := app(site)
	resp := get(t, h, "/assets/index-Ab12.js", false)
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("asset: %d %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	if resp := get(t, h, "/assets/gone-Zz99.js", false); resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing asset: %d, want 404", resp.StatusCode)
	}
}

func TestGzipWhenAsked(t *testing.T) {
	h := gzipped(app(site))
	plain, zipped := get(t, h, "/assets/index-Ab12.js", false), get(t, h, "/assets/index-Ab12.js", true)
	if plain.Header.Get("Content-Encoding") != "" || zipped.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("encodings %q and %q", plain.Header.Get("Content-Encoding"), zipped.Header.Get("Content-Encoding"))
	}
	if body(t, plain) != body(t, zipped) {
		t.Errorf("the gzip'd body differs")
	}
}
