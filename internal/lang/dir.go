package lang

import (
	"fmt"
	"io/fs"
	"os"
)

// DirReader reads context files from a directory, as the command line and tests do; symbolic
// links may not leave it.
func DirReader(dir string) ReadFunc {
	return func(names []string, max int) (Facts, error) {
		root, err := os.OpenRoot(dir)
		if err != nil {
			return nil, err
		}
		defer root.Close()
		return ReadContext(dirFS{root}, names, max)
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
