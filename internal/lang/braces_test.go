package lang

import "testing"

func TestBlocks(t *testing.T) {
	text := "a { b { c } d } e { f"
	for _, tc := range []struct{ open, end int }{{2, 15}, {6, 11}, {18, len(text)}} {
		if got := BlockEnd(text, tc.open); got != tc.end {
			t.Errorf("BlockEnd(%d) = %d, want %d", tc.open, got, tc.end)
		}
	}
	// A block closed by the text's last brace, and one the text ends inside: the same end.
	for _, tc := range []struct {
		text   string
		closed bool
	}{{"{ a }", true}, {"{ { a }", false}} {
		if end, closed := BlockClose(tc.text, 0); end != len(tc.text) || closed != tc.closed {
			t.Errorf("BlockClose(%q) = %d, %v, want %d, %v", tc.text, end, closed, len(tc.text), tc.closed)
		}
	}
	// From inside a block: a block opened on the way is skipped whole, a brace before from is not
	// counted, and the text may end first.
	for _, tc := range []struct {
		text   string
		from   int
		at     int
		closed bool
	}{{"{ a { b } c } d }", 2, 12, true}, {"{ a } b }", 5, 8, true}, {"a { b", 0, 5, false}, {"}", 0, 0, true}, {"", 0, 0, false}} {
		if at, closed := ClosingBrace(tc.text, tc.from); at != tc.at || closed != tc.closed {
			t.Errorf("ClosingBrace(%q, %d) = %d, %v, want %d, %v", tc.text, tc.from, at, closed, tc.at, tc.closed)
		}
	}
	for _, tc := range []struct{ at, open, end int }{{0, -1, -1}, {4, 2, 15}, {9, 6, 11}, {13, 2, 15}, {16, -1, -1}, {20, 18, len(text)}} {
		if open, end := EnclosingBlock(text, tc.at); open != tc.open || end != tc.end {
			t.Errorf("EnclosingBlock(%d) = %d, %d, want %d, %d", tc.at, open, end, tc.open, tc.end)
		}
	}
}
