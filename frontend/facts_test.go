package frontend

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/gateway/client"
	"github.com/org/multistage-frontend/internal/lang"
	fstypes "github.com/tonistiigi/fsutil/types"
)

// fakeRef is a solved restricted context whose reads can fail as a gateway's can.
type fakeRef struct {
	client.Reference
	files   map[string]string
	readErr error
	dirErr  error
}

func (r fakeRef) ReadDir(_ context.Context, req client.ReadDirRequest) ([]*fstypes.Stat, error) {
	if r.dirErr != nil {
		return nil, r.dirErr
	}
	var out []*fstypes.Stat
	for name := range r.files {
		if req.Path == "." && !strings.Contains(name, "/") {
			out = append(out, &fstypes.Stat{Path: name, Mode: 0o644})
		}
	}
	return out, nil
}

func (r fakeRef) StatFile(_ context.Context, req client.StatRequest) (*fstypes.Stat, error) {
	return &fstypes.Stat{Path: req.Path, Mode: 0o644, Size: int64(len(r.files[req.Path]))}, nil
}

func (r fakeRef) ReadFile(_ context.Context, req client.ReadRequest) ([]byte, error) {
	if r.readErr != nil {
		return nil, r.readErr
	}
	return []byte(r.files[req.Filename]), nil
}

// A context read that fails is not a missing file: planning as if go.sum were absent would
// silently build something else. Only a file the restricted context does not list is absent.
func TestContextReadsFailLoudly(t *testing.T) {
	ctx := context.Background()
	names := []string{"go.mod", "go.sum", "vendor/modules.txt"}
	files := map[string]string{"go.mod": "module m\n", "go.sum": "m v1 h1:x\n"}
	facts, err := lang.ReadContext(refFS{ctx, fakeRef{files: files}}, names, 10)
	if err != nil || facts.Text("go.sum") != files["go.sum"] || facts.Has("vendor/modules.txt") {
		t.Fatalf("facts %v, %v", facts, err)
	}
	for _, ref := range []fakeRef{
		{files: files, readErr: context.Canceled},
		{files: files, readErr: os.ErrPermission},
		{files: files, dirErr: errors.New("rpc error: code = Unavailable")},
	} {
		_, err := lang.ReadContext(refFS{ctx, ref}, names, 10)
		if err == nil || !strings.Contains(err.Error(), "build context") {
			t.Errorf("%v/%v: planned anyway (%v)", ref.readErr, ref.dirErr, err)
		}
	}
}
