package bench

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// Table renders the results as Markdown: one table of times and sizes per example row, the
// frontend images, the multi-platform ratio, the samples and the notes.
func Table(res *Result) string {
	var b strings.Builder
	b.WriteString("| example | measure | frontend | hand-written | difference | ratio |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: | ---: |\n")
	for _, e := range res.Examples {
		for _, row := range rows {
			s := e.Times[row]
			if s == nil {
				continue
			}
			a, h := median(s[ours]), median(s[hand])
			fmt.Fprintf(&b, "| %s | %s | %.2f s | %.2f s | %+.2f s | %s |\n", e.Name, row, a.Seconds(), h.Seconds(),
				(a - h).Seconds(), ratio(float64(a), float64(h)))
		}
		for _, c := range counts {
			s := e.Counts[c]
			if s == nil {
				continue
			}
			a, h := medianInt(s[ours]), medianInt(s[hand])
			fmt.Fprintf(&b, "| %s | %s | %g | %g | %+g | %s |\n", e.Name, c, a, h, a-h, ratio(a, h))
		}
		if e.Cache[ours] > 0 {
			fmt.Fprintf(&b, "| %s | registry cache (mode=max) | %s | %s | %s | %s |\n", e.Name, mib(e.Cache[ours]), mib(e.Cache[hand]),
				diffSize(e.Cache[ours], e.Cache[hand]), ratio(float64(e.Cache[ours]), float64(e.Cache[hand])))
		}
		if e.Image[ours].Compressed > 0 {
			fmt.Fprintf(&b, "| %s | runtime image, compressed | %s | %s | %s | %s |\n", e.Name, mib(e.Image[ours].Compressed),
				mib(e.Image[hand].Compressed), diffSize(e.Image[ours].Compressed, e.Image[hand].Compressed),
				ratio(float64(e.Image[ours].Compressed), float64(e.Image[hand].Compressed)))
			fmt.Fprintf(&b, "| %s | runtime image, uncompressed | %s | %s | %s | %s |\n", e.Name, mib(e.Image[ours].Uncompressed),
				mib(e.Image[hand].Uncompressed), diffSize(e.Image[ours].Uncompressed, e.Image[hand].Uncompressed),
				ratio(float64(e.Image[ours].Uncompressed), float64(e.Image[hand].Uncompressed)))
		}
	}
	if f := res.Frontends; f[ours].Compressed > 0 {
		fmt.Fprintf(&b, "| frontend | image (`%s` vs `%s`), compressed | %s | %s | %s | %s |\n", res.FrontendRefs[ours],
			res.FrontendRefs[hand], mib(f[ours].Compressed), mib(f[hand].Compressed), diffSize(f[ours].Compressed, f[hand].Compressed),
			ratio(float64(f[ours].Compressed), float64(f[hand].Compressed)))
		fmt.Fprintf(&b, "| frontend | image, uncompressed | %s | %s | %s | %s |\n", mib(f[ours].Uncompressed), mib(f[hand].Uncompressed),
			diffSize(f[ours].Uncompressed, f[hand].Uncompressed), ratio(float64(f[ours].Uncompressed), float64(f[hand].Uncompressed)))
	}
	var fresh []string
	for _, e := range res.Examples {
		f, w := e.Times[Fresh], e.Times[Source]
		if f == nil || w == nil {
			continue
		}
		fresh = append(fresh, fmt.Sprintf("%s: frontend %s, hand-written %s", e.Name,
			ratio(float64(median(f[ours])), float64(median(w[ours]))), ratio(float64(median(f[hand])), float64(median(w[hand])))))
	}
	if len(fresh) > 0 {
		fmt.Fprintf(&b, "\nfresh runner against the warm builder, the same one-line source change: %s.\n", strings.Join(fresh, "; "))
	}
	for _, pair := range multiRows {
		var multi []string
		for _, e := range res.Examples {
			m, one := e.Times[pair[0]], e.Times[pair[1]]
			if m == nil || one == nil {
				continue
			}
			multi = append(multi, fmt.Sprintf("%s: frontend %s, hand-written %s", e.Name,
				ratio(float64(median(m[ours])), float64(median(one[ours]))), ratio(float64(median(m[hand])), float64(median(one[hand])))))
		}
		if len(multi) > 0 {
			fmt.Fprintf(&b, "\n%s against linux/amd64 alone: %s.\n", strings.TrimSuffix(string(pair[0]), ", linux/amd64+linux/arm64")+
				" for linux/amd64+linux/arm64", strings.Join(multi, "; "))
		}
	}
	fmt.Fprintf(&b, "\nMedians of %d rounds (no-change rebuilds: %d per round); ratio = frontend / hand-written.\n", res.Rounds, noChangeSamples)
	b.WriteString("\n<details><summary>Samples (seconds, frontend | hand-written)</summary>\n\n")
	for _, e := range res.Examples {
		for _, row := range rows {
			if s := e.Times[row]; s != nil {
				fmt.Fprintf(&b, "- %s, %s: %s | %s\n", e.Name, row, seconds(s[ours]), seconds(s[hand]))
			}
		}
	}
	for _, e := range res.Examples {
		for _, c := range counts {
			if s := e.Counts[c]; s != nil {
				fmt.Fprintf(&b, "- %s, %s: %s | %s\n", e.Name, c, ints(s[ours]), ints(s[hand]))
			}
		}
	}
	b.WriteString("\n</details>\n")
	var notes []string
	for _, e := range res.Examples {
		for _, n := range e.Notes {
			notes = append(notes, e.Name+": "+n)
		}
	}
	if len(notes) > 0 {
		b.WriteString("\nSeen during the run:\n\n")
		for _, n := range notes {
			b.WriteString("- " + n + "\n")
		}
	}
	return b.String()
}

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func ints(ns []int) string {
	var out []string
	for _, n := range ns {
		out = append(out, fmt.Sprint(n))
	}
	return strings.Join(out, " ")
}

func mib(n int64) string { return fmt.Sprintf("%.2f MiB", float64(n)/(1<<20)) }

func diffSize(a, b int64) string { return fmt.Sprintf("%+.2f MiB", float64(a-b)/(1<<20)) }

func seconds(ds []time.Duration) string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%.2f", d.Seconds()))
	}
	return strings.Join(out, " ")
}

// Markers delimit the generated part of docs/benchmarks.md.
const (
	beginMarker = "<!-- bench:begin (generated by make bench) -->"
	endMarker   = "<!-- bench:end -->"
)

// WriteDoc replaces the generated part of a Markdown file (between the markers) with text.
func WriteDoc(file, text string) error {
	dt, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	s := string(dt)
	i, j := strings.Index(s, beginMarker), strings.Index(s, endMarker)
	if i < 0 || j < i {
		return fmt.Errorf("%s lacks the lines %q and %q around the generated table", file, beginMarker, endMarker)
	}
	s = s[:i+len(beginMarker)] + "\n" + strings.TrimSpace(text) + "\n" + s[j:]
	return os.WriteFile(file, []byte(s), 0o644)
}
