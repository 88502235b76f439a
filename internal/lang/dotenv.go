package lang

import "strings"

// DotenvValue is key's value in a dotenv file as python-dotenv and Node.js's dotenv read it: `KEY=value` or `export
// KEY=value`, the last one winning, quotes removed, an unquoted value's ` #` comment left out.
func DotenvValue(text, key string) (string, bool) {
	value, found := "", false
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimPrefix(strings.TrimSpace(line), "export ")
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(k) != key {
			continue
		}
		v = strings.TrimSpace(v)
		if q := v[:min(1, len(v))]; q == `"` || q == "'" {
			if end := strings.Index(v[1:], q); end >= 0 {
				v = v[1 : 1+end]
			}
		} else if before, _, ok := strings.Cut(v, " #"); ok {
			v = strings.TrimSpace(before)
		}
		value, found = v, true
	}
	return value, found
}
