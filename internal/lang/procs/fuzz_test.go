package procs_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/spec"
)

// FuzzProcfile: a Procfile comes from the build context. Whatever it holds, planning ends in a
// plan or an error, never a panic; every process is a stage with a target's name on the runtime
// stage, and its command is words without control characters, run as they are (a command that
// needs a shell is one script for /bin/sh -c).
func FuzzProcfile(f *testing.F) {
	f.Add("web: node web.js\nworker: node worker.js --queue=\"a b\"\n# comment\n")
	f.Add("web: bundle exec puma -p $PORT\nrelease: ./migrate && ./seed\n")
	f.Add("Web: x\n\n:\nweb:\nweb: 'unterminated\n")
	s := langtest.Spec(f, "language: node\n")
	name := regexp.MustCompile(spec.ProcessNamePattern)
	f.Fuzz(func(t *testing.T, procfile string) {
		facts := lang.Facts{"package.json": []byte(`{"main": "web.js"}`), "package-lock.json": []byte(`{}`), "web.js": nil, "Procfile": []byte(procfile)}
		p, err := providers.Plan(s, facts)
		if err != nil {
			return
		}
		for _, pr := range p.Processes {
			st := p.Stage(pr.Name)
			if !name.MatchString(pr.Name) || slices.Contains(spec.ReservedTargets, pr.Name) || st == nil || st.Base.Stage != "runtime" || len(st.Steps) != 0 {
				t.Fatalf("process %q: stage %+v", pr.Name, st)
			}
			if len(pr.Entrypoint) == 0 || strings.HasPrefix(pr.Entrypoint[0], "-") ||
				slices.ContainsFunc(pr.Entrypoint, func(w string) bool {
					return strings.ContainsFunc(w, func(r rune) bool { return r < 0x20 || r == 0x7f })
				}) {
				t.Fatalf("process %q runs %q", pr.Name, pr.Entrypoint)
			}
		}
		if len(p.Processes) > 0 && p.ImageOf(p.Default) == nil {
			t.Fatalf("the default %q has no image", p.Default)
		}
	})
}
