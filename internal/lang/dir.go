package lang

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// DirReader reads context files from a directory, as the command line and tests do; symbolic
// links may not leave it.
func DirReader(dir string) ReadFunc { return rootReader(dir, nil) }

// rootReader reads context files from the directory, leaving out what ignore matches when it is
// not nil.
func rootReader(dir string, ignore *patternmatcher.PatternMatcher) ReadFunc {
	return func(names []string, max int) (Facts, error) {
		root, err := os.OpenRoot(dir)
		if err != nil {
			return nil, err
		}
		defer root.Close()
		var cfs ContextFS = dirFS{root}
		if ignore != nil {
			cfs = ignoringFS{dirFS{root}, ignore}
		}
		return ReadContext(cfs, names, max)
	}
}

type dirFS struct{ root *os.Root }

// ReadDir lists a directory with symbolic links resolved; a link that leads nowhere or out of
// the directory is listed as a file, so reading it fails if it is asked for.
func (d dirFS) ReadDir(dir string) ([]Entry, error) {
	f, err := d.root.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	des, err := f.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(des))
	for _, de := range des {
		e := Entry{Name: de.Name(), Dir: de.IsDir()}
		if de.Type()&fs.ModeSymlink != 0 {
			if fi, err := d.root.Stat(dir + "/" + de.Name()); err == nil {
				e.Dir = fi.IsDir()
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// ReadFile reads a regular file (not a fifo or device, which could block or never end).
func (d dirFS) ReadFile(name string) ([]byte, error) {
	fi, err := d.root.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	return d.root.ReadFile(name)
}

// ContextReader is DirReader for a directory read as BuildKit sends it as the build context:
// what its .dockerignore leaves out is absent (etherpad-lite's leaves out its Dockerfile, whose
// WORKDIR and VOLUMEs planning would otherwise read). The command line plans with it, so that
// `check` and `dockerfile` see the context a build sees.
func ContextReader(dir string) (ReadFunc, error) {
	pm, err := dockerignore(dir)
	if err != nil || pm == nil {
		return DirReader(dir), err
	}
	read := rootReader(dir, pm)
	return func(names []string, max int) (Facts, error) {
		f, err := read(names, max)
		if err == nil && slices.Contains(names, IgnoreFile) && !f.Has(IgnoreFile) {
			// BuildKit reads it before it applies it, even when it leaves itself out
			f[IgnoreFile], err = os.ReadFile(filepath.Join(dir, IgnoreFile))
		}
		return f, err
	}, nil
}

// dockerignore is the matcher of the directory's .dockerignore; nil without one.
func dockerignore(dir string) (*patternmatcher.PatternMatcher, error) {
	f, err := os.Open(filepath.Join(dir, IgnoreFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil || len(patterns) == 0 {
		return nil, err
	}
	return patternmatcher.New(patterns)
}

// ignoringFS lists a directory without what the .dockerignore excludes; a directory that is
// excluded stays listed when exceptions (`!`) may bring back files below it, which are then
// matched one by one, as BuildKit walks the context.
type ignoringFS struct {
	dirFS
	pm *patternmatcher.PatternMatcher
}

func (d ignoringFS) ReadDir(dir string) ([]Entry, error) {
	entries, err := d.dirFS.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(entries, func(e Entry) bool {
		ignored, _ := d.pm.MatchesOrParentMatches(path.Join(dir, e.Name))
		return ignored && !(e.Dir && d.pm.Exclusions())
	}), nil
}
