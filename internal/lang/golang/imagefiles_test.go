package golang

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// ledgerTree is ezbookkeeping's shape: a Go program at the root reading conf/ and templates/
// through a package beyond the walk, a Vite UI at the root whose dist/ the project's Dockerfile
// ships as public/, and the directories it gives its user.
var ledgerTree = map[string]string{
	"go.mod": "module example.com/ledger\n\ngo 1.26\n", "ledger.go": "package main\n\nfunc main() {}\n",
	"conf/ledger.ini": "[server]\n", "templates/mail.tmpl": "{{.}}\n", "LICENSE": "MIT\n",
	"package.json": `{"scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7.1.0"}}`, "package-lock.json": "{}",
	"api/api.go": "package api\n",
	"Dockerfile": "FROM golang:1.26-alpine AS be\nWORKDIR /go/src/ledger\nCOPY . .\nRUN go build -o ledger .\n" +
		"FROM node:24-alpine AS fe\nWORKDIR /go/src/ledger\nCOPY . .\nRUN npm run build\n" +
		"FROM alpine:3.22\nRUN mkdir -p /ledger/data && chown 1000:1000 /ledger/data && mkdir -p /ledger/log && chown 1000:1000 /ledger/log\nWORKDIR /ledger\n" +
		"COPY --from=be /go/src/ledger/ledger /ledger/ledger\nCOPY --from=fe /go/src/ledger/dist /ledger/public\n" +
		"COPY conf /ledger/conf\nCOPY templates /ledger/templates\nCOPY api /ledger/api\nCOPY go.mod /ledger/go.mod\nCOPY LICENSE /ledger/LICENSE\nUSER 1000:1000\n",
}

// The context paths a Go project's own Dockerfile copies beside its program are copied into
// the working directory (not a directory holding Go code, nor go.mod), the directories it gives
// its user are made empty and the runtime user's, and the UI build it ships there, which no
// default builds, is UINotShipped naming `assets` and `files`; the spec's `files` covering a
// path win, and with `assets` the note goes.
func TestProjectDockerfileImageFiles(t *testing.T) {
	p := skeletonGathered(t, "language: go\nports: [8080]\n", ledgerTree)
	rt := p.Stage("runtime")
	checkCopies(t, rt, "conf -> /app/conf conf (Dockerfile:14 COPY) ", "templates -> /app/templates templates (Dockerfile:15 COPY) ",
		"LICENSE -> /app/LICENSE LICENSE (Dockerfile:18 COPY) ")
	var made []string
	for _, m := range langtest.Steps[*plan.Mkdir](rt) {
		made = append(made, m.Path+" "+m.Chown)
	}
	if !slices.Equal(made, []string{"/app/data 65532:65532", "/app/log 65532:65532"}) {
		t.Errorf("made %q, want data and log the runtime user's", made)
	}
	msgs := langtest.Messages(p, rules.UINotShipped.Name)
	if want := "the program (as Dockerfile:13 ships it beside it) serves public, the build of the UI in . (dist), which the image does not hold"; len(msgs) != 1 ||
		!strings.HasPrefix(msgs[0], want) || !strings.HasSuffix(msgs[0], "build it with `assets: {dir: .}` and ship it with `files: [{src: dist, dest: public}]`") {
		t.Errorf("UINotShipped %q, want %q...", msgs, want)
	}

	p = skeletonGathered(t, "language: go\nports: [8080]\nassets: {dir: .}\nfiles: [{src: dist, dest: public}, {src: conf/ledger.ini, dest: conf/ledger.ini}]\n", ledgerTree)
	checkCopies(t, p.Stage("runtime"), "templates -> /app/templates templates (Dockerfile:15 COPY) ",
		"LICENSE -> /app/LICENSE LICENSE (Dockerfile:18 COPY) ", "dist -> /app/public  ", "conf/ledger.ini -> /app/conf/ledger.ini  ")
	if msgs := langtest.Messages(p, rules.UINotShipped.Name); len(msgs) != 0 {
		t.Errorf("with assets and files: UINotShipped %q", msgs)
	}

	plain := maps.Clone(ledgerTree)
	delete(plain, "Dockerfile")
	if copies := langtest.Steps[*plan.Copy](skeletonGathered(t, "language: go\n", plain).Stage("runtime")); slices.ContainsFunc(copies, func(c *plan.Copy) bool { return c.FromStage == "" }) {
		t.Errorf("without the Dockerfile, copies from the context: %v", copies)
	}
}

// skeletonGathered plans src on the files that planning reads of ctx as the registry's Go
// provider reads them: the project's Dockerfile and compose file too.
func skeletonGathered(t *testing.T, src string, ctx map[string]string) *plan.Plan {
	t.Helper()
	sk := lang.Skeleton(Provider{}).(interface {
		lang.Follower
		Language() lang.Language
	})
	return provider.MustPlan(t, src, langtest.Gathered(t, sk, src, ctx))
}

// issuerTree is casdoor's shape: a Go server reading conf/app.conf (conf/ holds Go too) and
// serving docs/ and web/build from its working directory, whose Dockerfile copies them from its
// build stages into / of a stage the last one starts from.
var issuerTree = map[string]string{
	"go.mod": "module example.com/issuer\n\ngo 1.26\n", "main.go": "package main\n\nfunc main() {}\n",
	"conf/app.conf": "httpport = 8000\n", "conf/conf.go": "package conf\n", "docs/index.html": "<html></html>\n", "start.sh": "#!/bin/sh\n",
	"web/package.json": `{"scripts": {"build": "craco build"}, "dependencies": {"react-scripts": "5.0.1"}, "devDependencies": {"@craco/craco": "^7.1.0"}}`, "web/yarn.lock": "",
	"Dockerfile": "FROM node:24 AS front\nWORKDIR /web\nCOPY ./web .\nRUN yarn run build\n" +
		"FROM golang:1.26 AS back\nWORKDIR /go/src/issuer\nCOPY . .\nRUN go build -o server .\n" +
		"FROM alpine:3.22 AS standard\nWORKDIR /\nCOPY --from=back /go/src/issuer/server ./server\nCOPY --from=back /go/src/issuer/docs ./docs\n" +
		"COPY --from=back /go/src/issuer/conf/app.conf ./conf/app.conf\nCOPY --from=front /web/build ./web/build\nCOPY --from=back /go/src/issuer/start.sh /start.sh\nENTRYPOINT [\"/server\"]\n" +
		"FROM standard AS allinone\nRUN apk add mariadb\nCMD [\"/start.sh\"]\n",
}

// What the project's Dockerfile copies from its build stages into / of the stage its last one
// starts from counts: the context's conf/app.conf and docs/, passed through the Go build's stage,
// are copied beside the program, and its UI's build is UINotShipped; the start script at the
// top of / is not a file of the program's. The same when the last stage copies that stage
// whole.
func TestProjectDockerfileImageFilesFromStages(t *testing.T) {
	whole := maps.Clone(issuerTree)
	whole["Dockerfile"] = strings.Replace(issuerTree["Dockerfile"], "FROM standard AS allinone\n", "FROM debian:13 AS allinone\nCOPY --from=standard / /\n", 1)
	for name, tree := range map[string]map[string]string{"FROM standard": issuerTree, "COPY --from=standard / /": whole} {
		p := skeletonGathered(t, "language: go\nports: [8000]\n", tree)
		checkCopies(t, p.Stage("runtime"), "docs -> /app/docs docs (Dockerfile:12 COPY) ", "conf/app.conf -> /app/conf/app.conf conf/app.conf (Dockerfile:13 COPY) ")
		msgs := langtest.Messages(p, rules.UINotShipped.Name)
		if want := "the program (as Dockerfile:14 ships it beside it) serves web/build, the build of the UI in web (web/build)"; len(msgs) != 1 ||
			!strings.HasPrefix(msgs[0], want) || !strings.HasSuffix(msgs[0], "build it with `assets: {dir: web}` and ship it with `files: [{src: web/build, dest: web/build}]`") {
			t.Errorf("%s: UINotShipped %q, want %q...", name, msgs, want)
		}
	}
}
