package langtest

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
)

// Writable fails t unless the plan gives the runtime user, owner, the directories dirs of the
// app directory app and nothing else: the builder runs mkdir (its command, relative to the
// builder's directory), the runtime copies each directory from the builder with owner, the
// image works in app, and the builder's copies into the app leave them out.
func Writable(t testing.TB, p *plan.Plan, owner, app, mkdir string, dirs ...string) {
	t.Helper()
	if got := Commands(p.Stage("builder")); !slices.Contains(got, mkdir) {
		t.Errorf("the builder does not run %q: %q", mkdir, got)
	}
	if p.Image.Workdir != app {
		t.Errorf("the image works in %q, want %s", p.Image.Workdir, app)
	}
	owned := 0
	for _, c := range Steps[*plan.Copy](p.Stage("runtime")) {
		switch {
		case c.Chown != "":
			if c.Chown != owner || c.FromStage != "builder" || !slices.ContainsFunc(dirs, func(d string) bool { return c.Dest == path.Join(app, d)+"/" }) {
				t.Errorf("copy %+v is the user's", c)
			}
			owned++
		case c.FromStage == "builder" && strings.TrimSuffix(c.Dest, "/") == app:
			for _, d := range dirs {
				if !slices.Contains(c.Exclude, d) {
					t.Errorf("the app's copy %q does not leave out %s: %q", c.Paths, d, c.Exclude)
				}
			}
		}
	}
	if owned != len(dirs) {
		t.Errorf("%d copies are the user's, want %d", owned, len(dirs))
	}
}

// SharedWorkdir is how the runtime makes dir before any copy into it (lang.Runtime.SharedWorkdir):
// "mode owner" ("1775 0:1000"), "" when it does not.
func SharedWorkdir(p *plan.Plan, dir string) string {
	for _, st := range p.Stage("runtime").Steps {
		if c, ok := st.(*plan.Copy); ok && slices.ContainsFunc(c.Paths, func(s string) bool { return strings.HasPrefix(s, dir) }) {
			return ""
		}
		if mk, ok := st.(*plan.Mkdir); ok && mk.Path == dir {
			return fmt.Sprintf("%o %s", mk.Mode, mk.Chown)
		}
	}
	return ""
}
