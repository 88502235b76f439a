//go:build noweb

package hub

import "testing/fstest"

// UI is empty without the UI's build (the Makefile's noweb).
var UI = fstest.MapFS{"dist/index.html": {Data: []byte("built without its UI\n")}}
