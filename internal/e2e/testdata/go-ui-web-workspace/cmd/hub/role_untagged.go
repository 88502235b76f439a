//go:build !hub

package main

const role = "hub (without its tag)"
