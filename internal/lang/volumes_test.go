package lang

import (
	"fmt"
	"slices"
	"testing"
)

// TestProjectVolumes: the volumes a project's compose file and Dockerfile mount below the
// image's working directory are directories its program writes; those of another reason
// (read-only, anonymous, the source bind-mounted to develop, dependencies, files) are not.
func TestProjectVolumes(t *testing.T) {
	for _, c := range []struct {
		name    string
		facts   Facts
		workdir string
		want    []Volume
	}{
		{"compose short syntax, bind and named", Facts{"compose.yaml": []byte(`services:
  app:
    image: example/app:1
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
      - ./data:/app/data
      - uploads:/app/public/uploads:rw
      - ./config:/app/config:ro
      - /app/node_modules
      - .:/app
      - ./settings.json:/app/settings.json
  db:
    image: postgres:17
    volumes: [pg:/var/lib/postgresql/data]
`)}, "/app", []Volume{{Dir: "data", From: "compose.yaml"}, {Dir: "public/uploads", From: "compose.yaml"}}},
		{"compose long syntax and working_dir", Facts{"docker-compose.yml": []byte(`services:
  web:
    working_dir: /srv/www
    volumes:
      - {type: bind, source: ./storage, target: /srv/www/storage}
      - {type: volume, source: cache, target: /srv/www/cache, read_only: true}
      - {type: tmpfs, target: /srv/www/tmp}
`)}, "/app", []Volume{{Dir: "storage", From: "docker-compose.yml"}}},
		{"a bind mount of a directory the project holds is its source", Facts{
			"compose.yaml": []byte("services:\n  app:\n    volumes: [\"./src:/app/src\", \"./data:/app/data\"]\n"),
			"src/":         nil}, "/app", []Volume{{Dir: "data", From: "compose.yaml"}}},
		{"Dockerfile: the last stage's WORKDIR and VOLUMEs", Facts{"docker/Dockerfile": []byte(`FROM node:22 AS base
WORKDIR /opt/app
FROM base AS release
# VOLUME /opt/app/commented
RUN mkdir ./data && \
    echo VOLUME /opt/app/not
VOLUME ["/opt/app/data", "/var/log/app"]
VOLUME uploads
`)}, "/app", []Volume{{Dir: "data", From: "docker/Dockerfile"}, {Dir: "uploads", From: "docker/Dockerfile"}}},
		{"compose below the Dockerfile's WORKDIR", Facts{
			"Dockerfile":   []byte("FROM python:3.13\nWORKDIR /code\nCMD [\"gunicorn\"]\n"),
			"compose.yaml": []byte("services:\n  web:\n    build: .\n    volumes: [\"media:/code/media\", \"./x:/app/x\"]\n")},
			"/app", []Volume{{Dir: "media", From: "compose.yaml"}}},
		{"the Dockerfile's ARG and ENV values", Facts{"Dockerfile": []byte(`ARG BUILD_ENV=git
FROM node:22 AS build
ARG EP_DIR=/opt/pad
WORKDIR "${EP_DIR}"
FROM build AS build_git
FROM build_${BUILD_ENV} AS production
ENV DATA=store
VOLUME $DATA ${LOGS:-logs} ${UNSET}/x
`), "compose.yaml": []byte("services:\n  pad:\n    volumes: [\"var:/opt/pad/var\"]\n")},
			"/app", []Volume{{Dir: "store", From: "Dockerfile"}, {Dir: "logs", From: "Dockerfile"}, {Dir: "var", From: "compose.yaml"}}},
		{"BuildKit's reading: heredocs, the escape directive, comments in an instruction", Facts{"Dockerfile": []byte("# escape=`\n" + `FROM node:22
WORKDIR /srv/app
RUN <<EOF
VOLUME /srv/app/not-a-volume
EOF
ENV A=cache B=tmp
VOLUME $A ` + "`" + `
  # a comment inside the instruction
  $B
`)}, "/app", []Volume{{Dir: "cache", From: "Dockerfile"}, {Dir: "tmp", From: "Dockerfile"}}},
		{"the stages the last starts from: an image keeps its base's volumes", Facts{"Dockerfile": []byte(`FROM php:8.3-fpm AS base
WORKDIR /srv/shop
VOLUME /srv/shop/var
VOLUME /srv/shop/public/media
FROM node:22 AS assets
VOLUME /srv/shop/node-only
FROM base AS prod
FROM prod AS dev
VOLUME cache
`)}, "/app", []Volume{{Dir: "var", From: "Dockerfile"}, {Dir: "public/media", From: "Dockerfile"}, {Dir: "cache", From: "Dockerfile"}}},
		{"a stage before the last says nothing", Facts{"Dockerfile": []byte("FROM a AS build\nWORKDIR /app\nVOLUME /app/cache\nFROM b\nWORKDIR /app\n")},
			"/app", nil},
		{"the spec as the Dockerfile", Facts{"Dockerfile": []byte("# syntax=org/multistage-frontend\nlanguage: node\nports: [3000]\n")}, "/app", nil},
		{"no working directory", Facts{"compose.yaml": []byte("services:\n  a:\n    volumes: [\"./data:/data\"]\n")}, "", nil},
		{"a kept directory of the project, the image's working directory unknown", Facts{
			"docker-compose.yml": []byte(`services:
  app:
    image: etherpad/etherpad:latest
    volumes:
      - plugins:/opt/etherpad-lite/src/plugin_packages
      - etherpad-var:/opt/etherpad-lite/var
      - ./settings:/opt/etherpad-lite/settings
  postgres:
    image: postgres:15-alpine
    volumes: [postgres_data:/var/lib/postgresql/data]
`), "var/.gitignore": []byte("rusty.db\n")}, "/app", []Volume{{Dir: "var", From: "docker-compose.yml"}}},
		{"a kept directory, the working directory known", Facts{
			"Dockerfile":         []byte("FROM node:22\nWORKDIR /srv\n"),
			"docker-compose.yml": []byte("services:\n  app:\n    volumes: [\"v:/opt/pad/var\"]\n"), "var/.gitkeep": nil},
			"/app", nil},
		{"not compose", Facts{"compose.yaml": []byte("services: [1, 2]\n")}, "/app", nil},
		{"hidden, dependencies, variables", Facts{"compose.yaml": []byte(`services:
  a:
    volumes: ["./x:/app/.cache", "v:/app/vendor/bundle", "w:/app/$DIR", "y:/app/up*"]
`)}, "/app", nil},
	} {
		got := ProjectVolumes(c.facts, c.workdir)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	f := Facts{"compose.yaml": []byte("services:\n  a:\n    volumes: [\"./src:/app/src\", \".:/app\", \"v:/app/v\", \"../up:/app/up\"]\n")}
	if got := ComposeProbes(f); !slices.Equal(got, []string{"src/"}) {
		t.Errorf("probes %q", got)
	}
	// the kept directories a volume of an image whose working directory is not known may be
	f = Facts{"docker-compose.yml": []byte("services:\n  app:\n    volumes: [\"v:/opt/pad/var\", \"w:/data\", \"x:/app/x\"]\n  b:\n    working_dir: /srv\n    volumes: [\"y:/opt/y\"]\n")}
	if got := ComposeProbes(f); !slices.Equal(got, []string{"pad/var/.gitkeep", "pad/var/.gitignore", "var/.gitkeep", "var/.gitignore"}) {
		t.Errorf("probes %q", got)
	}
	// names planning may not ask for are not probed, and there are at most maxComposeProbes
	odd := "services:\n  a:\n    volumes:\n      - .\\data:/app/data\n      - ./data[1]:/app/x\n      - ./${DIR:-d}:/app/y\n      - ./src:/app/src\n      - ./src:/app/src2\n"
	for i := range 40 {
		odd += fmt.Sprintf("      - ./d%d:/app/d%d\n", i, i)
	}
	got := ComposeProbes(Facts{"compose.yaml": []byte(odd)})
	if len(got) != maxComposeProbes || got[0] != "src/" || got[1] != "d0/" {
		t.Errorf("probes %q", got)
	}
	for _, p := range got {
		if err := CheckContextName(p); err != nil {
			t.Error(err)
		}
	}
}

// TestVolumesDescribed: the runtime stage names the volumes' directories by the file that mounts
// them, after the framework's, then the directories the program makes by the file that makes
// them, before the spec's.
func TestVolumesDescribed(t *testing.T) {
	r := Runtime{WritableFrom: "Strapi"}
	dirs := []writableDir{{".tmp", "language", "", false}, {"log", "language", "compose.yaml", false}, {"uploads", "language", "Dockerfile", false},
		{"cache", "language", "compose.yaml", false}, {"config", "language", "made at start by src/utils/config.js", true}, {"data", "writable[0]", "", false}}
	want := ", who owns .tmp (Strapi's) and log, cache (volumes of compose.yaml) and uploads (a volume of Dockerfile) and config (made at start by src/utils/config.js) and data"
	if got := r.describeWritable(dirs); got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

// TestRelativeTo: a volume below the root, as a workspace package's image reaches it.
func TestRelativeTo(t *testing.T) {
	for _, c := range [][3]string{
		{"", "data", "data"},
		{"apps/api", "data/files", "../../data/files"},
		{"src", "src/plugin_packages", "plugin_packages"},
		{"src", "var", "../var"},
		{"apps/api", "apps/web/data", "../web/data"},
	} {
		if got := relativeTo(c[0], c[1]); got != c[2] {
			t.Errorf("relativeTo(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}

func TestHasVolumeMatchesTheWholeDir(t *testing.T) {
	vols := []Volume{{Dir: "storage", From: "compose.yaml"}, {Dir: "public/uploads", Written: true}}
	for dir, want := range map[string]bool{"storage": true, "public/uploads": true, "public": false, "storage/app": false, "": false} {
		if got := HasVolume(vols, dir); got != want {
			t.Errorf("HasVolume(%q) = %v, want %v", dir, got, want)
		}
	}
	if HasVolume(nil, "storage") {
		t.Error("HasVolume(nil) = true")
	}
}
