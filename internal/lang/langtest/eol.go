package langtest

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// EndOfLife plans the spec's lines src after `language:` in facts and checks the warnings of
// rule (a *VersionEndOfLife rule): none when want is "", else one, at `version` when src has
// lines (else `language`), starting with want (up to its source's closing parenthesis), then
// that the line gets no security fixes, and naming current, the default, to move to.
func (k Kit) EndOfLife(t *testing.T, language, rule, current, src string, facts lang.Facts, want string) {
	t.Helper()
	var got []plan.Note
	for _, n := range k.MustPlan(t, "language: "+language+"\n"+src, facts).Notes {
		if n.Rule == rule {
			got = append(got, n)
		}
	}
	if want == "" {
		if len(got) != 0 {
			t.Errorf("%q: %+v, want no warning", src, got)
		}
		return
	}
	field := "language"
	if src != "" {
		field = "version"
	}
	if len(got) != 1 || !strings.HasPrefix(got[0].Msg, want+": it gets no security fixes") || got[0].Field != field ||
		!strings.Contains(got[0].Msg, "move to "+current+", the default") {
		t.Errorf("%q: %+v, want %q at %s", src, got, want, field)
	}
}
