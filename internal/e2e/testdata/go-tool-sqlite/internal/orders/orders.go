// Package orders keeps a shop's order lines and sums them.
package orders

import "sync"

// Book is a set of order lines, safe for concurrent use.
type Book struct {
	mu    sync.Mutex
	lines []line
}

type line struct {
	item  string
	qty   int
	cents int
}

// NewBook returns an empty book.
func NewBook() *Book { return &Book{} }

// Add records qty of item at cents each.
func (b *Book) Add(item string, qty, cents int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lines = append(b.lines, line{item, qty, cents})
}

// Total is the sum of every line, in cents.
func (b *Book) Total() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	total := 0
	for _, l := range b.lines {
		total += l.qty * l.cents
	}
	return total
}
