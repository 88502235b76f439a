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
	if at, closed := ClosingBrace(text, open+1); closed {
		return at + 1, true
	}
	return len(text), false
}

// ClosingBrace is the offset of the brace closing the block that text[from] is inside, read
// from there on (a block opened after from is skipped whole): the rest of a literal whose start
// a pattern found, like urfave/cli's flag fields after its Name. closed is false when the text
// ends first, and at is then the text's end.
func ClosingBrace(text string, from int) (at int, closed bool) {
	depth := 0
	for i := from; i < len(text); i++ {
		switch text[i] {
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return i, true
			}
			depth--
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
