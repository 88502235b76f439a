package lang

import (
	"strings"
	"testing"
)

func TestJSONC(t *testing.T) {
	in := `{
  // a comment with "quotes", and a comma,
  "a": "http://x/*not a comment*/", /* block
  comment */ "b": [1, 2,],
  "c": {"d": "e,}",},
}`
	if got := string(JSONC([]byte(in))); strings.Contains(got, "//") && !strings.Contains(got, "http://x/*not a comment*/") ||
		strings.Contains(got, "block") || strings.Contains(got, ",]") || strings.Contains(got, ",}\n") || !strings.Contains(got, `"e,}"`) {
		t.Errorf("jsonc:\n%s", got)
	}
}
