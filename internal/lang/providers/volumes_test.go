package providers

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestProjectVolumesAreWritable: a directory the project's own compose file or Dockerfile
// mounts a volume on, below the image's working directory, is the runtime user's, as the spec's
// `writable` makes it, whatever the language (dockge's ./data:/app/data, which its server
// creates at start); the runtime stage says whose it is. Read planning's files as the frontend
// does: the compose file and Dockerfile are among them, the bind source probed.
func TestProjectVolumesAreWritable(t *testing.T) {
	node := t.TempDir()
	tree.WriteIn(t, node, map[string]string{
		"package.json": `{"name": "board", "scripts": {"start": "node server.js"}}`,
		"server.js":    "require('fs').mkdirSync('./data', {recursive: true})\n",
		"compose.yaml": "services:\n  board:\n    image: example/board:1\n    volumes:\n      - ./data:/app/data\n      - ./src:/app/src\n",
		"src/x.js":     "",
	})
	p := planDir(t, "language: node\nports: [5001]\n", node)
	langtest.Writable(t, p, "1000:1000", "/app", "mkdir -p data", "data")
	if d := p.Stage("runtime").Description; !strings.HasSuffix(d, "as user 1000:1000, who owns data (a volume of compose.yaml)") {
		t.Errorf("runtime: %q", d)
	}
	// the spec's own writable says the same once, as the spec's
	p = planDir(t, "language: node\nwritable: [data, logs]\n", node)
	langtest.Writable(t, p, "1000:1000", "/app", "mkdir -p data logs", "data", "logs")
	if d := p.Stage("runtime").Description; !strings.HasSuffix(d, "who owns data, logs") {
		t.Errorf("runtime: %q", d)
	}

	// a workspace package's image works in the package's directory; the project's own image, and
	// its volumes, at the root
	ws := t.TempDir()
	if err := os.CopyFS(ws, os.DirFS(filepath.Join("..", "..", "..", "examples", "node-pnpm-workspace"))); err != nil {
		t.Fatal(err)
	}
	tree.WriteIn(t, ws, map[string]string{"compose.yaml": "services:\n  api:\n    volumes: [\"files:/app/data/files\"]\n"})
	p = planDir(t, "language: node\nworkspace: apps/api\n", ws)
	if got := langtest.Commands(p.Stage("builder")); !slices.Contains(got, "mkdir -p data/files") {
		t.Errorf("builder runs %q", got)
	}
	if !slices.ContainsFunc(langtest.Steps[*plan.Copy](p.Stage("runtime")), func(c *plan.Copy) bool {
		return c.Chown == "1000:1000" && c.FromStage == "builder" && slices.Equal(c.Paths, []string{"/app/data/files"}) && c.Dest == "/app/data/files/"
	}) || p.Image.Workdir != "/app/apps/api" {
		t.Errorf("runtime in %s: %+v", p.Image.Workdir, langtest.Steps[*plan.Copy](p.Stage("runtime")))
	}
	if d := p.Stage("runtime").Description; !strings.HasSuffix(d, "who owns ../../data/files (a volume of compose.yaml)") {
		t.Errorf("runtime: %q", d)
	}

	p = planDir(t, "language: python\n", contextOf(t, "requirements.txt", "flask==3.1.0\ngunicorn==23.0.0\n",
		"app.py", "from flask import Flask\napp = Flask(__name__)\n",
		"docker/Dockerfile", "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nVOLUME /app/uploads\nCMD [\"gunicorn\", \"app:app\"]\n"))
	langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p uploads", "uploads")

	// a Go program's image, whose base has no working directory, works in /app, as with writable
	gop := contextOf(t, "go.mod", "module example.com/svc\n\ngo 1.24\n", "main.go", "package main\n\nfunc main() {}\n",
		"compose.yaml", "services:\n  svc:\n    volumes: [\"./data:/app/data\", \"./etc:/etc/svc\"]\n")
	p = planDir(t, "language: go\n", gop)
	langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p data", "data")
	// a compose file never makes planning fail: a bind of a Windows path or a pattern is not
	// probed, and taken for data
	odd := contextOf(t, "package.json", `{"name": "board", "scripts": {"start": "node server.js"}}`, "server.js", "",
		"compose.yaml", "services:\n  board:\n    volumes: [\".\\\\data:/app/data\", \"./up[1]:/app/up\"]\n")
	p = planDir(t, "language: node\n", odd)
	langtest.Writable(t, p, "1000:1000", "/app", "mkdir -p data up", "data", "up")
	// the spec's working directory is the image's
	p = planDir(t, "language: go\nworkdir: /srv\n", gop)
	if d := p.Stage("runtime").Description; strings.Contains(d, "owns") {
		t.Errorf("runtime: %q", d)
	}
}

// contextOf is a new build context holding the files kv, pairs of a name and its content.
func contextOf(t *testing.T, kv ...string) string {
	t.Helper()
	return tree.Write(t, langtest.With(map[string]string{}, kv...))
}
