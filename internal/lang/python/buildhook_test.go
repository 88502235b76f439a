package python

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestABuildHookRunningNpmIsWarned: a wheel's build hook that runs npm (a hatchling custom hook,
// a setup.py cmdclass) fails in the builder, which has none; the warning names the `assets` that
// build the front end first, with its directory and the output the hook names.
func TestABuildHookRunningNpmIsWarned(t *testing.T) {
	const hatch = "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n" +
		"[project]\nname = \"tally\"\nversion = \"1.0\"\ndependencies = [\"click\"]\n[project.scripts]\ntally = \"tally.cli:main\"\n"
	const hook = "import shutil\nimport subprocess\nfrom hatchling.builders.hooks.plugin.interface import BuildHookInterface\n\n" +
		"class Hook(BuildHookInterface):\n    def initialize(self, version, build_data):\n" +
		"        if (Path(self.root) / \"src/tally/assets/main.js\").exists():\n            return\n" +
		"        npm = shutil.which(\"npm\")\n        subprocess.run((npm, \"run\", \"build\"), cwd=Path(self.root) / \"web\", check=True)\n"
	const ui = "{\"private\": true, \"scripts\": {\"build\": \"node make.mjs\"}}"
	pkg := func(pyproject string, kv ...string) lang.Facts {
		return langtest.With(files("pyproject.toml", hatch+pyproject, "src/tally/__init__.py", "", "src/tally/cli.py", "def main():\n    pass\n",
			"docs/package.json", ui), kv...)
	}
	for _, c := range []struct {
		name, spec string
		ctx        lang.Facts
		want       []string // in the note; none for no note
	}{
		{"hatch's default file", "language: python\n", pkg("[tool.hatch.build.hooks.custom]\n", "hatch_build.py", hook, "web/package.json", ui),
			[]string{"hatch_build.py, the package's build hook (pyproject.toml's [tool.hatch.build.hooks.custom]), runs npm", "`assets: {dir: web, script: build, output: src/tally/assets}`"}},
		{"the wheel target's, a path of its own", "language: python\n", pkg("[tool.hatch.build.targets.wheel.hooks.custom]\npath = \"tools/hook.py\"\n", "tools/hook.py", strings.ReplaceAll(hook, "\"npm\"", "\"yarn\""), "web/package.json", ui),
			[]string{"tools/hook.py, the package's build hook (pyproject.toml's [tool.hatch.build.targets.wheel.hooks.custom]), runs yarn"}},
		{"setup.py's cmdclass", "language: python\n", files("setup.py", "import subprocess\nfrom setuptools import setup\nfrom setuptools.command.build_py import build_py\n\n"+
			"class BuildUI(build_py):\n    def run(self):\n        subprocess.check_call(['pnpm', 'build'])\n        super().run()\n\nsetup(name='tally', cmdclass={'build_py': BuildUI})\n",
			"tally/__init__.py", "", "tally/__main__.py", "", "package.json", ui),
			[]string{"setup.py, the package's build hook (its cmdclass), runs pnpm", "`assets: {dir: ., script: build, output: <the directory it writes>}`"}},
		{"a hook running no npm", "language: python\n", pkg("[tool.hatch.build.hooks.custom]\n", "hatch_build.py", "import subprocess\n# npm is not needed\nsubprocess.run(['make', 'mo'])\n"), nil},
		{"with assets", "language: python\nassets: {dir: web, output: src/tally/assets}\n", pkg("[tool.hatch.build.hooks.custom]\n", "hatch_build.py", hook, "web/package.json", ui), nil},
		{"no hook declared", "language: python\n", pkg("", "hatch_build.py", hook), nil},
	} {
		note := noteOf(mustContext(t, c.spec, c.ctx), "BuildHookRunsNode")
		if (note == "") != (c.want == nil) {
			t.Errorf("%s: BuildHookRunsNode %q, want one: %v", c.name, note, c.want != nil)
		}
		for _, w := range c.want {
			if !strings.Contains(note, w) {
				t.Errorf("%s: BuildHookRunsNode %q, want it to hold %q", c.name, note, w)
			}
		}
	}
}
