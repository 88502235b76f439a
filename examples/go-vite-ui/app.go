package main

import (
	"compress/gzip"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// app serves a single-page app from files: a file as it is; any other path, a route of the
// app, as index.html. Vite's hashed assets (/assets/) never change and are cached for a year,
// and one that is missing is a 404, not index.html; everything else is revalidated each time.
func app(files fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		st, err := fs.Stat(files, name)
		exists := err == nil && !st.IsDir()
		switch {
		case strings.HasPrefix(name, "assets/") && exists:
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		case strings.HasPrefix(name, "assets/"):
			http.NotFound(w, r)
			return
		case exists:
			w.Header().Set("Cache-Control", "no-cache")
		default:
			w.Header().Set("Cache-Control", "no-cache")
			name = "index.html"
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		http.ServeFileFS(w, r, files, name)
	})
}

// gzipped compresses answers for clients that accept gzip.
func gzipped(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			next.ServeHTTP(w, r)
			return
		}
		r.Header.Del("Range") // ranges of the uncompressed file would not fit the compressed answer
		zw := gzip.NewWriter(w)
		defer zw.Close()
		next.ServeHTTP(&gzipWriter{ResponseWriter: w, zw: zw}, r)
	})
}

type gzipWriter struct {
	http.ResponseWriter
	zw          *gzip.Writer
	wroteHeader bool
}

func (g *gzipWriter) WriteHeader(code int) {
	if !g.wroteHeader {
		g.wroteHeader = true
		g.Header().Del("Content-Length") // the length of the uncompressed body
		g.Header().Set("Content-Encoding", "gzip")
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.wroteHeader {
		g.WriteHeader(http.StatusOK)
	}
	return g.zw.Write(b)
}
