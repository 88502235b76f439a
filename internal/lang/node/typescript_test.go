package node

import (
	"strings"
	"testing"
)

func TestATypeScriptEntryNeedsANodeThatStripsTypes(t *testing.T) {
	const pkgTS = `{"main": "src/main.ts", "scripts": {"test": "node --test"}, "dependencies": {"express": "^4"}}`
	for _, tc := range []struct {
		name, spec string
		more       []string
		err        string // "" plans
	}{
		{"Node.js 18 from .tool-versions", "language: node\n", []string{".tool-versions", "nodejs 18.19.0\n"},
			"Node.js 18 (.tool-versions) cannot run src/main.ts"},
		{"the spec's version 20", "language: node\nversion: \"20\"\n", nil, "Node.js 20 (the spec's `version`) cannot run src/main.ts"},
		{"22.6 needs the flag", "language: node\nversion: \"22.6\"\n", nil, "Node.js 22.6 (the spec's `version`) cannot run"},
		{"22.18 strips", "language: node\nversion: \"22.18\"\n", nil, ""},
		{"the latest 22 strips", "language: node\nversion: \"22\"\n", nil, ""},
		{"23.6 strips", "language: node\nversion: \"23.6.0\"\n", nil, ""},
		{"the default, 24", "language: node\n", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := append([]string{"package-lock.json", "{}", "src/main.ts", "const port: number = 3000\n"}, tc.more...)
			_, err := provider.TryPlan(t, tc.spec, facts(pkgTS, files...))
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("planning failed: %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "version: 24")):
				t.Errorf("error %v, want one with %q and the fix", err, tc.err)
			}
		})
	}
	// tsx's loader runs TypeScript on any line: a start script running tsx (a production dependency)
	tsx := `{"scripts": {"start": "tsx src/main.ts", "test": "node --test"}, "dependencies": {"tsx": "^4", "express": "^4"}}`
	if _, err := provider.TryPlan(t, "language: node\nversion: \"20\"\n", facts(tsx, "package-lock.json", "{}", "src/main.ts", "")); err != nil {
		t.Errorf("tsx on Node.js 20: %v", err)
	}
}
