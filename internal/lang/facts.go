package lang

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/org/multistage-frontend/spec"
	"golang.org/x/sync/errgroup"
)

// Facts are the context files the frontend read for the provider: path to content, present files only.
type Facts map[string][]byte

// IgnoreFile is the name under which planning reads the .dockerignore BuildKit applies to the
// build context (the build file's own `<build file>.dockerignore` in a build), also when it
// leaves itself out of the context, as Shaarli's does: a provider reads the project's intent
// from it (the directories whose contents are the runtime's).
const IgnoreFile = ".dockerignore"

// Has reports whether the file exists in the build context.
func (f Facts) Has(p string) bool {
	_, ok := f[p]
	return ok
}

// Need is the error of a build context without name, the file a language's build starts from
// (package.json, Gemfile, Cargo.toml), located at the spec's language; nil when it has it. hint
// says how to make one.
func (f Facts) Need(s *spec.Spec, name, hint string) error {
	if f.Has(name) {
		return nil
	}
	return FieldError(s, "language", hint, "no %s in the build context", name)
}

// Manifest is the file name read by read (package.json into a provider's manifest): Need's
// error without it, read's error, located at the spec's language, when read refuses it.
func Manifest[M any](s *spec.Spec, f Facts, name, hint string, read func([]byte) (M, error)) (M, error) {
	var m M
	if err := f.Need(s, name, hint); err != nil {
		return m, err
	}
	m, err := read(f[name])
	if err != nil {
		return m, FieldError(s, "language", "", "%v", err)
	}
	return m, nil
}

// First is the first of names the build context has, "" for none: a tool's configuration file
// among the names it looks for, in its order.
func (f Facts) First(names ...string) string {
	for _, name := range names {
		if f.Has(name) {
			return name
		}
	}
	return ""
}

// HasDir reports whether a presence probe (Probe) found a directory at p.
func (f Facts) HasDir(p string) bool {
	_, ok := f[path.Clean(p)+"/"]
	return ok
}

// Probe is the name that asks whether p exists without failing on a directory, and without
// reading it: the reads record a directory as p + "/" (HasDir), neither listing nor reading what
// it holds, and a file as p (Has) with no content unless p itself is asked for too (a probe's
// file may be a database of the size of the context). A program's files (a Go server's
// templates/ or config.json) are found so.
func Probe(p string) string { return path.Clean(p) + "/" }

// isProbe reports a name made by Probe.
func isProbe(n string) bool { return strings.HasSuffix(n, "/") }

// In are the facts of the files in dir, by their paths inside it: what planning reads of a
// project, read in a workspace package's directory. "." is f itself.
func (f Facts) In(dir string) Facts {
	if dir == "." {
		return f
	}
	out := Facts{}
	for name, data := range f {
		if rel, ok := strings.CutPrefix(name, dir+"/"); ok {
			out[rel] = data
		}
	}
	return out
}

// Text returns a file's content as text ("" when absent).
func (f Facts) Text(p string) string { return string(f[p]) }

// Glob returns the files read that match a path.Match pattern, sorted: what a pattern a
// Follower returned found.
func (f Facts) Glob(pattern string) []string {
	var out []string
	for p := range f {
		if isProbe(p) {
			continue // a directory a probe found, not a file
		}
		if ok, _ := path.Match(pattern, p); ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// Follower is a Provider whose reads depend on what it read first.
type Follower interface {
	// Follow returns more context paths, path.Match glob patterns (e.g. "packages/*/package.json")
	// or presence probes (Probe) to read, given the facts read so far; the frontend calls it until nothing new comes back.
	Follow(s *spec.Spec, f Facts) []string
}

// Bounds on what planning reads, so that neither a spec nor a build context can make it read
// the world: a Follower's answers depend on the context's files, which may be hostile.
const (
	// MaxFollowRounds is how many times Follow is called at most; more is an error.
	MaxFollowRounds = 8
	// MaxContextReads is how many files and directories planning reads at most, over all rounds.
	MaxContextReads = 2000
)

// ReadFunc reads files of the build context for planning. Each name is a path or a path.Match
// pattern (whose matches are every file it matches; directories are not files). It returns the
// files that exist: a path that does not exist is absent, and any other failure (a cancelled or
// failed read, a directory or a socket where a file is named) is an error. It fails rather
// than read more than max files and directories.
type ReadFunc func(names []string, max int) (Facts, error)

// Gather reads first, then, while f follows, what Follow asks for given everything read so far.
// It returns the facts and every path it asked for or matched, present or not, sorted: the
// files the dependency steps may copy from the restricted context.
func Gather(s *spec.Spec, first []string, f Follower, read ReadFunc) (Facts, []string, error) {
	facts, err := read(first, MaxContextReads)
	if err != nil {
		return nil, nil, err
	}
	asked := slices.Clone(first)
	budget := MaxContextReads - len(facts)
	for round := 0; f != nil; round++ {
		var more []string
		for _, n := range f.Follow(s, facts) {
			if !slices.Contains(asked, n) && !slices.Contains(more, n) {
				more = append(more, n)
			}
		}
		if len(more) == 0 {
			break
		}
		if round == MaxFollowRounds {
			return nil, nil, fmt.Errorf("planning followed files that name more files (workspaces, replaces) more than %d levels deep (next: %s)",
				MaxFollowRounds, summary(more))
		}
		for _, n := range more {
			if err := CheckContextName(n); err != nil {
				return nil, nil, err
			}
		}
		if len(more) > budget {
			return nil, nil, fmt.Errorf("planning would read more than %d files of the build context (now %s)", MaxContextReads, summary(more))
		}
		got, err := read(more, budget)
		if err != nil {
			return nil, nil, err
		}
		budget -= len(more) + len(got)
		asked = append(asked, more...)
		for k, v := range got {
			if _, read := facts[k]; !read || v != nil { // a probe's file keeps what a read of it found
				facts[k] = v
			}
		}
	}
	var paths []string
	for _, n := range asked {
		if !isPattern(n) && !isProbe(n) {
			paths = append(paths, n)
		}
	}
	for k := range facts {
		if !isProbe(k) {
			paths = append(paths, k)
		}
	}
	slices.Sort(paths)
	return facts, slices.Compact(paths), nil
}

// Asks collects what a Follow asks for: each name once, in the order first asked, and only the
// names CheckContextName lets it ask for.
type Asks []string

// Add asks for each name not asked for already that CheckContextName accepts.
func (a *Asks) Add(names ...string) {
	for _, n := range names {
		if !slices.Contains(*a, n) && CheckContextName(n) == nil {
			*a = append(*a, n)
		}
	}
}

// CheckContextName refuses a name a Follower may not ask for: anything but a clean relative path
// inside the context, a pattern path.Match cannot parse, or `**` (which path.Match reads as `*`
// but BuildKit's include patterns as any depth).
func CheckContextName(n string) error {
	if isProbe(n) && !strings.HasSuffix(n, "//") {
		if isPattern(n) {
			return fmt.Errorf("planning asked for %q: a probe names one path, not a pattern", n)
		}
		n = strings.TrimSuffix(n, "/")
	}
	c, ok := CleanRelPath(n)
	switch {
	case !ok || c == "." || "./"+n != c || strings.HasPrefix(n, "!") || len(n) > 4096:
		return fmt.Errorf("planning asked for %q, which is not a clean relative path inside the build context", n)
	case strings.Contains(n, "**"):
		return fmt.Errorf("planning asked for %q: `**` is not a pattern here (one `*` per path element)", n)
	case strings.ContainsAny(n, "\\\x00"):
		return fmt.Errorf("planning asked for %q: backslashes and NUL are not allowed", n)
	}
	if _, err := path.Match(n, ""); err != nil {
		return fmt.Errorf("planning asked for %q: %v", n, err)
	}
	return nil
}

func isPattern(n string) bool { return strings.ContainsAny(n, "*?[") }

func summary(names []string) string {
	if len(names) <= 3 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s, %s and %d more", names[0], names[1], len(names)-2)
}

// ContextFS is a build context as planning sees it: the frontend's is the context restricted to
// the names asked for, the command line's a directory.
type ContextFS interface {
	// ReadDir lists a directory ("." is the context's root).
	ReadDir(dir string) ([]Entry, error)
	// ReadFile reads a file, following symbolic links inside the context.
	ReadFile(name string) ([]byte, error)
}

// Entry is a directory entry. Dir reports a directory; Link a symbolic link that the ContextFS
// did not resolve (it may name a directory).
type Entry struct {
	Name      string
	Dir, Link bool
}

// ReadContext reads names (paths or path.Match patterns) from a ContextFS: it walks only the
// directories that lead to a name, so a file is absent exactly when its directory does not list
// it, and reads every file found. Any error of the ContextFS fails, naming the path.
func ReadContext(cfs ContextFS, names []string, max int) (Facts, error) {
	w := &walker{cfs: cfs, max: max, facts: Facts{}, io: make(chan struct{}, 16)}
	var split [][]string
	for _, n := range names {
		elems := strings.Split(path.Clean(n), "/")
		if isProbe(n) {
			elems[len(elems)-1] += "/" // the last element of a probe, matched by name below
		}
		split = append(split, elems)
	}
	w.eg.Go(func() error { return w.dir(".", split, 0, false) })
	if err := w.eg.Wait(); err != nil {
		return nil, err
	}
	return w.facts, nil
}

// walker walks a ContextFS concurrently, with at most cap(io) reads at a time.
type walker struct {
	cfs ContextFS
	max int
	eg  errgroup.Group
	io  chan struct{}

	mu    sync.Mutex
	reads int
	facts Facts
}

// count counts a read against the limit.
func (w *walker) count() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.reads++; w.reads > w.max {
		return fmt.Errorf("planning would read more than %d files and directories of the build context", w.max)
	}
	return nil
}

// dir visits dir, the depth-th element of the names that reach it. A link the ContextFS left
// unresolved (its target is not in the restricted context) that cannot be listed is absent.
func (w *walker) dir(dir string, names [][]string, depth int, unresolved bool) error {
	if err := w.count(); err != nil {
		return err
	}
	w.io <- struct{}{}
	entries, err := w.cfs.ReadDir(dir)
	<-w.io
	if err != nil && unresolved {
		return nil
	}
	if err != nil {
		return fmt.Errorf("listing %s in the build context: %w", dir, err)
	}
	for _, e := range entries {
		p := path.Join(dir, e.Name)
		var below [][]string
		file, probed := false, ""
		for _, n := range names {
			if probe, ok := strings.CutSuffix(n[depth], "/"); ok {
				switch {
				case probe != e.Name, e.Link && !e.Dir: // a link the ContextFS left unresolved: absent
				case e.Dir:
					probed = p + "/"
				default:
					probed = p
				}
				continue
			}
			if ok, _ := path.Match(n[depth], e.Name); !ok {
				continue
			}
			switch {
			case len(n) > depth+1:
				below = append(below, n)
			case !e.Dir:
				file = true
			case !isPattern(n[depth]):
				return fmt.Errorf("%s in the build context is a directory, not a file", p)
			}
		}
		if file {
			if err := w.count(); err != nil {
				return err
			}
			w.eg.Go(func() error { return w.file(p) })
		} else if probed != "" {
			w.mu.Lock()
			w.facts[probed] = nil
			w.mu.Unlock()
		}
		if len(below) > 0 && (e.Dir || e.Link) {
			w.eg.Go(func() error { return w.dir(p, below, depth+1, e.Link && !e.Dir) })
		}
	}
	return nil
}

func (w *walker) file(p string) error {
	w.io <- struct{}{}
	dt, err := w.cfs.ReadFile(p)
	<-w.io
	if err != nil {
		return fmt.Errorf("reading %s from the build context: %w", p, err)
	}
	w.mu.Lock()
	w.facts[p] = dt
	w.mu.Unlock()
	return nil
}
