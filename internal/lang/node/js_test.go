package node

import (
	"strings"
	"testing"
)

// TestJSExported: the object a file exports, however it exports it; none otherwise.
func TestJSExported(t *testing.T) {
	for src, want := range map[string]string{
		"module.exports = { a: 'x' }\n":                                                            "x",
		"export default {\n  a: \"x\", // why\n}\n":                                                "x",
		"import { defineConfig } from 'astro/config';\nexport default defineConfig({ a: `x` });\n": "x",
		"const config = { a: 'x' }\nexport default config\n":                                       "",
	} {
		got, _ := jsExported(src)["a"].(string)
		if got != want {
			t.Errorf("%q: a is %q, want %q", src, got, want)
		}
	}
}

// TestJSValueIsBounded: objects nested deeper than maxJSDepth are not read, and text that never
// closes is read to its end.
func TestJSValueIsBounded(t *testing.T) {
	deep := strings.Repeat("{a: ", 10000) + "'x'" + strings.Repeat("}", 10000)
	if _, ok := jsValue(deep, 0).(map[string]any); !ok {
		t.Errorf("not an object")
	}
	for _, src := range []string{"{a: 'x", "{a: /* x", "{'a", "{a: {b: `c"} {
		_ = jsValue(src, 0)
	}
}
