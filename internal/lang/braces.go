package lang

// Brace-delimited blocks in a configuration file's text (a Gradle build script, a JavaScript
// config's object literal, a Python dict): read by counting braces, strings and comments not
// skipped, since a config's braces in them are rare.

// BlockEnd is the offset just past the brace that closes the one at text[open], the text's end
// when none does.
func BlockEnd(text string, open int) int {
	end, _ := BlockClose(text, open)
	return end
}

// BlockClose is BlockEnd, and whether a brace closes the block at all (false: the text ends
// inside it, and end is the text's end).
func BlockClose(text string, open int) (end int, closed bool) {
	depth := 0
	for i := open; i < len(text); i++ {
		switch text[i] {
		case '{':
			depth++
		case '}':
			depth--
		}
		if depth == 0 {
			return i + 1, true
		}
	}
	return len(text), false
}

// EnclosingBlock is the innermost block around text[at]: the offsets of its opening brace and
// just past its closing one (BlockEnd), -1 and -1 when at is outside any.
func EnclosingBlock(text string, at int) (open, end int) {
	depth := 0
	for i := at - 1; i >= 0; i-- {
		switch text[i] {
		case '}':
			depth++
		case '{':
			depth--
		}
		if depth < 0 {
			return i, BlockEnd(text, i)
		}
	}
	return -1, -1
}
