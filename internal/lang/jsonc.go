package lang

import (
	"regexp"
	"strings"
)

// JSONC strips the comments and trailing commas of a JSON-with-comments file (tsconfig.json,
// nest-cli.json, deno.jsonc), leaving strings alone.
func JSONC(data []byte) []byte {
	return trailingCommas.ReplaceAll(stripComments(data), []byte("${1}${2}"))
}

// trailingCommas are commas before a closing bracket; stripComments has removed the comments, and
// strings are matched first so that a comma inside one is kept.
var trailingCommas = regexp.MustCompile(`("(?:[^"\\]|\\.)*")|,\s*([}\]])`)

// stripComments copies data without its // and /* */ comments, leaving strings alone.
func stripComments(data []byte) []byte {
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(data) && data[j] != '"' {
				if data[j] == '\\' {
					j++
				}
				j++
			}
			end := min(j+1, len(data))
			out = append(out, data[i:end]...)
			i = end - 1
		case c == '/' && i+1 < len(data) && data[i+1] == '/':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(data) && data[i+1] == '*':
			end := strings.Index(string(data[i+2:]), "*/")
			if end < 0 {
				return out
			}
			i += end + 3
		default:
			out = append(out, c)
		}
	}
	return out
}
