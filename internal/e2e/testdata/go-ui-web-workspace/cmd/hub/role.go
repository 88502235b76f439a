//go:build hub

package main

const role = "hub (tags of the Makefile line building ./cmd/hub)"
