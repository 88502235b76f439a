// Command agent is the other program: its UI is web/agent, and it compiles only with the tag
// agent. An image of hub builds neither.
package main

import (
	"log"

	"example.com/relay/web/agent"
)

func main() {
	log.Print(role, agent.Built)
}
