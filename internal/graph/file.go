package graph

import (
	"time"

	"github.com/moby/buildkit/client/llb"
)

// File is a state holding one file at its root, readable by everyone: the output of a target
// that is a document rather than an image (the ejected Dockerfile). name labels the progress.
func File(path string, data []byte, epoch *time.Time, name string) llb.State {
	var opts []llb.MkfileOption
	if epoch != nil {
		opts = append(opts, llb.WithCreatedTime(*epoch))
	}
	return llb.Scratch().File(llb.Mkfile(path, 0o644, data, opts...), llb.WithCustomName(name))
}
