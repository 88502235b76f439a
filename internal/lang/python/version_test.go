package python

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestMain plans on a fixed day, so that a line's end of life (PythonVersionEndOfLife) does not
// change the tests' plans as time passes: 3.10 and older have ended then, 3.11 (the default) has not.
func TestMain(m *testing.M) {
	langtest.MainOn(m, 2026, 12, 5)
}

// TestPythonVersionEndOfLife: a version of a line past its end of life, from the spec,
// .python-version or a requires-python that excludes the default, is warned of with its date and
// source, at `version` when the spec names it; a supported one, a major alone, a requires-python
// the default meets and the default are not.
func TestPythonVersionEndOfLife(t *testing.T) {
	app := func(more ...string) lang.Facts {
		return files(append([]string{"requirements.txt", "flask\n", "main.py", ""}, more...)...)
	}
	project := func(requires string) lang.Facts {
		return app("pyproject.toml", "[project]\nname = \"x\"\nrequires-python = \""+requires+"\"\n")
	}
	for _, c := range []struct {
		src   string
		facts lang.Facts
		want  string // the warning's start, "" for none
	}{
		{"version: \"3.9\"\n", app(), "Python 3.9 reached its end of life on 2025-10-31 (the spec's `version`)"},
		{"version: 3.8.10\n", app(), "Python 3.8 reached its end of life on 2024-10-07 (the spec's `version`)"},
		{"", app(".python-version", "3.10.4\n"), "Python 3.10 reached its end of life on 2026-10-31 (.python-version's 3.10)"},
		{"", project(">=3.8,<3.11"), "Python 3.10 reached its end of life on 2026-10-31 (requires-python \">=3.8,<3.11\")"},
		{"version: \"2.7\"\n", app(), "Python 2.7 reached its end of life on 2020-01-01 (the spec's `version`)"},
		{"", project(">=3.8"), ""},
		{"", app(".python-version", "3.12\n"), ""},
		{"version: \"3\"\n", app(), ""},
		{"", app(), ""},
	} {
		provider.EndOfLife(t, "python", "PythonVersionEndOfLife", "3.11", c.src, c.facts, c.want)
	}
	// a line's end of life is a day: the day before, 3.11 (the default, examples/python's) is
	// supported, and the default is never warned of
	for day, want := range map[int]int{30: 0, 31: 1} {
		langtest.OnDay(t, 2027, 10, day)
		f := app()
		if n := provider.MustPlan(t, "language: python\nversion: \"3.11\"\n", f).Notes; len(n) != want {
			t.Errorf("3.11 on 2027-10-%d: %+v", day, n)
		}
		if n := provider.MustPlan(t, "language: python\n", f).Notes; len(n) != 0 {
			t.Errorf("the default on 2027-10-%d: %+v", day, n)
		}
	}
}

func TestRequiresPythonPicksTheDefaultElseTheNewest(t *testing.T) {
	for spec, want := range map[string]string{
		"":                    "3.11",
		">=3.8":               "3.11",
		">=3.9,<3.13":         "3.11",
		">=3.12":              "3.14",
		">=3.12, <3.14":       "3.13",
		"~=3.10":              "3.11",
		"~=3.12.1":            "3.12",
		"==3.10.*":            "3.10",
		"!=3.11.*, >=3.10":    "3.14",
		">3.11":               "3.11", // 3.11.1 > 3.11
		"<3.11":               "3.10",
		"<=3.11.4":            "3.11",
		"^3.12":               "3.14", // Poetry
		"~3.12":               "3.12", // Poetry
		"3.10":                "3.10", // Poetry's bare version
		"3.10.*":              "3.10",
		"*":                   "3.11",
		"^3.9 || ^3.13":       "3.11",
		">=3.13,<3.14 || 3.9": "3.13",
		"==3.12.4":            "3.12",
	} {
		got, err := versionFor(spec, 0)
		if err != nil || got != want {
			t.Errorf("requires-python %q: %q (%v), want %q", spec, got, err, want)
		}
	}
}

func TestRequiresPythonErrors(t *testing.T) {
	for _, spec := range []string{"<3", ">=4", "python>=3", ">=3.x"} {
		if v, err := versionFor(spec, 0); err == nil {
			t.Errorf("requires-python %q gave %q, want an error", spec, v)
		}
	}
}

func TestPythonVersionFile(t *testing.T) {
	for text, want := range map[string]string{
		"3.12\n":                "3.12",
		"3.11.7\n":              "3.11",
		"# pinned\n\n3.13.1\n":  "3.13",
		"cpython-3.12.4\n":      "3.12",
		"python-3.6.5":          "3.6", // Heroku's runtime.txt
		"java-17\n":             "",
		"system\n":              "",
		"pypy3.10-7.3.12\n3.11": "",
		"":                      "",
	} {
		if got := pythonVersionFile(text); got != want {
			t.Errorf(".python-version %q: %q, want %q", text, got, want)
		}
	}
}

// TestPythonFromTheProjectsDockerfile: a project naming no Python of its own (no spec version,
// .python-version, runtime.txt) gets the one its own Dockerfile's image runs, as fief's
// docker/Dockerfile `FROM python:3.12-slim` beside `requires-python = ">=3.12"` (which alone
// picks the newest, 3.14, where its pinned 2024 dependencies have no wheels) and MediaCMS's
// `python:3.13.5-bookworm` beside a requirements.txt: the last stage's image first, through the
// stages it starts from. Not one requires-python or a pinned framework's floor excludes, nor one
// older than the default, nor for the distroless runtime (Debian 12's 3.11); the spec's version
// and .python-version still win.
func TestPythonFromTheProjectsDockerfile(t *testing.T) {
	const api = "from fastapi import FastAPI\n\napp = FastAPI()\n"
	pyproject := func(requires string) string {
		return "[project]\nname = \"authd\"\nversion = \"1.0\"\nrequires-python = \"" + requires + "\"\ndependencies = [\"fastapi==0.115.4\", \"pydantic==2.9.2\", \"uvicorn[standard]==0.32.0\"]\n"
	}
	service := files("pyproject.toml", pyproject(">=3.12"), "main.py", api,
		"docker/Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nRUN pip install authd\nCMD [\"authd\", \"run-server\"]\n")
	site := files("requirements.txt", "Django==5.2.4\ngunicorn==23.0.0\n", "manage.py", djangoManage, "mysite/__init__.py", "",
		"mysite/settings.py", djangoSettingsPy, "mysite/wsgi.py", "")
	for _, tc := range []struct {
		name, src string
		ctx       lang.Facts
		want      string
	}{
		{"docker/Dockerfile beside requires-python", "language: python\n", service, "python:3.12-slim"},
		{"without it, the newest requires-python allows", "language: python\n", with(service, "docker/Dockerfile", ""), "python:3.14-slim"},
		{"a patch release, the last stage's through the stage it starts from", "language: python\n",
			with(site, "Dockerfile", "FROM node:22 AS assets\nRUN npm ci\nFROM python:3.13.5-bookworm AS base\nWORKDIR /home/site\nFROM base\nCOPY . .\n"), "python:3.13-slim"},
		{"a registry's path and an ARG", "language: python\n",
			with(site, "Dockerfile", "ARG PY=3.12\nFROM docker.io/library/python:${PY}-slim\nWORKDIR /app\n"), "python:3.12-slim"},
		{"uv's image", "language: python\n",
			with(site, "Dockerfile", "FROM ghcr.io/astral-sh/uv:python3.13-bookworm-slim\nWORKDIR /app\n"), "python:3.13-slim"},
		{"a build stage's, the runtime's not a python image", "language: python\n",
			with(site, "Dockerfile", "FROM python:3.13 AS build\nWORKDIR /src\nFROM debian:bookworm-slim\nCOPY --from=build /src /src\n"), "python:3.13-slim"},
		{"older than the default", "language: python\n", with(site, "Dockerfile", "FROM python:3.9-slim\nWORKDIR /app\n"), "python:3.11-slim"},
		{"excluded by requires-python", "language: python\n", with(service, "docker/Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\n",
			"pyproject.toml", pyproject(">=3.13")), "python:3.14-slim"},
		{"below Django 6's floor", "language: python\n", with(site, "requirements.txt", "Django==6.0.1\ngunicorn\n",
			"Dockerfile", "FROM python:3.11-slim\nWORKDIR /app\n"), "python:3.12-slim"},
		{"the spec's version", "language: python\nversion: \"3.13\"\n", service, "python:3.13-slim"},
		{".python-version", "language: python\n", with(service, ".python-version", "3.14\n"), "python:3.14-slim"},
		{"distroless", "language: python\nruntime: distroless\n", with(site, "Dockerfile", "FROM python:3.13-slim\nWORKDIR /app\n"),
			"gcr.io/distroless/python3-debian12:nonroot"},
	} {
		p, err := inContext(t, tc.src, tc.ctx)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		base := p.Stage("runtime-base")
		if base == nil {
			base = p.Stage("runtime")
		}
		if got := base.Base.Image; got != tc.want {
			t.Errorf("%s: runtime %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestPythonFloorOfRuffsTargetVersion(t *testing.T) {
	// a Django project with no requires-python whose code uses Python 3.12's itertools.batched
	// and `type` statements, and says so only in Ruff's target-version (DefectDojo's ruff.toml;
	// its Dockerfiles are named Dockerfile.django-debian and the like)
	site := files("requirements.txt", "Django==5.2.4\ngunicorn==23.0.0\n", "manage.py", djangoManage, "mysite/__init__.py", "",
		"mysite/settings.py", djangoSettingsPy, "mysite/wsgi.py", "",
		"mysite/helper.py", "from itertools import batched\n\ntype Pair = tuple[int, int]\n")
	wantRuntimes(t, []runtimeCase{
		{"ruff.toml", "language: python\n", with(site, "ruff.toml", "line-length = 120\ntarget-version = \"py313\"\n\n[lint]\nselect = [\"E\"]\n"), "python:3.13-slim"},
		{".ruff.toml", "language: python\n", with(site, ".ruff.toml", "target-version = 'py312'\n"), "python:3.12-slim"},
		{"pyproject.toml's [tool.ruff]", "language: python\n", files("pyproject.toml", "[project]\nname = \"tally\"\nversion = \"1.0\"\n"+
			"dependencies = [\"fastapi==0.115.4\", \"uvicorn==0.32.0\"]\n\n[tool.ruff]\ntarget-version = \"py312\"\n", "main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n"), "python:3.12-slim"},
		{"older than the default", "language: python\n", with(site, "ruff.toml", "target-version = \"py39\"\n"), "python:3.11-slim"},
		{"requires-python's upper bound", "language: python\n", files("pyproject.toml", "[project]\nname = \"tally\"\nversion = \"1.0\"\nrequires-python = \">=3.10,<3.13\"\n"+
			"dependencies = [\"fastapi==0.115.4\", \"uvicorn==0.32.0\"]\n\n[tool.ruff]\ntarget-version = \"py313\"\n", "main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n"), "python:3.11-slim"},
		{"the spec's version", "language: python\nversion: \"3.14\"\n", with(site, "ruff.toml", "target-version = \"py313\"\n"), "python:3.14-slim"},
	})
	// distroless has 3.11: refused at plan time, saying why 3.13
	_, err := inContext(t, "language: python\nruntime: distroless\n", with(site, "ruff.toml", "target-version = \"py313\"\n"))
	if err == nil || !strings.Contains(err.Error(), "has Python 3.11, not 3.13 (ruff.toml's Ruff target-version py313)") {
		t.Errorf("distroless: %v", err)
	}
}

// runtimeCase is a spec planned in a context, and the runtime's base image it wants.
type runtimeCase struct {
	name, src string
	ctx       lang.Facts
	want      string
}

// wantRuntimes plans each case and checks its runtime's base image.
func wantRuntimes(t *testing.T, cases []runtimeCase) {
	t.Helper()
	for _, tc := range cases {
		p, err := inContext(t, tc.src, tc.ctx)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := p.Stage("runtime-base").Base.Image; got != tc.want {
			t.Errorf("%s: runtime %q, want %q", tc.name, got, tc.want)
		}
	}
}
