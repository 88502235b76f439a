package orders

import "testing"

func TestTotal(t *testing.T) {
	b := NewBook()
	b.Add("filter papers", 3, 450)
	b.Add("kettle", 1, 3900)
	if got := b.Total(); got != 5250 {
		t.Fatalf("total %d, want 5250", got)
	}
}
