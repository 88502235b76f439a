// Package textcase capitalises names.
package textcase

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Title capitalises the first letter of each word.
func Title(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r, n := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return strings.Join(words, " ")
}
