// Package greet makes the shop's greetings.
package greet

import "example.com/shop/textcase"

// Message greets name, capitalised (the world when it is empty).
func Message(name string) string {
	if name == "" {
		name = "world"
	}
	return "hello, " + textcase.Title(name)
}
