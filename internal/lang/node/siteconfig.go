package node

import (
	"cmp"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A single-page app may fetch a configuration file at run time that the repository ships only
// as a sample in the site's public directory, which the build copies as it is: a dashboard's
// Vue app fetching `assets/config.yml` beside `public/assets/config.yml.dist`. The image then
// holds only the sample, and the fetch gets the SPA's index.html (nginx's fallback) or a 404,
// with nothing said at build time. Planning warns (ConfigFileMissing, as for a server's
// configuration file) when the app's own source names the file's URL path in a string literal,
// the context lacks the file, and the spec's files do not copy one in. The sample is not copied
// by default: it is the project's demonstration, for the user to edit.
//
// Read: the samples in the public directory and one level below it (siteSampleReads); only when
// one is found, whether the file it is a sample of is there (a probe), index.html and the
// sources of src/ two levels deep, for the literal.

// sitePublicDirs are the directories whose files the site tools copy into the site as they
// are, by the dependency marking the tool: Vite's publicDir (unless its configuration sets
// another, or a root), Vue CLI's and Create React App's public/.
var sitePublicDirs = map[string]string{"vite": "public", "@vue/cli-service": "public", "react-scripts": "public"}

// siteSampleNames are the patterns of a sample's name, in the public directory: those of a
// server's configuration (configSampleReads), and config-sample.yml.
var siteSampleNames = slices.Concat(configSampleReads, []string{"*-sample.*", "*-example.*"})

// siteSample is a sample's name that configSample does not read: the file's stem, then
// -sample or -example, then its extension (config-sample.json).
var siteSample = regexp.MustCompile(`^([\w-]+)-(?:sample|example)\.(ya?ml|json5?|toml|ini|conf|js)$`)

// siteSources are the patterns of the app's sources that may name the file it fetches.
var siteSources = []string{"*.js", "*.mjs", "*.ts", "*.jsx", "*.tsx", "*.vue", "*.svelte"}

// sitePublicDir is the public directory of the package at dir that a site tool copies into the
// site, "" when it has none planning knows of.
func sitePublicDir(f lang.Facts, dir string, m manifest) string {
	for _, dep := range []string{"vite", "@vue/cli-service", "react-scripts"} {
		if !m.Deps[dep] {
			continue
		}
		if dep == "vite" {
			config := f.In(dir).Text(viteConfig(f.In(dir)))
			if strings.Contains(config, "publicDir") || viteRoot(config) != "" {
				return "" // set: planning does not read where
			}
		}
		return sitePublicDirs[dep]
	}
	return ""
}

// siteSamples are the samples in the public directory pub (relative to the package p) of files
// the context lacks, each with the file's path relative to pub.
func siteSamples(p pkg, pub string) (samples, targets []string) {
	for _, level := range []string{"", "*/"} {
		for _, pattern := range siteSampleNames {
			for _, name := range p.f.In(p.dir).Glob(path.Join(pub, level+pattern)) {
				dir, base := path.Split(strings.TrimPrefix(name, pub+"/"))
				target := ""
				if m := configSample.FindStringSubmatch(base); m != nil {
					target = m[3]
					if m[1] != "" {
						target = m[1] + "." + m[2]
					}
				} else if m := siteSample.FindStringSubmatch(base); m != nil {
					target = m[1] + "." + m[2]
				}
				if target == "" || slices.Contains(samples, name) {
					continue
				}
				samples, targets = append(samples, name), append(targets, dir+target)
			}
		}
	}
	return samples, targets
}

// siteConfigReads are what the public directory's samples need read, in the package at dir:
// the samples, then, when there are some, whether each file is there, and the app's sources.
func siteConfigReads(f lang.Facts, dir string) []string {
	m, err := readManifest(f[path.Join(dir, "package.json")])
	if err != nil || !f.Has(path.Join(dir, "package.json")) {
		return nil
	}
	pub := sitePublicDir(f, dir, m)
	if pub == "" {
		return nil
	}
	var out []string
	for _, level := range []string{"", "*/"} {
		for _, pattern := range siteSampleNames {
			out = append(out, path.Join(dir, pub, level+pattern))
		}
	}
	p := pkg{f: f, dir: dir, m: m}
	_, targets := siteSamples(p, pub)
	if len(targets) == 0 {
		return out
	}
	for _, target := range targets {
		out = append(out, lang.Probe(path.Join(dir, pub, target)))
	}
	out = append(out, path.Join(dir, "index.html"))
	for _, level := range []string{"src/", "src/*/"} {
		for _, pattern := range siteSources {
			out = append(out, path.Join(dir, level+pattern))
		}
	}
	return out
}

// siteConfigNotes warn of each file of the public directory the site's source fetches by a
// literal URL path, which the context lacks beside its sample: at the literal's first mention.
func siteConfigNotes(s *spec.Spec, p pkg, site static.Site) []plan.Note {
	pub := sitePublicDir(p.f.In(p.dir), ".", p.m)
	if pub == "" {
		return nil
	}
	samples, targets := siteSamples(p, pub)
	var sources []string
	if p.has("index.html") {
		sources = append(sources, "index.html")
	}
	for _, level := range []string{"src/", "src/*/"} {
		for _, pattern := range siteSources {
			sources = append(sources, p.f.In(p.dir).Glob(level+pattern)...)
		}
	}
	dest := static.Root + cmp.Or(site.Base, "/")
	scripts := slices.Collect(maps.Values(p.m.Scripts))
	if s.Build.Command != nil {
		scripts = append(scripts, s.Build.Command.String())
	}
	var notes []plan.Note
	for i, target := range targets {
		full := path.Join(dest, target)
		if p.has(path.Join(pub, target)) || slices.ContainsFunc(s.Files, func(fc spec.FileCopy) bool {
			return path.Clean(fc.Dest) == full || strings.HasSuffix(fc.Dest, "/") && path.Join(fc.Dest, path.Base(fc.Src)) == full
		}) {
			continue
		}
		named := regexp.MustCompile(regexp.QuoteMeta(path.Base(target)) + `(?:[^\w.-]|$)`)
		if slices.ContainsFunc(scripts, named.MatchString) {
			continue // a script of the build writes it, or copies it
		}
		literal := regexp.MustCompile("['\"`](?:\\.?/)?" + regexp.QuoteMeta(target) + "['\"`]")
	sources:
		for _, name := range sources {
			for line := range lang.CodeMatches(literal, p.text(name)) {
				without := "the image holds only the sample, so the app's fetch of it gets "
				if site.SPA {
					without += "index.html (the site's fallback for a path that is no file)"
				} else {
					without += "a 404"
				}
				notes = append(notes, rules.ConfigFileMissing.Note(lang.FirstField(s, "files", "language"),
					rules.ConfigFileMissing.Format(p.path(name)+":"+strconv.Itoa(line), "fetches", p.path(path.Join(pub, target)),
						p.path(samples[i]), without, full)))
				break sources
			}
		}
	}
	return notes
}
