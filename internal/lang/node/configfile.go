package node

import (
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A server may need a configuration file that the project ships only as a sample to copy and
// edit: Wiki.js's server/core/config.js reads `path.join(WIKI.ROOTPATH, 'config.yml')` and
// exits ("Did you create the config.yml file?") when it is missing; the repository has
// config.sample.yml. Copying the sample in by default would bake its placeholder settings (a
// database password) into the image, so planning warns instead, with the `files` line that
// copies one in: ConfigFileMissing.
//
// Read: the samples at the package's top (configSampleReads); only when one names a file the
// context lacks, the entry's source and the modules it imports by a relative path (one level,
// as for pnpmRun), for a string literal naming that file.

// configSampleReads are the patterns of a package's top-level samples.
var configSampleReads = []string{"*.sample.*", "*.example.*", "*.template.*", "*.dist.*", "*.sample", "*.example", "*.dist"}

// configSample is a sample's name: the configuration file's stem, the sample's word, and the
// file's extension (config.sample.yml), or the file's name and the word (config.json.dist).
var configSample = regexp.MustCompile(`^(?:([\w-]+)\.(?:sample|example|template|dist)\.(ya?ml|json5?|toml|ini|conf|cjs|js)|([\w-]+\.(?:ya?ml|json5?|toml|ini|conf|cjs|js))\.(?:sample|example|dist))$`)

// configSamples are the package's samples of a configuration file its context lacks, each with
// the file's name, that the spec's files does not copy in.
func configSamples(s *spec.Spec, p pkg) (samples, targets []string) {
	pf := p.f.In(p.dir)
	for _, pattern := range configSampleReads {
		for _, name := range pf.Glob(pattern) {
			m := configSample.FindStringSubmatch(name)
			if m == nil {
				continue
			}
			target := m[3]
			if m[1] != "" {
				target = m[1] + "." + m[2]
			}
			copied := false
			for _, fc := range s.Files {
				copied = copied || path.Clean(strings.TrimPrefix(fc.Dest, AppDir(s)+"/")) == target
			}
			if !copied && !p.has(target) {
				samples, targets = append(samples, name), append(targets, target)
			}
		}
	}
	return samples, targets
}

// configImports are the entry's source and the candidates of each module it imports by a
// relative path, when the package has a sample of a missing configuration file.
func configImports(s *spec.Spec, p pkg, e entry) (string, [][]string) {
	if _, targets := configSamples(s, p); len(targets) == 0 {
		return "", nil
	}
	return entryImports(p, e)
}

// configReads are the samples' patterns, and the modules configImports names.
func configReads(s *spec.Spec, p pkg, e entry) []string {
	var out []string
	for _, pattern := range configSampleReads {
		out = append(out, p.path(pattern))
	}
	_, imports := configImports(s, p, e)
	return append(out, importedReads(p, imports)...)
}

// configFileNotes warn of each missing configuration file that the entry's source or one of
// its imports names in a string literal, at its first mention.
func configFileNotes(s *spec.Spec, p pkg, e entry) []plan.Note {
	file, imports := configImports(s, p, e)
	if file == "" {
		return nil
	}
	files := withImported(p, file, imports)
	samples, targets := configSamples(s, p)
	var notes []plan.Note
	for i, target := range targets {
		literal := regexp.MustCompile("['\"`](?:\\./)?" + regexp.QuoteMeta(target) + "['\"`]")
	files:
		for _, name := range files {
			src := p.text(name)
			for line := range lang.CodeMatches(literal, src) {
				where := p.path(name) + ":" + strconv.Itoa(line)
				notes = append(notes, rules.ConfigFileMissing.Note(lang.FirstField(s, "files", "language"),
					rules.ConfigFileMissing.Format(where, "reads", target, samples[i], "the server fails at start without it", target)))
				break files
			}
		}
	}
	return notes
}
