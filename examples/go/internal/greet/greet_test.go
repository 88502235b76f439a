package greet

import (
	"testing"

	"github.com/google/uuid"
)

func TestFor(t *testing.T) {
	for name, want := range map[string]string{"": "hello, world", " gopher ": "hello, gopher"} {
		g := For(name)
		if g.Message != want {
			t.Errorf("For(%q).Message = %q, want %q", name, g.Message, want)
		}
		if _, err := uuid.Parse(g.RequestID); err != nil {
			t.Errorf("For(%q).RequestID = %q is not a UUID: %v", name, g.RequestID, err)
		}
	}
}
