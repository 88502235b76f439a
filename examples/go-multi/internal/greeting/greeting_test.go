package greeting

import "testing"

func TestFor(t *testing.T) {
	for name, want := range map[string]string{"ada": "hello, ada", "  ": "hello, world", "": "hello, world"} {
		if got := For(name, "1.0").Message; got != want {
			t.Errorf("For(%q) = %q, want %q", name, got, want)
		}
	}
}
