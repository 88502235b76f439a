package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Config says what to measure and where.
type Config struct {
	// Root is the repository (examples/, bench/).
	Root string
	// Registry is the testbed registry (host:port), the private daemons' mirror.
	Registry string
	// FrontendTag is the tag of org/multistage-frontend to test, through a named context as the
	// e2e tests do; "" or "latest" uses what `# syntax=org/multistage-frontend` names.
	FrontendTag string
	// Rounds is how many samples of each row to take (the table shows medians).
	Rounds   int
	Examples []Example
	// Quick measures only no-change rebuilds and sizes, on Shared (a running buildkitd's
	// address): a sanity check of the harness that takes seconds, not a benchmark. Shared also
	// exports the Maven mirror's repository.
	Quick  bool
	Shared string
	// Log receives a line per measurement; LogDir, when set, the progress output of every build.
	Log    io.Writer
	LogDir string
}

// noChangeSamples is how many no-change rebuilds a round takes: they are cheap, and the target
// for them (within 0.1 s of the Dockerfile frontend) needs more than a few samples.
const noChangeSamples = 3

type runner struct {
	cfg     Config
	seq     int // builds run, names the log files
	tmp     string
	started time.Time
	maven   *MavenMirror
	crates  string // the unpacked crates of the examples' Crates
}

// Run measures every example and the frontend images.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Rounds < 1 {
		cfg.Rounds = 1
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	tmp, err := os.MkdirTemp("", "msf-bench-work-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	r := &runner{cfg: cfg, tmp: tmp, started: time.Now()}
	if slices.ContainsFunc(cfg.Examples, func(e Example) bool { return e.Maven }) {
		if r.maven, err = StartMavenMirror(ctx, cfg.Shared); err != nil {
			return nil, err
		}
		defer r.maven.Close()
	}
	var crates []string
	for _, ex := range cfg.Examples {
		if !cfg.Quick || !ex.Large {
			crates = append(crates, ex.Crates...)
		}
	}
	if len(crates) > 0 {
		if r.crates, err = fetchCrates(ctx, filepath.Join(tmp, "crates"), crates); err != nil {
			return nil, err
		}
	}
	res := &Result{Rounds: cfg.Rounds}
	for _, ex := range cfg.Examples {
		if cfg.Quick && ex.Large {
			continue
		}
		er := &ExampleResult{Name: ex.Name}
		for round := 0; round < cfg.Rounds; round++ {
			if err := r.round(ctx, ex, round, er); err != nil {
				return nil, fmt.Errorf("%s, round %d: %w", ex.Name, round+1, err)
			}
		}
		res.Examples = append(res.Examples, er)
	}
	if err := r.frontendImages(ctx, res); err != nil {
		return nil, err
	}
	return res, nil
}

// round takes one sample of every row for both variants, each on its own fresh buildkitd so
// neither warms the other's cache. The two builds of a row run back to back, in alternating
// order, so that drift of a shared machine falls on both.
func (r *runner) round(ctx context.Context, ex Example, round int, er *ExampleResult) error {
	turn := round
	order := func() [2]variant {
		turn++
		if turn%2 == 1 {
			return [2]variant{ours, hand}
		}
		return [2]variant{hand, ours}
	}
	ds, stop, err := r.daemons(ctx)
	if err != nil {
		return err
	}
	defer stop()
	dirs, err := r.copies(ex, round, "")
	if err != nil {
		return err
	}
	if r.cfg.Quick {
		// the shared daemon may not have built this frontend tag yet: warm it, untimed
		for _, v := range order() {
			if _, _, err := r.build(ctx, ds[v], v, ex, dirs[v], "warm-up"); err != nil {
				return err
			}
		}
	} else if err := r.pair(ctx, er, Cold, order(), ds, ex, dirs); err != nil {
		return err
	}
	var refs [2]string
	if !r.cfg.Quick {
		if refs, err = r.exportCaches(ctx, ds, ex, dirs, round); err != nil {
			return err
		}
		if round == 0 {
			for v, ref := range refs {
				if er.Cache[v], err = registryCacheSize(ctx, ref); err != nil {
					return err
				}
			}
		}
	}
	for i := 0; i < noChangeSamples; i++ {
		if err := r.pair(ctx, er, NoChange, order(), ds, ex, dirs); err != nil {
			return err
		}
	}
	if round == 0 {
		if err := r.sizes(ctx, er, ds, ex, dirs); err != nil {
			return err
		}
	}
	if r.cfg.Quick {
		return nil
	}
	if ex.measures(Tester) {
		if err := r.pair(ctx, er, Tester, order(), ds, ex, dirs, "--opt", "target=tester"); err != nil {
			return err
		}
	}
	if err := changeSource(ex, dirs, round); err != nil {
		return err
	}
	if err := r.pair(ctx, er, Source, order(), ds, ex, dirs); err != nil {
		return err
	}
	turn++
	if err := r.fresh(ctx, er, ex, dirs, refs, turn); err != nil {
		return err
	}
	if ex.measures(Deps) {
		for _, dir := range dirs {
			if err := copyTree(ex.deps(r.cfg.Root), dir); err != nil {
				return err
			}
		}
		if err := r.pair(ctx, er, Deps, order(), ds, ex, dirs); err != nil {
			return err
		}
	}
	stop()
	if !ex.MultiPlatform {
		return nil
	}
	ds, stop, err = r.daemons(ctx)
	if err != nil {
		return err
	}
	defer stop()
	if dirs, err = r.copies(ex, round, "multi"); err != nil {
		return err
	}
	multi := []string{"--opt", "platform=linux/amd64,linux/arm64"}
	if err := r.pair(ctx, er, ColdMulti, order(), ds, ex, dirs, multi...); err != nil {
		return err
	}
	if err := changeSource(ex, dirs, round); err != nil {
		return err
	}
	return r.pair(ctx, er, SourceMulti, order(), ds, ex, dirs, multi...)
}

// changeSource is the one-line source change: a comment line appended to the example's source
// file in both copies.
func changeSource(ex Example, dirs [2]string, round int) error {
	for _, dir := range dirs {
		if err := appendLine(filepath.Join(dir, ex.Source), fmt.Sprintf("%s benchmark change %d", ex.Comment, round+1)); err != nil {
			return err
		}
	}
	return nil
}

// daemons are two fresh buildkitds (or the shared one twice, in quick mode) and how to stop them.
func (r *runner) daemons(ctx context.Context) ([2]*daemon, func(), error) {
	var ds [2]*daemon
	stop := func() {
		for _, d := range ds {
			if d != nil {
				d.stop()
			}
		}
	}
	for i := range ds {
		d, err := r.daemon(ctx)
		if err != nil {
			stop()
			return ds, nil, err
		}
		ds[i] = d
	}
	return ds, stop, nil
}

// daemon is a fresh buildkitd, or the shared one in quick mode.
func (r *runner) daemon(ctx context.Context) (*daemon, error) {
	if r.cfg.Quick {
		return shared(r.cfg.Shared), nil
	}
	return startDaemon(ctx, r.cfg.Registry)
}

// copies are two scratch copies of the example, one per variant, that the rows may change.
func (r *runner) copies(ex Example, round int, tag string) ([2]string, error) {
	var dirs [2]string
	for v := range dirs {
		dirs[v] = filepath.Join(r.tmp, fmt.Sprintf("%s-%d%s-%d", ex.Name, round+1, tag, v))
		os.RemoveAll(dirs[v])
		copy := copyTree
		if ex.Context == "." {
			copy = copyTracked
		}
		if err := copy(ex.dir(r.cfg.Root), dirs[v]); err != nil {
			return dirs, err
		}
		if len(ex.Crates) > 0 {
			if err := copyTree(r.crates, filepath.Join(dirs[v], "vendor")); err != nil {
				return dirs, err
			}
		}
	}
	return dirs, nil
}

// pair times one row for both variants, in the given order.
func (r *runner) pair(ctx context.Context, er *ExampleResult, row Row, order [2]variant, ds [2]*daemon, ex Example, dirs [2]string, extra ...string) error {
	var took [2]time.Duration
	for _, v := range order {
		d, tl, err := r.build(ctx, ds[v], v, ex, dirs[v], string(row), extra...)
		if err != nil {
			return err
		}
		took[v] = d
		er.add(row, v, d)
		if ran := tl.ran(); row == NoChange && len(ran) > 0 {
			er.Notes = append(er.Notes, fmt.Sprintf("a no-change rebuild (%s) ran %s", variantName[v], strings.Join(ran, "; ")))
		}
	}
	r.logPair(ex, row, took)
	return nil
}

// logPair prints a row's two times, and the load average, on the terminal.
func (r *runner) logPair(ex Example, row Row, took [2]time.Duration) {
	fmt.Fprintf(r.cfg.Log, "%-8s %-40s frontend %7.2fs   hand-written %7.2fs   load %s\n", ex.Name, row, took[ours].Seconds(), took[hand].Seconds(), Load())
}

var variantName = [2]string{"frontend", "hand-written"}

// build runs one buildctl build of a variant and returns how long the command took and what
// its progress says.
func (r *runner) build(ctx context.Context, d *daemon, v variant, ex Example, dir, label string, extra ...string) (time.Duration, *timeline, error) {
	args := []string{"--addr", d.addr, "build", "--progress=rawjson", "--frontend", "dockerfile.v0", "--local", "context=" + dir}
	if v == ours {
		args = append(args, "--local", "dockerfile="+ex.spec(r.cfg.Root, dir))
		if ref := r.frontendOverride(); ref != "" {
			args = append(args, "--opt", "context:org/multistage-frontend=docker-image://"+ref)
		}
	} else {
		args = append(args, "--local", "dockerfile="+ex.handwritten(r.cfg.Root))
	}
	args = append(args, ex.buildArgs()...)
	if ex.Maven && r.maven != nil {
		args = append(args, "--opt", "build-arg:MAVEN_MIRROR_URL="+r.maven.URL)
	}
	args = append(args, extra...)
	load := Load()
	tl, took, stderr, err := r.buildctl(ctx, args)
	r.seq++
	if r.cfg.LogDir != "" {
		name := fmt.Sprintf("%03d-%s-%s-%s.log", r.seq, ex.Name, variantName[v], slug(label))
		text := fmt.Sprintf("$ buildctl %s\n# load average before: %s, after: %s\n# %.3f s; start and end of each vertex, in seconds from the command's start\n%s%s%s",
			strings.Join(args, " "), load, Load(), took.Seconds(), tl, stderr, tl.output())
		os.WriteFile(filepath.Join(r.cfg.LogDir, name), []byte(text), 0o644)
	}
	if err != nil {
		return 0, tl, fmt.Errorf("%s build (%s) failed: %w\n%s%s", variantName[v], label, err, tl.failure(), lastLines(stderr, 20))
	}
	return took, tl, nil
}

// buildctl runs buildctl with rawjson progress (which it writes to stderr) and returns the
// progress, how long the command took, and the rest of its output (error messages).
func (r *runner) buildctl(ctx context.Context, args []string) (*timeline, time.Duration, string, error) {
	cmd := exec.CommandContext(ctx, "buildctl", args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	tl, rest := parseProgress(out.String(), start)
	return tl, took, rest, err
}

// frontendOverride is the frontend image the spec builds use instead of `# syntax=`'s, if any.
func (r *runner) frontendOverride() string {
	if r.cfg.FrontendTag == "" || r.cfg.FrontendTag == "latest" {
		return ""
	}
	return r.cfg.Registry + "/org/multistage-frontend:" + r.cfg.FrontendTag
}

func slug(s string) string {
	return strings.Trim(strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			return c
		}
		return '-'
	}, strings.ToLower(s)), "-")
}
