package langtest

import (
	"os"
	"strings"
	"testing"
	"time"

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

// Day is a lang.Today that answers the day (at midnight UTC): a test's plans then do not change
// as lines reach their end of life.
func Day(year int, month time.Month, day int) func() time.Time {
	return func() time.Time { return time.Date(year, month, day, 0, 0, 0, 0, time.UTC) }
}

// OnDay makes the day lang.Today for the rest of the test, and puts the day before it back
// after the test.
func OnDay(t testing.TB, year int, month time.Month, day int) {
	old := lang.Today
	t.Cleanup(func() { lang.Today = old })
	lang.Today = Day(year, month, day)
}

// MainOn runs a package's tests (from its TestMain) with the day as lang.Today throughout, so
// that no plan of theirs changes as lines reach their end of life.
func MainOn(m *testing.M, year int, month time.Month, day int) {
	lang.Today = Day(year, month, day)
	os.Exit(m.Run())
}
