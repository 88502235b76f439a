package spec

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseFullSpec(t *testing.T) {
	src := `# syntax=org/multistage-frontend
# check=skip=RootUser
language: go
version: 1.20
entrypoint: ./cmd/server
runtime: scratch
test: go test -race ./...
user: "1000:1000"
ports: [8080, "53/udp"]
env:
  B: two
  A: 1
args: {VERSION: dev}
cmd: --port 8080 "--name=a b"
workdir: /srv
labels: {org.opencontainers.image.vendor: acme}
healthcheck:
  test: [/srv/server, -health]
  interval: 30s
  retries: 3
files: [config.yaml, {src: static, dest: /srv/www}]
build:
  image: golang:1.20-bookworm
  command: [go, build, -o, /out/server, ./cmd/server]
  env: {GOFLAGS: -mod=mod}
  secrets: [netrc, {id: token, env: GITHUB_TOKEN, required: true}]
`
	s, err := Parse("Dockerfile", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if s.Version != "1.20" {
		t.Errorf("version %q: a YAML float must keep its text", s.Version)
	}
	if s.Test.Shell != "go test -race ./..." || s.Build.Command.Exec[0] != "go" {
		t.Errorf("commands %+v %+v", s.Test, s.Build.Command)
	}
	if s.Env[0] != (KeyValue{"B", "two"}) || s.Env[1] != (KeyValue{"A", "1"}) {
		t.Errorf("env keeps order: %+v", s.Env)
	}
	if got := strings.Join(*s.Cmd, "|"); got != "--port|8080|--name=a b" {
		t.Errorf("cmd %q", got)
	}
	if s.Ports[0].String() != "8080/tcp" || s.Ports[1].String() != "53/udp" {
		t.Errorf("ports %v", s.Ports)
	}
	if s.Files[0].Src != "config.yaml" || s.Files[1].Dest != "/srv/www" {
		t.Errorf("files %+v", s.Files)
	}
	if sec := s.Build.Secrets[1]; sec.ID != "token" || sec.Env != "GITHUB_TOKEN" || !sec.Required {
		t.Errorf("secret %+v", sec)
	}
	if s.Healthcheck.Interval.Seconds() != 30 || s.Healthcheck.Retries != 3 {
		t.Errorf("healthcheck %+v", s.Healthcheck)
	}
	if p, _ := s.Pos("build.image"); p != (Pos{23, 3}) {
		t.Errorf("build.image at %+v", p)
	}
}

func TestMinimalSpecs(t *testing.T) {
	for _, src := range []string{"language: go\n", "# syntax=org/multistage-frontend\nlanguage: go\n", "# only comments\n", ""} {
		if _, err := Parse("Dockerfile", []byte(src)); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
	s, _ := Parse("Dockerfile", []byte("test: false\n"))
	if !s.Test.Disabled {
		t.Errorf("test: false should disable tests")
	}
	s, err := Parse("Dockerfile", []byte("language: go\nassets: false\n"))
	if err != nil || s.Assets == nil || !s.Assets.Disabled {
		t.Errorf("assets: false: %+v, %v", s.Assets, err)
	}
	s, err = Parse("Dockerfile", []byte("language: go\nassets: {dir: web, script: release}\n"))
	if err != nil || s.Assets.Dir != "web" || s.Assets.Script != "release" || s.Assets.Disabled {
		t.Errorf("assets as a mapping: %+v, %v", s.Assets, err)
	}
	if p, _ := s.Pos("assets.dir"); p.Line != 2 {
		t.Errorf("assets.dir at %+v", p)
	}
	s, err = Parse("Dockerfile", []byte("language: go\nassets:\n  - {dir: web/app}\n  - {dir: web/admin, script: release}\n"))
	if err != nil || s.Assets.Dir != "web/app" || len(s.Assets.More) != 1 || s.Assets.More[0].Dir != "web/admin" ||
		s.Assets.More[0].Script != "release" || s.Assets.Field(1) != "assets[1]" || len(s.Assets.All()) != 2 {
		t.Errorf("assets as a list: %+v, %v", s.Assets, err)
	}
	if p, _ := s.Pos("assets[1].dir"); p.Line != 4 {
		t.Errorf("assets[1].dir at %+v", p)
	}
	for src, want := range map[string]string{
		"assets: true\n":           "`assets: true` is not assets at Dockerfile:1:9",
		"assets: web\n":            "`assets` must be a mapping",
		"assets: {}\n":             "`assets`: needs `dir`",
		"assets: {dr: x}\n":        "unknown field `assets.dr`",
		"assets: []\n":             "`assets` is an empty list",
		"assets: [{dir: a}, {}]\n": "`assets[1]`: needs `dir`",
		"assets: [{dir: a}, {dir: b, output: a/dist}]\n":                  "`assets[1]`: writes a/dist, as `assets[0]` does",
		"assets: [{dir: a}, {dir: /b}]\n":                                 "assets[1].dir",
		"assets: [{dir: a}, false]\n":                                     "`assets[1]` must be a mapping",
		"assets: [{dir: a, into: web/dist}, {dir: b, into: web/dist/}]\n": "`assets[1]`: writes web/dist, as `assets[0]` does",
		"assets: {dir: a, into: ../web}\n":                                "assets.into",
		"assets: {dir: a, into: ./}\n":                                    "`assets.into`: must be a directory of the build",
	} {
		if _, err := Parse("Dockerfile", []byte(src)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", src, err, want)
		}
	}
}

func TestErrorsNameFileLineColumnAndSuggest(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"language: go\nentrypiont: ./cmd/server\n", "unknown field `entrypiont` at Dockerfile:2:1, did you mean `entrypoint`?"},
		{"language: go\nbuild:\n  imgae: golang\n", "unknown field `build.imgae` at Dockerfile:3:3, did you mean `build.image`?"},
		{"language: golang\n", "`language`: unknown language \"golang\" (one of " + strings.Join(Languages, ", ") + ") at Dockerfile:1:1"},
		{"language: pyhton\n", "did you mean `python`?"},
		{"language: go\nzzz: 1\n", "unknown field `zzz` at Dockerfile:2:1, valid fields here: args, assets, binaries, build,"},
		{"language: [go]\n", "`language` must be a single value, not a list at Dockerfile:1:11"},
		{"ports: 8080\n", "`ports` must be a list, not the number 8080 at Dockerfile:1:8"},
		{"ports: [0]\n", "`ports[0]`: \"0\" is not a port"},
		{"test: true\n", "`test: true` is not a command at Dockerfile:1:7, omit the field for the default"},
		{"language: go\nlanguage: go\n", "field `language` is written twice at Dockerfile:2:1"},
		{"user: \"a b\"\n", "`user`: \"a b\" is not a user"},
		{"workdir: app\n", "`workdir`: \"app\" must be an absolute path"},
		{"files: [../secret]\n", "`files[0]`: \"../secret\" must be a path inside the build context"},
		{"files: [/etc/passwd]\n", "must be a path inside the build context"},
		{"env: {\"1A\": x}\n", "`env.1A`: \"1A\" is not a variable name"},
		{"runtime: \"Not A Ref!\"\n", "`runtime`: \"Not A Ref!\" is not an image reference"},
		{"entrypoint: -toolexec=/bin/sh\n", "must not start with '-'"},
		{"workspace: ../other\n", "`workspace`: \"../other\" is not a workspace package's directory inside the build context or a package name at Dockerfile:1:1"},
		{"workspace: /apps/web\n", "is not a workspace package's directory"},
		{"workspace: --filter=x\n", "is not a workspace package's directory"},
		{"workspace: \"apps/web; id\"\n", "is not a workspace package's directory"},
		{"workspace: ./\n", "is the context's root, not a workspace package at Dockerfile:1:1, omit the field to build the root package"},
		{"healthcheck: {test: [x], interval: soon}\n", "\"soon\" is not a duration"},
		{"build: {secrets: [\"a b\"]}\n", "\"a b\" is not a secret id"},
		{"packages: [\"curl; rm -rf /\"]\n", "is not a package name"},
		{"assets: {output: ui/dist}\n", "`assets`: needs `dir` at Dockerfile:1:1, write the directory of the Node.js project"},
		{"assets:\n  dir: ../ui\n", "`assets.dir`: \"../ui\" must be a path inside the build context (relative, without '..') at Dockerfile:2:3"},
		{"assets:\n  dir: ui\n  output: /srv/www\n", "`assets.output`: \"/srv/www\" must be a path inside the build context"},
		{"assets: {dir: ui, output: ./ui/}\n", "`assets.output`: is the project directory itself (`assets.dir`)"},
		{"assets: {dir: ui, output: .}\n", "`assets.output`: must be a directory the build writes, not the whole build context"},
		{"assets: {dir: ui, command: make}\n", "unknown field `assets.command`"},
		{"assets: {dir: \"ui*\"}\n", "`assets.dir`: \"ui*\" is not a plain path"},
		{"writable:\n  - data\n  - ../logs\n", "`writable[1]`: \"../logs\" must be a path inside the build context (relative, without '..') at Dockerfile:3:5"},
		{"writable: [/var/data]\n", "`writable[0]`: \"/var/data\" must be a path inside the build context"},
		{"writable: [\"uploads/*\"]\n", "`writable[0]`: \"uploads/*\" is not a plain path"},
		{"writable: [\"data; id\"]\n", "`writable[0]`: \"data; id\" is not a plain path"},
		{"writable: [-x]\n", "`writable[0]`: \"-x\" must be a path inside the build context"},
		{"writable: [./]\n", "`writable[0]`: is the whole working directory at Dockerfile:1:12, name the directories the program writes"},
		{"writable: [data, data/db]\n", "`writable[1]`: \"data/db\" overlaps \"data\", listed already at Dockerfile:1:18, list it once"},
		{"writable: [data/, ./data]\n", "`writable[1]`: \"./data\" overlaps \"data\", listed already"},
		{"writable: []\n", "`writable`: is an empty list at Dockerfile:1:1"},
		{"writable: data\n", "`writable` must be a list"},
		{"assets: {dir: ui, output: \"ui/$(id)\"}\n", "`assets.output`: \"ui/$(id)\" is not a plain path"},
		{"assets: {dir: ui, script: \"build; id\"}\n", "`assets.script`: \"build; id\" is not a script name"},
		{"assets: {dir: ui, script: -x}\n", "`assets.script`: \"-x\" is not a script name"},
		{"language: go\n---\nlanguage: node\n", "must be a single YAML document"},
		{"language: node\ncgo: true\n", "`cgo`: is a go field; this spec builds node at Dockerfile:2:1, remove it"},
		{"language: go\njvm_options: [-Xmx1g]\n", "`jvm_options`: is a java field; this spec builds go at Dockerfile:2:1"},
		{"language: ruby\nworkspace: apps/api\n", "`workspace`: is a node, bun, deno and python field; this spec builds ruby at Dockerfile:2:1"},
		{"name: \"a/b\"\n", "`name`: \"a/b\" is not a program name"},
		{"name: x\nbinaries: [./cmd/a]\n", "`name`: names one program, and `binaries` lists several at Dockerfile:1:1"},
		{"binaries: []\n", "`binaries`: is an empty list at Dockerfile:1:1"},
		{"binaries: [./cmd/a, {package: ../x}]\n", "`binaries[1]`: \"../x\" must be a path inside the build context (relative, without '..') at Dockerfile:1:21"},
		{"binaries: [./cmd/a, cmd/a/]\n", "`binaries[1]`: package \"cmd/a/\" is listed twice"},
		{"binaries: [{package: ./a, name: x}, {package: ./b, name: x}]\n", "`binaries[1]`: name \"x\" is given twice"},
		{"binaries: [{package: ./a, name: \"x y\"}]\n", "is not a program name"},
		{"binaries: [{package: ./a, nmae: x}]\n", "unknown field `binaries[0].nmae`"},
		{"cgo: maybe\n", "`cgo` must be true or false"},
		{"language: go\nfeatures: [sqlite]\n", "`features`: is a rust field; this spec builds go at Dockerfile:2:1, remove it"},
		{"language: node\ndefault_features: false\n", "`default_features`: is a rust field; this spec builds node at Dockerfile:2:1"},
		{"features: sqlite\n", "`features` must be a list, not"},
		{"features: []\n", "`features`: is an empty list at Dockerfile:1:1, omit it for the package's default features"},
		{"features: [sqlite, \"a b\"]\n", "`features[1]`: \"a b\" is not a Cargo feature (a name of letters, digits, _ - + ., or crate/name) at Dockerfile:1:20, write one feature per item"},
		{"features: [\"sqlite,mysql\"]\n", "is not a Cargo feature"},
		{"features: [\"--all-features\"]\n", "is not a Cargo feature"},
		{"features: [\"$(id)\"]\n", "is not a Cargo feature"},
		{"features: [\"x;id\"]\n", "is not a Cargo feature"},
		{"features: [\"a/b/c\"]\n", "is not a Cargo feature"},
		{"features: [\"dep:x\"]\n", "is not a Cargo feature"},
		{"features:\n  - sqlite\n  - sqlite\n", "`features[1]`: \"sqlite\" is listed twice at Dockerfile:3:5"},
		{"default_features: no\n", "`default_features` must be true or false"},
		{"build: {ldflags: \"-X a=b\\nc\"}\n", "`build.ldflags`: value holds the control character"},
		{"language: go\n  bad: indent\n", "not valid YAML: mapping values are not allowed in this context at Dockerfile:2:1"},
		{"- go\n", "the spec must be a mapping of fields, not a list at Dockerfile:1:1"},
		{"\u0435ntrypoint: ./x\n", "unknown field `\u0435ntrypoint` at Dockerfile:1:1, did you mean `entrypoint`?"}, // Cyrillic е
		{"language: \uff47\uff4f\n", "unknown language \"\uff47\uff4f\""},                                           // full-width go
	} {
		_, err := Parse("Dockerfile", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s", tc.src, err, tc.want)
		}
		var es Errors
		if err != nil && !errors.As(err, &es) {
			t.Errorf("%q: error is %T, not Errors", tc.src, err)
		}
	}
}

func TestAllErrorsAreCollectedInFileOrder(t *testing.T) {
	_, err := Parse("build.yaml", []byte("langauge: go\nports: [99999]\nuser: \"x y\"\nenv: {\"-\": 1}\n"))
	var es Errors
	if !errors.As(err, &es) || len(es) != 4 {
		t.Fatalf("want 4 errors, got %v", err)
	}
	for i, e := range es {
		if e.Line != i+1 || e.File != "build.yaml" {
			t.Errorf("error %d at %s:%d: %v", i, e.File, e.Line, e)
		}
	}
	if !strings.HasPrefix(err.Error(), "4 problems in the build spec:\n  - unknown field `langauge` at build.yaml:1:1, did you mean `language`?") {
		t.Errorf("message: %s", err)
	}
}

func TestHostileInputsAreRefused(t *testing.T) {
	bomb := "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
	for i, prev := 0, "a"; i < 8; i++ {
		name := string(rune('b' + i))
		bomb += name + ": &" + name + " [*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + "]\n"
		prev = name
	}
	for name, src := range map[string]string{
		"too large":  "language: go\n" + strings.Repeat("#", MaxSize),
		"NUL byte":   "language: go\x00\n",
		"alias bomb": "build:\n  secrets: *i\n" + bomb,
		"deep":       "labels: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n",
		"control":    "env: {A: \"x\\u001b[31m\"}\n",
	} {
		_, err := Parse("Dockerfile", []byte(src))
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestSuggest(t *testing.T) {
	for in, want := range map[string]string{"entrypiont": "entrypoint", "distrolless": "distroless", "scratsh": "scratch", "xyz": "", "alpin": "alpine"} {
		if got := suggest(in, append([]string{"entrypoint", "language"}, RuntimeAliases...)); got != want {
			t.Errorf("suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCommentsDocumentMappingEntries(t *testing.T) {
	s, err := Parse("Dockerfile", []byte("# syntax=org/multistage-frontend\n# yaml-language-server: $schema=https://example.com/s.json\n"+
		"args:\n  # the version\n  # stamped into the binary\n  VERSION: dev\n  COMMIT: none # the commit\n  PLAIN: x\n"))
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"args.VERSION": "the version stamped into the binary", "args.COMMIT": "the commit", "args.PLAIN": ""} {
		if got := s.Comment(path); got != want {
			t.Errorf("%s: comment %q, want %q", path, got, want)
		}
	}
}

func TestCargoFeatures(t *testing.T) {
	s, err := Parse("Dockerfile", []byte("language: rust\nfeatures: [sqlite, serde/derive, _x, a-b, c+d.1]\ndefault_features: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Features, []string{"sqlite", "serde/derive", "_x", "a-b", "c+d.1"}) || s.DefaultFeatures == nil || *s.DefaultFeatures {
		t.Errorf("features %q, default_features %v", s.Features, s.DefaultFeatures)
	}
	if p, ok := s.Pos("features[1]"); !ok || p.Line != 2 {
		t.Errorf("features[1] at %+v", p)
	}
}
