// Package greet builds the service's answers.
package greet

import (
	"strings"

	"github.com/google/uuid"
)

// Greeting is the JSON body the service answers with.
type Greeting struct {
	Message   string `json:"message"`
	RequestID string `json:"request_id"`
}

// For greets a name; an empty name greets the world.
func For(name string) Greeting {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "world"
	}
	return Greeting{Message: "hello, " + name, RequestID: uuid.NewString()}
}
