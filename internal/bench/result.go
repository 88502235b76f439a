package bench

import (
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
	Deps        Row = "rebuild, dependency change"
	ColdMulti   Row = "cold build, linux/amd64+linux/arm64"
	SourceMulti Row = "rebuild, one-line source change, linux/amd64+linux/arm64"
)

var rows = []Row{Cold, NoChange, Tester, Source, Deps, ColdMulti, SourceMulti}

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

// Result is a whole benchmark run.
type Result struct {
	Rounds   int
	Examples []*ExampleResult
	// Frontends are the frontend images: [ours] and [hand] (docker/dockerfile:1), by reference.
	Frontends    [2]Size
	FrontendRefs [2]string
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
