package lang

import "slices"

// AppendNew appends to list the items it does not hold yet, in their order, each once: the
// paths, names and patterns planning gathers from several places keep the first place they
// were found in.
func AppendNew[T comparable](list []T, items ...T) []T {
	for _, it := range items {
		if !slices.Contains(list, it) {
			list = append(list, it)
		}
	}
	return list
}

// Unique is items without repeats, each where it first stands (nil for none).
func Unique[T comparable](items []T) []T { return AppendNew(nil, items...) }

// Only is the one item of items that keep accepts (repeats counting once), the zero value for
// none or several: planning picks a script, a file or a binary by its kind only when the kind
// leaves no choice.
func Only[T comparable](items []T, keep func(T) bool) T {
	var one T
	found := false
	for _, it := range items {
		switch {
		case !keep(it) || found && it == one:
		case found:
			var none T
			return none
		default:
			one, found = it, true
		}
	}
	return one
}
