package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/spec"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// TestSchemaIsUpToDate regenerates the schema from the spec's types and comments and compares it
// with the committed spec/schema.json.
func TestSchemaIsUpToDate(t *testing.T) {
	t.Chdir("..")
	want, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("spec/schema.json is stale: run `go generate ./spec` and commit it")
	}
	if again, _ := generate(); again != want {
		t.Error("two generations differ")
	}
	vocab, err := vocabulary()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile("vocabulary.go"); err != nil || string(got) != vocab {
		t.Errorf("spec/vocabulary.go is stale (the providers' registry changed): run `go generate ./spec` and commit it (%v)", err)
	}
}

func compile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	dt, err := os.ReadFile(filepath.Join("..", "schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(dt))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaURL, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(SchemaURL)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// asJSON reads YAML as an editor's language server does: into JSON values.
func asJSON(t *testing.T, src string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatal(err)
	}
	dt, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(dt))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSchemaAgreesWithTheParser: specs the parser accepts validate, and the schema refuses what
// the parser refuses for its shape (an editor flags it before a build does).
func TestSchemaAgreesWithTheParser(t *testing.T) {
	s := compile(t)
	examples, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*", "Dockerfile"))
	valid := []string{`# syntax=org/multistage-frontend
# check=skip=RootUser
# yaml-language-server: $schema=` + SchemaURL + `
language: go
version: 1.20
entrypoint: ./cmd/server
runtime: scratch
test: go test -race ./...
user: 1000
ports: [8080, "53/udp"]
env:
  B: two
  A: 1
  DEBUG: true
args: {VERSION: dev}
cmd: --port 8080 "--name=a b"
workdir: /srv
labels: {org.opencontainers.image.vendor: acme}
healthcheck:
  test: [/srv/server, -health]
  interval: 1m30s
  retries: 3
files: [config.yaml, {src: static, dest: /srv/www}]
binaries: [./cmd/server, {package: ./cmd/ctl, name: ctl}]
cgo: true
build:
  image: golang:1.20-bookworm
  command: [go, build, -o, /out/server, ./cmd/server]
  env: {GOFLAGS: -mod=mod}
  secrets: [netrc, {id: token, env: GITHUB_TOKEN, required: true}]
  ssh: [default]
  packages: [gcc, libpq-dev=15.1]
  ldflags: -X main.version=${VERSION}
`, "language: java\njvm_options: [-XX:MaxRAMPercentage=75]\n", "language: go\nname: etcd\ncgo: false\n", "language: go\ntest: false\n", "{}\n", "user: \"1000:1000\"\ncmd: [a, b]\nhealthcheck: {test: curl -f localhost || exit 1}\n"}
	for _, ex := range examples {
		dt, err := os.ReadFile(ex)
		if err != nil {
			t.Fatal(err)
		}
		valid = append(valid, string(dt))
	}
	for _, src := range valid {
		if _, err := spec.Parse("Dockerfile", []byte(src)); err != nil {
			t.Fatalf("the parser refuses %q: %v", src, err)
		}
		if err := s.Validate(asJSON(t, src)); err != nil {
			t.Errorf("the schema refuses a valid spec %q: %v", src, err)
		}
	}
	for _, src := range []string{
		"entrypiont: ./cmd/server\n",
		"language: cobol\n",
		"ports: [80800]\n",
		"ports: [\"53/icmp\"]\n",
		"test: true\n",
		"test: []\n",
		"env: {bad-name: x}\n",
		"env: {A: [1, 2]}\n",
		"labels: {\"with space\": x}\n",
		"healthcheck: {interval: 30s}\n",
		"healthcheck: {test: [x], interval: soon}\n",
		"files: [{dest: /x}]\n",
		"binaries: []\n",
		"binaries: [{name: x}]\n",
		"name: -x\n",
		"cgo: yes please\n",
		"build: {secrets: [{env: TOKEN}]}\n",
		"build: {secrets: [\"a b\"]}\n",
		"build: {unknown: 1}\n",
	} {
		if _, err := spec.Parse("Dockerfile", []byte(src)); err == nil {
			t.Fatalf("the parser accepts %q", src)
		}
		if err := s.Validate(asJSON(t, src)); err == nil {
			t.Errorf("the schema accepts %q, which the parser refuses", strings.TrimSpace(src))
		}
	}
}
