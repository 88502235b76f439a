package lang

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// TestReadDockerfileTwice: the Dockerfile read last is kept, and what a reading returns is the
// caller's to change: a second reading of the same file gives what the first gave.
func TestReadDockerfileTwice(t *testing.T) {
	data := []byte("FROM alpine\nWORKDIR /srv\nENV HOST=0.0.0.0 MODE=prod\nVOLUME data\n")
	first := readDockerfile(data)
	first.env[0] = plan.Env{Key: "CHANGED"}
	first.volumes[0] = "/changed"
	second := readDockerfile(data)
	if !slices.Equal(second.env, []plan.Env{{Key: "HOST", Value: "0.0.0.0"}, {Key: "MODE", Value: "prod"}}) || !slices.Equal(second.volumes, []string{"/srv/data"}) {
		t.Errorf("second reading: env %v, volumes %v", second.env, second.volumes)
	}
	if vars := DockerfileListenVars(Facts{"Dockerfile": data}); len(vars) != 1 || vars[0].Key != "HOST" {
		t.Errorf("listen vars %v", vars)
	}
	if again := readDockerfile(data); len(again.env) != 2 {
		t.Errorf("a reading after DockerfileListenVars: env %v", again.env)
	}
}

// TestDockerfileListenArgs: the arguments the project's Dockerfile gives a program, when one is
// an address of every interface, with the spec's port: after an entrypoint that runs it through
// python, in a cmd an entrypoint script runs, as a flag's value, in a comma list, in a shell
// form of plain words; none for a program the command does not run, arguments of loopback, a
// shell form with a variable, or a cmd an ENTRYPOINT of a later stage resets.
func TestDockerfileListenArgs(t *testing.T) {
	s := &spec.Spec{Ports: []spec.Port{{Number: 9000, Protocol: "tcp"}}}
	for _, c := range []struct {
		name, dockerfile, program string
		want                      []string
	}{
		{"python runs it", "FROM python\nENTRYPOINT [\"/app/bin/python\", \"/app/bin/cal\"]\nCMD [\"--hosts\", \"0.0.0.0:5232,[::]:5232\"]\n", "cal",
			[]string{"--hosts", "0.0.0.0:9000,[::]:9000"}},
		{"an entrypoint script runs the cmd", "FROM python\nENTRYPOINT [\"tini\", \"--\", \"/entry.sh\"]\nCMD [\"arc\", \"server\", \"0.0.0.0:8000\"]\n", "arc",
			[]string{"server", "0.0.0.0:9000"}},
		{"a flag's value, shell form", "FROM python\nCMD srv --host=0.0.0.0 --workers 2\n", "srv", []string{"--host=0.0.0.0", "--workers", "2"}},
		{"a cmd of the stage before the ENTRYPOINT", "FROM python\nCMD [\"--bind\", \"[::]:80\"]\nENTRYPOINT [\"srv\"]\n", "srv", []string{"--bind", "[::]:9000"}},
		{"another program", "FROM python\nCMD [\"other\", \"0.0.0.0:80\"]\n", "srv", nil},
		{"loopback", "FROM python\nCMD [\"srv\", \"--host\", \"127.0.0.1\"]\n", "srv", nil},
		{"a variable", "FROM python\nCMD srv --host 0.0.0.0 --port $PORT\n", "srv", nil},
		{"reset by a later stage's ENTRYPOINT", "FROM python AS base\nCMD [\"srv\", \"0.0.0.0:80\"]\nFROM base\nENTRYPOINT [\"/entry.sh\"]\n", "srv", nil},
	} {
		got := DockerfileListenArgs(s, Facts{"Dockerfile": []byte(c.dockerfile)}, c.program)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestDockerfileShellCmd: the last stage's CMD in shell form, operators and all, is read; an
// exec form, an ENTRYPOINT (of the stage or the one it starts from), or a later exec CMD is not.
func TestDockerfileShellCmd(t *testing.T) {
	kutt := Facts{"Dockerfile": []byte("FROM node:22\nWORKDIR /srv\nCMD npm run migrate && npm start\n")}
	if name, got := DockerfileShellCmd(kutt); name != "Dockerfile" || got != "npm run migrate && npm start" {
		t.Errorf("a shell-form CMD: %q %q", name, got)
	}
	for _, df := range []string{
		"FROM node:22\nCMD [\"npm\", \"start\"]\n",
		"FROM node:22\nENTRYPOINT [\"/entry.sh\"]\nCMD npm start\n",
		"FROM node:22 AS base\nENTRYPOINT [\"tini\", \"--\"]\nFROM base\nCMD knex migrate && node .\n",
		"FROM node:22\nCMD knex migrate && node .\nCMD [\"node\", \".\"]\n",
		"FROM node:22 AS build\nCMD a && b\nFROM node:22-slim\nWORKDIR /app\n",
	} {
		if name, got := DockerfileShellCmd(Facts{"Dockerfile": []byte(df)}); name != "" || got != "" {
			t.Errorf("%q: %q %q, want none", df, name, got)
		}
	}
}

// TestDockerfileStartScript: the script the last stage starts, through a shell or tini, is found
// with the context paths its copies give it: a file copied to its own path, into a directory,
// or a directory's contents; a program that is no script, or a script nothing copies, is not.
func TestDockerfileStartScript(t *testing.T) {
	for _, tc := range []struct {
		df, path string
		sources  []string
	}{
		{"FROM python:3.12\nCOPY docker/entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\nCMD [\"gunicorn\", \"app:app\"]\n",
			"/entrypoint.sh", []string{"docker/entrypoint.sh"}},
		{"FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD [\"./scripts/start.sh\"]\n",
			"./scripts/start.sh", []string{"scripts/start.sh"}},
		{"FROM python:3.12\nCOPY init.sh /app/\nWORKDIR /app\nENTRYPOINT [\"tini\", \"--\", \"sh\", \"-e\", \"init.sh\"]\n",
			"init.sh", []string{"init.sh", "init.sh/init.sh"}},
		{"FROM python:3.12 AS base\nCOPY ./bin /srv/bin\nFROM base\nWORKDIR /srv\nCMD bin/docker-entrypoint\n",
			"bin/docker-entrypoint", []string{"bin/docker-entrypoint"}},
		{"FROM python:3.11-slim\nWORKDIR /app\nCOPY . ./\nENTRYPOINT [\"/bin/sh\", \"-c\"]\nCMD [\"./scripts/entry\"]\n",
			"./scripts/entry", []string{"scripts/entry"}},
		{"FROM python:3.12 AS build\nWORKDIR /srv/umap\nCOPY . /srv/umap\nFROM python:3.12-slim\nCOPY --from=build /srv/umap/docker/ /srv/umap/docker/\n" +
			"ENTRYPOINT [\"/usr/bin/tini\", \"--\"]\nCMD [\"/srv/umap/docker/entrypoint.sh\"]\n",
			"/srv/umap/docker/entrypoint.sh", []string{"docker/entrypoint.sh"}},
	} {
		got, ok := DockerfileStartScript(Facts{"Dockerfile": []byte(tc.df)})
		if !ok || got.Dockerfile != "Dockerfile" || got.Path != tc.path || !slices.Equal(got.Sources, tc.sources) {
			t.Errorf("%q: %+v %v, want %s from %q", tc.df, got, ok, tc.path, tc.sources)
		}
	}
	for _, df := range []string{
		"FROM python:3.12\nCOPY . /app\nCMD [\"gunicorn\", \"app:app\"]\n",
		"FROM python:3.12\nCOPY --from=build /out/start.sh /start.sh\nCMD [\"/start.sh\"]\n",
		"FROM python:3.12\nCMD [\"/start.sh\"]\n",
	} {
		if got, ok := DockerfileStartScript(Facts{"Dockerfile": []byte(df)}); ok {
			t.Errorf("%q: %+v, want none", df, got)
		}
	}
}

// TestDockerfileCopies: a COPY --from of a stage's directory into another is read as the
// context directories its two ends hold, through each stage's WORKDIR and the context
// directories copied into it (a stage started from another keeps its copies); an end that
// another stage's files, a file or nothing of the context covers is passed over.
func TestDockerfileCopies(t *testing.T) {
	for _, tc := range []struct {
		name, dockerfile string
		want             []DockerfileCopy
	}{
		{"a UI's output into the Go tree", "FROM node:22 AS deps\nWORKDIR /app\nCOPY frontend/package.json frontend/pnpm-lock.yaml ./\nRUN pnpm install\n" +
			"FROM node:22 AS ui\nWORKDIR /app\nCOPY frontend .\nCOPY --from=deps /app/node_modules ./node_modules\nRUN pnpm build\n" +
			"FROM golang:1.26 AS builder\nWORKDIR /go/src/app\nCOPY --from=deps /go/pkg/mod /go/pkg/mod\nCOPY ./backend .\n" +
			"COPY --from=ui /app/.output/public ./app/api/static/public\nCOPY --from=ui /app/node_modules/x ./x\nRUN go build -o /api ./app/api\n" +
			"FROM alpine\nCOPY --from=builder /api /app/api\n",
			[]DockerfileCopy{{Src: "frontend/.output/public", Dest: "backend/app/api/static/public", Line: 14}}},
		{"a stage started from another, ADD, trailing slashes", "FROM node:24 AS deps\nWORKDIR /srv/frontend/apps/web/\nCOPY ./frontend/apps/web/package.json /srv/frontend/apps/web/\n" +
			"FROM deps AS build\nCOPY ./frontend/apps/web/ /srv/frontend/apps/web/\nRUN pnpm build\n" +
			"FROM golang AS backend\nADD backend /build/backend\nCOPY --from=build /srv/frontend/apps/web/public/ /build/backend/app/cmd/web/\n",
			[]DockerfileCopy{{Src: "frontend/apps/web/public", Dest: "backend/app/cmd/web", Line: 9}}},
		{"the whole context, a relative source", "FROM node AS ui\nARG DIR=/build\nWORKDIR $DIR\nCOPY . .\nRUN npm run build\n" +
			"FROM golang\nWORKDIR /src\nCOPY . ./\nCOPY --from=ui build/dist public\n",
			[]DockerfileCopy{{Src: "dist", Dest: "public", Line: 9}}},
		{"ends not in the context", "FROM node AS ui\nWORKDIR /app\nCOPY package.json .\nRUN npm run build\nFROM golang\nWORKDIR /src\nCOPY --from=ui /app/dist /src/public\n" +
			"COPY go.mod .\nCOPY --from=ui /app/dist ./public\n", nil},
	} {
		if got := readDockerfile([]byte(tc.dockerfile)).between; !slices.Equal(got, tc.want) {
			t.Errorf("%s: copies %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// TestDockerfileImage: what the last stage copies into or below its working directory (a file
// into a directory by its name, a directory's contents where named, another stage's build as
// the context path it came from), and the directories below it a RUN gives an owner; in a
// working directory of /, what lands in a directory of it alone, through the stage the last
// starts from or copies whole too; nothing for a last stage that builds the program.
func TestDockerfileImage(t *testing.T) {
	df := "FROM node:24 AS fe\nWORKDIR /src\nCOPY . .\nRUN npm run build\n" +
		"FROM alpine\nRUN mkdir -p /srv/app/data && chown 1000:1000 /srv/app/data \\\n  && mkdir -p /srv/app/log && chown -R 1000:1000 /srv/app/log /srv/app/conf.d /tmp/x\nWORKDIR /srv/app\n" +
		"COPY --from=fe /src/dist /srv/app/public\nCOPY conf /srv/app/conf\nCOPY templates ./templates/\nCOPY LICENSE NOTICE /srv/app/\nCOPY docker/entrypoint.sh /entrypoint.sh\nCOPY *.md ./\n"
	name, files, chowned := DockerfileImage(Facts{"Dockerfile": []byte(df)})
	want := []ImageFile{{Src: "dist", Dest: "public", Line: 9, Built: true}, {Src: "conf", Dest: "conf", Line: 10}, {Src: "templates", Dest: "templates", Line: 11}}
	if name != "Dockerfile" || !slices.Equal(files, want) || !slices.Equal(chowned, []string{"data", "log", "conf.d"}) {
		t.Errorf("%s: files %+v, chowned %q; want %+v and data, log, conf.d", name, files, chowned, want)
	}
	// in WORKDIR /, what lands in a directory of it, not a file at its top, and no chowned path;
	// what the stage the last starts from, or copies whole, copied counts
	root := "FROM golang:1.26 AS back\nWORKDIR /src\nCOPY . .\nRUN go build -o server .\n" +
		"FROM alpine AS standard\nCOPY --from=back /src/server /server\nCOPY --from=back /src/conf/app.conf ./conf/app.conf\nCOPY docs /docs\nCOPY start.sh /start.sh\nCOPY LICENSE /\nRUN chown 1000 /data\n"
	want = []ImageFile{{Src: "server", Dest: "server", Line: 6, Built: true}, {Src: "conf/app.conf", Dest: "conf/app.conf", Line: 7, Built: true}, {Src: "docs", Dest: "docs", Line: 8}}
	for name, df := range map[string]string{
		"WORKDIR /":                root,
		"FROM standard":            root + "FROM standard\nRUN apk add curl\n",
		"COPY --from=standard / /": root + "FROM debian:13\nCOPY --from=standard / /\n",
	} {
		if _, files, chowned := DockerfileImage(Facts{"Dockerfile": []byte(df)}); !slices.Equal(files, want) || chowned != nil {
			t.Errorf("%s: files %+v, chowned %q; want %+v and none", name, files, chowned, want)
		}
	}
	for name, df := range map[string]string{
		"COPY --from=standard /docs /": root + "FROM debian:13\nCOPY --from=standard /docs /\n",
		"a golang image":               "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY internal ./internal\nFROM build\nRUN chown 1000 /src/data\n",
		"a stage running go build":     "FROM alpine:3.22\nRUN apk add go\nWORKDIR /src\nCOPY cmd ./cmd\nRUN go build -o /app ./cmd/app\n",
	} {
		if _, files, chowned := DockerfileImage(Facts{"Dockerfile": []byte(df)}); files != nil || chowned != nil {
			t.Errorf("%s: %+v %q", name, files, chowned)
		}
	}
}

// TestDockerfileFiles: the context files the last stage copies one by one, wherever they land
// (a configuration under /etc, a file into a directory by its name; several sources, a glob,
// another stage's output and a hidden build directory's binary left out); nothing for a
// last stage that builds the program.
func TestDockerfileFiles(t *testing.T) {
	df := "ARG ARCH=amd64\nFROM busybox\nCOPY .build/linux-${ARCH}/monitor /bin/monitor\n" +
		"COPY examples/monitor.yml /etc/monitor/monitor.yml\nCOPY LICENSE NOTICE /\nCOPY docs/*.md /docs/\n" +
		"COPY rules/default.rules /etc/monitor/\nCOPY consoles /usr/share/monitor/consoles\nWORKDIR /monitor\n"
	name, files := DockerfileFiles(Facts{"Dockerfile": []byte(df)})
	want := []ImageFile{{Src: "examples/monitor.yml", Dest: "/etc/monitor/monitor.yml", Line: 4},
		{Src: "rules/default.rules", Dest: "/etc/monitor/default.rules", Line: 7}, {Src: "consoles", Dest: "/usr/share/monitor/consoles", Line: 8}}
	if name != "Dockerfile" || !slices.Equal(files, want) {
		t.Errorf("%s: %+v, want %+v", name, files, want)
	}
	built := "FROM node:24 AS ui\nWORKDIR /ui\nCOPY ui .\nRUN npm run build\nFROM golang:1.26\nWORKDIR /src\nCOPY go.mod /src/go.mod\nCOPY --from=ui /ui/dist/index.html /srv/index.html\n"
	if _, files := DockerfileFiles(Facts{"Dockerfile": []byte(built)}); files != nil {
		t.Errorf("a golang image: %+v", files)
	}
}
