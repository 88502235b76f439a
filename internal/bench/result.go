package bench

import (
	"slices"
	"sort"
	"time"
)

// variant is one way of building an example.
type variant int

const (
	ours variant = iota // the spec, through `# syntax=org/multistage-frontend`
	hand                // bench/<name>/Dockerfile, through `# syntax=docker/dockerfile:1`
)

// Row is one measured situation.
type Row string

// The rows, in the order the table shows them.
const (
	Cold        Row = "cold build"
	NoChange    Row = "rebuild, no change"
	Tester      Row = "`--target tester`"
	Source      Row = "rebuild, one-line source change"
	Fresh       Row = "fresh runner, one-line source change"
	FreshRemote Row = "fresh runner, one-line source change, Maven mirror 20 ms a request" // remoteDelay
	Deps        Row = "rebuild, dependency change"
	ColdMulti   Row = "cold build, linux/amd64+linux/arm64"
	SourceMulti Row = "rebuild, one-line source change, linux/amd64+linux/arm64"
)

var rows = []Row{Cold, NoChange, Tester, Source, Fresh, FreshRemote, Deps, ColdMulti, SourceMulti}

// Count is something counted in a row's builds rather than timed.
type Count string

// The counts, in the order the table shows them: the fresh runner's dependency work.
const (
	FreshDownloads Count = "fresh runner: dependencies downloaded"
	FreshCompiles  Count = "fresh runner: dependency packages compiled"
	// FreshRequests are all the requests the FreshRemote build made to the Maven mirror:
	// files, checksums and the ones it does not have.
	FreshRequests Count = "fresh runner, Maven mirror 20 ms a request: requests to the mirror"
)

var counts = []Count{FreshDownloads, FreshCompiles, FreshRequests}

// multiRows pair a two-platform row with its one-platform counterpart.
var multiRows = [][2]Row{{ColdMulti, Cold}, {SourceMulti, Source}}

// Samples are one row's build times: [ours] and [hand].
type Samples [2][]time.Duration

// Size is an image's size: the layer blobs as a registry stores them, and unpacked.
type Size struct {
	Compressed, Uncompressed int64
}

// ExampleResult is what one example measured.
type ExampleResult struct {
	Name  string
	Times map[Row]*Samples
	// Counts are [ours] and [hand] counts, one per round.
	Counts map[Count]*[2][]int
	// Cache is the size of the registry cache (mode=max) of [ours] and [hand], first round.
	Cache [2]int64
	// Image is the runtime image of [ours] and [hand].
	Image [2]Size
	// Notes are things seen that the reader should know (a no-change rebuild that ran a step,
	// image configs that differ).
	Notes []string
}

func (e *ExampleResult) add(row Row, v variant, d time.Duration) {
	if e.Times == nil {
		e.Times = map[Row]*Samples{}
	}
	s := e.Times[row]
	if s == nil {
		s = &Samples{}
		e.Times[row] = s
	}
	s[v] = append(s[v], d)
}

func (e *ExampleResult) count(c Count, v variant, n int) {
	if e.Counts == nil {
		e.Counts = map[Count]*[2][]int{}
	}
	s := e.Counts[c]
	if s == nil {
		s = &[2][]int{}
		e.Counts[c] = s
	}
	s[v] = append(s[v], n)
}

// Result is a whole benchmark run.
type Result struct {
	Rounds   int
	Examples []*ExampleResult
	// Frontends are the frontend images: [ours] and [hand] (docker/dockerfile:1), by reference.
	Frontends    [2]Size
	FrontendRefs [2]string
}

// medianInt is the median of counts (the mean of the middle two for an even count); 0 for none.
func medianInt(ns []int) float64 {
	if len(ns) == 0 {
		return 0
	}
	s := slices.Clone(ns)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return float64(s[n/2])
	}
	return float64(s[n/2-1]+s[n/2]) / 2
}

// median of the samples (the mean of the middle two for an even count); 0 for none.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
