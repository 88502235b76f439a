package python_test

import (
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/providers"
)

// A pyproject.toml or requirements.txt that only builds the documentation site (MkDocs,
// Zensical, Sphinx and their themes) leaves a package.json beside it the program: the Python
// files are the docs' tooling, and Node.js is detected. Python files of a program, or alone,
// stay Python's.
func TestDocsToolingLeavesTheProgramToNode(t *testing.T) {
	s := langtest.Spec(t, "ports: [3000]\n")
	pkg := []byte(`{"name": "dash", "scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "16.0.0"}}`)
	for name, f := range map[string]lang.Facts{
		"zensical pyproject, uv": {"package.json": pkg, "uv.lock": []byte("version = 1\n"),
			"pyproject.toml": []byte("[project]\nname = \"dash-docs\"\nrequires-python = \">=3.13\"\ndependencies = [\"zensical>=0.0.21\"]\n")},
		"mkdocs requirements": {"package.json": pkg,
			"requirements.txt": []byte("mkdocs==1.6.1\nmkdocs-material[imaging]==9.6.0  # theme\nmike\n")},
		"sphinx under poetry": {"package.json": pkg, "poetry.lock": nil,
			"pyproject.toml": []byte("[tool.poetry]\nname = \"docs\"\npackage-mode = false\n[tool.poetry.dependencies]\npython = \"^3.12\"\nsphinx = \"^8\"\nfuro = \"*\"\nsphinxcontrib-mermaid = \"*\"\n")},
	} {
		p, err := providers.For(s, f)
		if err != nil || p.Name() != "node" {
			t.Errorf("%s: %v %v, want node", name, p, err)
		}
	}
	for name, f := range map[string]lang.Facts{
		"a Flask app with its bundler": {"package.json": pkg, "requirements.txt": []byte("flask\ngunicorn\nmkdocs\n")},
		"a docs project alone":         {"requirements.txt": []byte("mkdocs-material\n")},
		"a docs tool of its own":       {"package.json": pkg, "pyproject.toml": []byte("[project]\nname = \"mkdocs-plugin-x\"\ndependencies = [\"mkdocs\"]\n[project.scripts]\nx = \"x:main\"\n")},
	} {
		p, err := providers.For(s, f)
		if err != nil || p.Name() != "python" {
			t.Errorf("%s: %v %v, want python", name, p, err)
		}
	}
}
