package golang

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A configuration flag's default names a file of the working directory (files.go's
// configFlagDefault), which the context may keep under another path: prometheus' --config.file
// defaults to prometheus.yml, its repository holds documentation/examples/prometheus.yml, and
// both its release and its image ship that file under the default's name: promu's tarball puts
// each of .promu.yml's tarball.files at its top beside the programs, and its Dockerfile's last
// stage copies it to /etc/prometheus/prometheus.yml, which its CMD passes (alertmanager's
// examples/ha/alertmanager.yml the same). An image of the binary alone exits at start
// ("Error loading config"). When the context lacks the default at its path, the file the
// project's packaging ships under that name is copied there: a tarball file of .promu.yml whose
// name is the default (a default of one element: the tarball is flat), else a file the
// project's Dockerfile copies to a path ending in the default.

// configSource is a context file the project's packaging ships as a configuration flag's
// default, and what says so.
type configSource struct {
	Src, Why string
}

// configSources are the candidates for the default def, in order: promu's, then the
// Dockerfile's.
func configSources(f lang.Facts, def string) []configSource {
	var out []configSource
	if !strings.Contains(def, "/") {
		for _, file := range promuTarballFiles(f) {
			if path.Base(file) == def && file != def {
				out = append(out, configSource{Src: file, Why: promuFile + " tarball.files"})
			}
		}
	}
	name, files := lang.DockerfileFiles(f)
	for _, i := range files {
		if strings.HasSuffix(i.Dest, "/"+def) && i.Src != def {
			out = append(out, configSource{Src: i.Src, Why: name + ":" + strconv.Itoa(i.Line) + " COPY to " + i.Dest})
		}
	}
	return out
}

// configFollow asks whether each candidate of the configuration defaults among paths (those
// uncovered) is in the context (a probe).
func configFollow(s *spec.Spec, paths []readPath, f lang.Facts) []string {
	var out []string
	for _, r := range paths {
		if r.FlagDefault {
			for _, c := range configSources(f, r.Path) {
				if !lang.CoveredByFiles(s, c.Src) && !goSource(c.Src) {
					out = append(out, lang.Probe(c.Src))
				}
			}
		}
	}
	return out
}

// configFiles are the default files of the configuration defaults among paths (those
// uncovered) that the context lacks at their path and whose packaging's file it holds (a file,
// not a directory): that file, copied to the default's path below the working directory, unless
// a default file of taken already goes there.
func configFiles(s *spec.Spec, paths []readPath, f lang.Facts, field string, taken []lang.DefaultFile) []lang.DefaultFile {
	var out []lang.DefaultFile
	for _, r := range paths {
		if !r.FlagDefault || f.Has(r.Path) || f.HasDir(r.Path) {
			continue
		}
		if slices.ContainsFunc(taken, func(d lang.DefaultFile) bool { return d.Path == r.Path || d.Dest == r.Path }) {
			continue
		}
		for _, c := range configSources(f, r.Path) {
			if f.Has(c.Src) && !f.HasDir(c.Src) && !lang.CoveredByFiles(s, c.Src) && !goSource(c.Src) {
				out = append(out, lang.DefaultFile{Path: c.Src, Dest: r.Path, Field: field,
					Why: r.File + ":" + strconv.Itoa(r.Line) + " " + r.Call + ", as " + c.Why + " ships it"})
				break
			}
		}
	}
	return out
}
