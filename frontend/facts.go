package frontend

import (
	"bytes"
	"context"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/gateway/client"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/spec"
	"github.com/pkg/errors"
)

// contextRead is what planning read of the build context, for the dependency steps.
type contextRead struct {
	// files are the paths read or asked for, present or not (graph.Options.DepFiles).
	files []string
	// names are every name planning asked for, patterns too: the context restricted to them
	// holds files, and after one round of reads it is the very state planning solved.
	names []string
}

// readFacts fetches only the files planning needs from the build context (manifests,
// lockfiles, and what they point at), so planning costs the same on a huge repository as on a
// small one. It returns the facts and what it read, for the dependency steps. With the first
// files it reads the build file's name, and returns its path when the context holds the build
// file itself there (the same bytes): the usual `docker build .`, where the build then leaves it
// out of its source copies. A workspace package's spec beside it is looked for in the package's
// directory too: `docker build -f apps/web/Dockerfile .` sends only the name "Dockerfile".
func readFacts(ctx context.Context, bc *dockerui.Client, s *spec.Spec, src *dockerui.Source) (lang.Facts, contextRead, string, error) {
	var candidates []string
	if buildFile := path.Clean(src.Filename); lang.CheckContextName(buildFile) == nil && !strings.ContainsAny(buildFile, "*?[") {
		candidates = append(candidates, buildFile)
		if dir, ok := lang.CleanRelPath(s.Workspace); ok && dir != "." && !strings.HasPrefix(s.Workspace, "@") && !strings.Contains(buildFile, "/") {
			if beside := path.Join(dir, buildFile); lang.CheckContextName(beside) == nil {
				candidates = append(candidates, beside)
			}
		}
	}
	first, held := true, ""
	var asked []string
	facts, read, err := providers.Read(s, func(names []string, max int) (lang.Facts, error) {
		var extra []string
		if first {
			for _, c := range candidates {
				if !slices.Contains(names, c) {
					extra = append(extra, c)
				}
			}
			names = append(slices.Clone(names), extra...)
		}
		first = false
		asked = append(asked, names...)
		f, err := readContext(ctx, bc, names, max)
		if err != nil {
			return f, err
		}
		if slices.Contains(names, lang.IgnoreFile) {
			// the patterns BuildKit applies (the build file's own ignore file first), also
			// when the file leaves itself out of the context
			patterns, err := bc.DockerIgnorePatterns(ctx)
			if err != nil {
				return nil, err
			}
			if len(patterns) > 0 {
				f[lang.IgnoreFile] = []byte(strings.Join(patterns, "\n") + "\n")
			}
		}
		for _, c := range candidates {
			if held == "" && f.Has(c) && bytes.Equal(f[c], src.Data) {
				held = c
			}
		}
		for _, c := range extra {
			delete(f, c)
		}
		return f, nil
	})
	if err != nil {
		return nil, contextRead{}, "", err
	}
	for _, c := range candidates {
		if !slices.Contains(read, c) {
			read = append(read, c)
		}
	}
	return facts, contextRead{files: read, names: asked}, held, nil
}

// readContext reads names from the context restricted to them.
func readContext(ctx context.Context, bc *dockerui.Client, names []string, max int) (lang.Facts, error) {
	st, err := factsContext(ctx, bc, names)
	if err != nil {
		return nil, err
	}
	def, err := st.Marshal(ctx, llb.WithCaps(bc.GatewayClient().BuildOpts().LLBCaps))
	if err != nil {
		return nil, err
	}
	res, err := bc.GatewayClient().Solve(ctx, client.SolveRequest{Definition: def.ToPB()})
	if err != nil {
		return nil, errors.Wrap(err, "reading the build context")
	}
	ref, err := res.SingleRef()
	if err != nil {
		return nil, err
	}
	return lang.ReadContext(refFS{ctx, ref}, names, max)
}

// refFS is the build context restricted to the names asked for, as planning reads it. The
// restricted context holds only those names (and the directories leading to them), so a
// directory listing says which exist: no error needs to be taken for "not found", and every
// error fails the build.
type refFS struct {
	ctx context.Context
	ref client.Reference
}

func (r refFS) ReadDir(dir string) ([]lang.Entry, error) {
	sts, err := r.ref.ReadDir(r.ctx, client.ReadDirRequest{Path: dir})
	if err != nil {
		return nil, err
	}
	out := make([]lang.Entry, 0, len(sts))
	for _, st := range sts {
		mode := os.FileMode(st.Mode)
		e := lang.Entry{Name: st.Path, Dir: mode.IsDir(), Link: mode&os.ModeSymlink != 0}
		if e.Link {
			// resolved inside the context, as the command line's directory listing resolves it: a
			// link to a file (a go.sum linked from elsewhere) is a file, which a pattern's walk
			// (*/go.mod) must not list as a directory; a link whose target is not in the restricted
			// context stays unresolved
			if t, err := r.ref.StatFile(r.ctx, client.StatRequest{Path: path.Join(dir, st.Path)}); err == nil {
				e.Dir, e.Link = os.FileMode(t.Mode).IsDir(), false
			}
		}
		out = append(out, e)
	}
	return out, nil
}

func (r refFS) ReadFile(name string) ([]byte, error) {
	return dockerui.ReadFile(r.ctx, r.ref, name)
}

// factsContext is the build context restricted to the named files and patterns. The build uses
// the same state to copy dependency files (graph.Options.DepContext): solved already for
// planning, it lets the dependency steps start before the whole context has arrived. A probe's
// directory comes whole (an include pattern takes what is below it), though planning only
// notes that it is there.
func factsContext(ctx context.Context, bc *dockerui.Client, files []string) (*llb.State, error) {
	paths := make([]string, 0, len(files))
	for _, f := range files {
		paths = append(paths, strings.TrimSuffix(f, "/")) // a presence probe (lang.Probe) takes the path
	}
	files = slices.Compact(slices.Sorted(slices.Values(paths))) // one state for one set of files
	return mainContext(ctx, bc,
		llb.FollowPaths(files),
		llb.SharedKeyHint("multistage-frontend-facts"),
		dockerui.WithInternalName("load "+summary(files)),
		llb.Differ(llb.DiffNone, false),
	)
}

func summary(files []string) string {
	if len(files) <= 3 {
		return strings.Join(files, ", ")
	}
	return files[0] + ", " + files[1] + " and " + strconv.Itoa(len(files)-2) + " more"
}
