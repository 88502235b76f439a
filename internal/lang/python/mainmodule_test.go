package python

import (
	"slices"
	"strings"
	"testing"
)

// TestAPackagesServingMainModuleRuns: with no default file, no __main__.py and no script, the
// one top-level package whose main.py starts a server when run as a program (aiohttp's demos'
// `web.run_app(app)` under `if __name__ == "__main__":`) runs as `python -m package.main`; a
// main.py that only defines, one that serves on import alone, one whose guard starts no server,
// tests/main.py, and two such packages leave the error that nothing runs.
func TestAPackagesServingMainModuleRuns(t *testing.T) {
	const serves = "from aiohttp import web\n\n\ndef main():\n    web.run_app(init_app())\n\n\nif __name__ == '__main__':\n    main()\n"
	for _, tc := range []struct {
		name string
		ctx  map[string]string
		want []string // nil: the error
	}{
		{"aiohttp's run_app", map[string]string{"chat/main.py": serves}, []string{"/opt/venv/bin/python", "-m", "chat.main"}},
		{"a __main__.py wins", map[string]string{"chat/main.py": serves, "polls/__main__.py": "from polls.main import main\nmain()\n"}, []string{"/opt/venv/bin/python", "-m", "polls"}},
		{"no guard", map[string]string{"chat/main.py": "from aiohttp import web\n\napp = web.Application()\n"}, nil},
		{"serves on import, no guard", map[string]string{"chat/main.py": "from aiohttp import web\n\nweb.run_app(web.Application())\n"}, nil},
		{"the guard starts no server", map[string]string{"chat/main.py": "import sys\n\nif __name__ == \"__main__\":\n    print(sys.argv)\n"}, nil},
		{"tests", map[string]string{"tests/main.py": serves}, nil},
		{"two packages", map[string]string{"chat/main.py": serves, "blog/main.py": serves}, nil},
	} {
		args := []string{"requirements.txt", "aiohttp\n"}
		for name, text := range tc.ctx {
			args = append(args, name, text)
		}
		p, err := inContext(t, "language: python\n", files(args...))
		if tc.want == nil {
			if err == nil || !strings.Contains(err.Error(), "nor one whose main.py starts a server as a program") {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !slices.Equal(p.Image.Entrypoint, tc.want) {
			t.Errorf("%s: entrypoint %q, want %q", tc.name, p.Image.Entrypoint, tc.want)
		}
	}
}
