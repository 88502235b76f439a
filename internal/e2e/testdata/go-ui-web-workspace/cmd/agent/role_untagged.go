//go:build !agent

package main

const role = "agent (without its tag)"
