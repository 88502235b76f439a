package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/moby/buildkit/client"
)

// step is one vertex of a build's progress (`buildctl --progress=rawjson`).
type step struct {
	name              string
	started, finished time.Time
	cached            bool
	inputs            bool // the vertex has inputs (progress names them in its first record)
	err               string
	log               []byte
}

// timeline is what a build's progress says: its vertices, by first start.
type timeline struct {
	start time.Time // when the build command started
	steps []*step
}

// parseProgress reads rawjson progress, merging a vertex's records into one step, and returns
// the lines that are not progress.
func parseProgress(raw string, start time.Time) (*timeline, string) {
	byDigest := map[string]*step{}
	var order []string
	var rest strings.Builder
	sc := bufio.NewScanner(strings.NewReader(raw))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var s client.SolveStatus
		if json.Unmarshal(sc.Bytes(), &s) != nil {
			rest.Write(sc.Bytes())
			rest.WriteByte('\n')
			continue
		}
		for _, v := range s.Vertexes {
			st := byDigest[v.Digest.String()]
			if st == nil {
				st = &step{}
				byDigest[v.Digest.String()] = st
				order = append(order, v.Digest.String())
			}
			st.name = v.Name
			st.cached = st.cached || v.Cached
			st.inputs = st.inputs || len(v.Inputs) > 0
			if v.Started != nil && (st.started.IsZero() || v.Started.Before(st.started)) {
				st.started = *v.Started
			}
			if v.Completed != nil && v.Completed.After(st.finished) {
				st.finished = *v.Completed
			}
			if v.Error != "" {
				st.err = v.Error
			}
		}
		for _, l := range s.Logs {
			if st := byDigest[l.Vertex.String()]; st != nil {
				st.log = append(st.log, l.Data...)
			}
		}
	}
	tl := &timeline{start: start}
	for _, d := range order {
		tl.steps = append(tl.steps, byDigest[d])
	}
	sort.SliceStable(tl.steps, func(i, j int) bool { return tl.steps[i].started.Before(tl.steps[j].started) })
	return tl, rest.String()
}

// stepName is a build step (not a FROM, not an [internal] load): "[builder 3/3] RUN go build ...".
var stepName = regexp.MustCompile(`^\[[a-z0-9-]+ \d+/\d+\] (?:RUN|COPY|WRITE|ADD) `)

// ran are the build steps that ran in this build rather than coming from the cache. A shared
// buildkitd also reports the earlier progress of vertices that other builds ran (it merges equal
// work), so only what started after this build did counts. BuildKit reports an operation
// without inputs (the scripts stage's WRITE) as it reports a FROM, started and completed, never
// as cached, in every build; it is loaded, not run.
func (tl *timeline) ran() []string {
	var out []string
	for _, s := range tl.steps {
		if stepName.MatchString(s.name) && !s.cached && s.inputs && !s.finished.IsZero() && !s.started.Before(tl.start) {
			out = append(out, s.name)
		}
	}
	sort.Strings(out)
	return out
}

// String is the timeline as text: start and end relative to the build command's start.
func (tl *timeline) String() string {
	var b strings.Builder
	for _, s := range tl.steps {
		state := "     "
		switch {
		case s.err != "":
			state = "ERROR"
		case s.cached:
			state = "CACHE"
		}
		fmt.Fprintf(&b, "%8.3f %8.3f %s %s\n", rel(s.started, tl.start), rel(s.finished, tl.start), state, s.name)
	}
	return b.String()
}

// output is what the steps printed, step by step, for the logs: which modules a build
// downloaded, which packages it compiled.
func (tl *timeline) output() string {
	var b strings.Builder
	for _, s := range tl.steps {
		if len(s.log) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n# output of %s\n%s", s.name, s.log)
		if !strings.HasSuffix(string(s.log), "\n") {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// failure is the errors and the last output of the steps that failed.
func (tl *timeline) failure() string {
	var b strings.Builder
	for _, s := range tl.steps {
		if s.err != "" {
			fmt.Fprintf(&b, "%s: %s\n%s\n", s.name, s.err, lastLines(string(s.log), 20))
		}
	}
	return b.String()
}

func rel(t, start time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return t.Sub(start).Seconds()
}
