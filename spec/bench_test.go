package spec

import (
	"os"
	"path/filepath"
	"testing"
)

// fullSpec uses every field, so parsing it walks every decoder and validator.
const fullSpec = `# syntax=org/multistage-frontend
language: go
version: "1.26"
entrypoint: ./cmd/server
runtime: alpine
test: [go, test, -race, ./...]
user: "1000:1000"
ports: [8080, "53/udp"]
env: {APP_ENV: production, VERSION: "${VERSION}"}
args: {VERSION: dev}
cmd: [--addr, ":8080"]
workdir: /srv
labels: {org.opencontainers.image.version: "${VERSION}"}
healthcheck: {test: [/usr/local/bin/server, -health, "http://127.0.0.1:8080/healthz"], interval: 30s, timeout: 3s, start_period: 5s, retries: 3}
files: [config.yaml, {src: static, dest: /srv/www}]
packages: [ca-certificates, tzdata]
build:
  image: golang:1.26
  command: go build -o /out/server ./cmd/server
  env: {GOEXPERIMENT: loopvar}
  secrets: [netrc, {id: token, env: TOKEN, required: true}]
  ssh: [default]
  packages: [git]
`

// BenchmarkParse: the examples' specs and one with every field.
func BenchmarkParse(b *testing.B) {
	inputs := map[string][]byte{"full": []byte(fullSpec)}
	matches, _ := filepath.Glob("../examples/*/Dockerfile")
	for _, m := range matches {
		if dt, err := os.ReadFile(m); err == nil {
			inputs[filepath.Base(filepath.Dir(m))] = dt
		}
	}
	for _, name := range []string{"go", "python", "full"} {
		data, ok := inputs[name]
		if !ok {
			continue
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Parse("Dockerfile", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestFullSpecParses(t *testing.T) {
	if _, err := Parse("Dockerfile", []byte(fullSpec)); err != nil {
		t.Fatal(err)
	}
}
