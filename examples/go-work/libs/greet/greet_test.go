package greet

import "testing"

func TestMessage(t *testing.T) {
	for name, want := range map[string]string{"": "hello, World", "ada lovelace": "hello, Ada Lovelace"} {
		if got := Message(name); got != want {
			t.Errorf("Message(%q) = %q, want %q", name, got, want)
		}
	}
}
