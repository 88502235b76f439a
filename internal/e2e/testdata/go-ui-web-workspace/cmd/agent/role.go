//go:build agent

package main

const role = "agent (tags of the Makefile line building ./cmd/agent)"
