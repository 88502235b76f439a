package python

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
)

// A uv workspace (the full-stack FastAPI template's root, uv's workspace docs): `workspace`
// selects the member the image runs; its dependencies come from the workspace's uv.lock, the
// members it uses are installed beside it, and /app is its directory.
func TestAUvWorkspaceMemberIsSelected(t *testing.T) {
	ctx := map[string]string{
		"pyproject.toml":             "[tool.uv.workspace]\nmembers = [\"backend\", \"libs/*\"]\nexclude = [\"libs/old\"]\n",
		"uv.lock":                    "version = 1\n",
		"backend/pyproject.toml":     "[project]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"fastapi[standard]\", \"common\"]\n\n[dependency-groups]\ndev = [\"pytest\"]\n\n[tool.uv.sources]\ncommon = { workspace = true }\n\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
		"backend/app/__init__.py":    "",
		"backend/app/main.py":        "from fastapi import FastAPI\n\napp = FastAPI()\n",
		"libs/common/pyproject.toml": "[project]\nname = \"common\"\nversion = \"0.1.0\"\ndependencies = [\"base-lib\"]\n\n[tool.uv.sources]\nbase-lib = { workspace = true }\n\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
		"libs/base/pyproject.toml":   "[project]\nname = \"base_lib\"\nversion = \"0.1.0\"\n\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
		"libs/tool/pyproject.toml":   "[project]\nname = \"tool\"\nversion = \"0.1.0\"\n\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
		"libs/old/pyproject.toml":    "[project]\nname = \"old\"\n",
	}
	for _, src := range []string{"language: python\nworkspace: backend\nports: [8000]\n", "language: python\nworkspace: app\nports: [8000]\n"} {
		p, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if want := []string{"/opt/venv/bin/uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"}; !slices.Equal(p.Image.Entrypoint, want) {
			t.Errorf("%q: entrypoint %q, want %q", src, p.Image.Entrypoint, want)
		}
		var deps, builder, tester []string
		for _, st := range p.Stages {
			for _, step := range st.Steps {
				var text string
				switch s := step.(type) {
				case *plan.Run:
					text = strings.Join(s.Args, " ")
				case *plan.Copy:
					text = "COPY " + strings.Join(s.Paths, " ") + " [" + strings.Join(s.Include, " ") + "] " + s.Dest
				}
				switch st.Name {
				case "deps":
					deps = append(deps, text)
				case "builder":
					builder = append(builder, text)
				case "tester":
					tester = append(tester, text)
				}
			}
		}
		for _, want := range []struct {
			stage []string
			text  string
		}{
			{deps, "COPY . [pyproject.toml uv.lock backend/pyproject.toml libs/base/pyproject.toml libs/common/pyproject.toml libs/tool/pyproject.toml] /workspace/"},
			{deps, "uv export --frozen --project /workspace --package app --no-dev --no-emit-workspace --format requirements.txt --output-file /tmp/requirements.lock.txt"},
			{builder, "COPY backend [] ./"},
			{builder, "uv pip install --python /opt/venv/bin/python --no-sources --no-deps ."},
			{builder, "COPY libs/base [] /workspace/libs/base/"},
			{builder, "COPY libs/common [] /workspace/libs/common/"},
			{builder, "uv pip install --python /opt/venv/bin/python --no-sources --no-deps /workspace/libs/base /workspace/libs/common"},
			{tester, "uv export --frozen --project /workspace --package app --only-group dev --no-emit-workspace --format requirements.txt --output-file /tmp/requirements.test.txt"},
			{tester, "python -m pytest"},
		} {
			if !slices.ContainsFunc(want.stage, func(s string) bool { return strings.HasSuffix(s, want.text) }) {
				t.Errorf("%q: no step %q in %q", src, want.text, want.stage)
			}
		}
		if slices.ContainsFunc(builder, func(s string) bool { return strings.Contains(s, "libs/tool") }) {
			t.Errorf("%q: a member app does not use is installed: %q", src, builder)
		}
		if rt := p.Stage("runtime"); rt == nil || rt.Workdir != "/app" {
			t.Errorf("%q: runtime %+v", src, rt)
		}
	}

	for _, c := range []struct{ src, want string }{
		{"language: python\nworkspace: libs/old\n", `"libs/old" is not a member of the uv workspace (pyproject.toml's [tool.uv.workspace] members: backend, libs/*)`},
		{"language: python\nworkspace: web\n", "write one of backend (app), libs/base (base_lib), libs/common (common), libs/tool (tool)"},
	} {
		_, err := provider.TryPlan(t, c.src, provider.Gathered(t, c.src, ctx))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), ":2:1") {
			t.Errorf("%q: err %v, want %q at the workspace line", c.src, err, c.want)
		}
	}
	// a front end whose build writes into the member (the full-stack FastAPI template's
	// frontend/, Vite's outDir ../backend/app/frontend): warned, and `assets` refused
	ui := map[string]string{"frontend/package.json": `{"name": "frontend", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7"}}`,
		"frontend/vite.config.ts": "export default defineConfig({\n  build: {\n    outDir: \"../backend/app/frontend\",\n  },\n})\n"}
	for k, v := range ctx {
		ui[k] = v
	}
	src := "language: python\nworkspace: backend\nports: [8000]\n"
	p, err := provider.TryPlan(t, src, provider.Gathered(t, src, ui))
	if err != nil || !slices.ContainsFunc(p.Notes, func(n plan.Note) bool {
		return n.Rule == "FrontEndNotBuilt" && strings.Contains(n.Msg, "frontend/package.json's `build` script builds the front end into backend/app/frontend, inside the uv workspace member backend")
	}) {
		t.Errorf("a front end building into the member: %v, %+v", err, p)
	}
	src = "language: python\nworkspace: backend\nassets: {dir: frontend}\n"
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, ui)); err == nil || !strings.Contains(err.Error(), "`assets` is not supported with a uv workspace member") || !strings.Contains(err.Error(), ":3:1") {
		t.Errorf("assets: %v", err)
	}

	noLock := map[string]string{}
	for k, v := range ctx {
		if k != "uv.lock" {
			noLock[k] = v
		}
	}
	src = "language: python\nworkspace: backend\n"
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, noLock)); err == nil || !strings.Contains(err.Error(), "installed from the workspace's uv.lock, which the build context's root lacks") {
		t.Errorf("no lock: %v", err)
	}
	single := map[string]string{"pyproject.toml": "[project]\nname = \"one\"\n", "uv.lock": "version = 1\n", "main.py": "print(1)\n"}
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, single)); err == nil || !strings.Contains(err.Error(), `no uv workspace (its pyproject.toml has no [tool.uv.workspace] members), so there is no member "backend"`) {
		t.Errorf("no workspace: %v", err)
	}
}
