package python

import (
	"path"
	"regexp"

	"github.com/org/multistage-frontend/internal/lang"
)

// serverMainPattern finds the `main` modules of the top-level packages, which a package without
// a __main__.py may run as a program: aiohttp's demos' `aiohttpdemo_chat/main.py`, whose
// `if __name__ == "__main__":` calls web.run_app.
const serverMainPattern = "*/main.py"

// mainGuard is the block a module runs only as a program.
var mainGuard = regexp.MustCompile(`(?m)^if\s+__name__\s*==\s*["']__main__["']\s*:`)

// serverMainModules are the `main` modules of the top-level packages (tests left out) that run
// as a program and start a server (startsServer: web.run_app, uvicorn.run, serve_forever):
// `python -m package.main`, as their authors run them, when nothing else names what the image
// runs.
func serverMainModules(f lang.Facts) []string {
	var out []string
	for _, file := range f.Glob(serverMainPattern) {
		pkg := path.Dir(file)
		if !moduleName.MatchString(pkg) || pkg == "tests" || pkg == "test" {
			continue
		}
		if text := f.Text(file); mainGuard.MatchString(text) && startsServer.MatchString(stripStrings(text)) {
			out = append(out, pkg+".main")
		}
	}
	return out
}
