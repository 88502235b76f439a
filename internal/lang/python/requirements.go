package python

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// productionRequirements are cookiecutter-django's production requirements (requirements/
// base.txt, production.txt and local.txt, no requirements.txt): the image's, when the project has
// no requirements.txt and no Poetry or uv lock. localRequirements are its development ones, the
// tests' (they include base.txt, and pytest).
const (
	productionRequirements = "requirements/production.txt"
	localRequirements      = "requirements/local.txt"
)

// testRequirements are the requirement files of the tests, when present: localRequirements only
// beside productionRequirements as the lock. Both orders of the words are in use
// (pinterest/snappass's dev-requirements.txt holds its pytest, fakeredis and freezegun).
var testRequirements = []string{"requirements-dev.txt", "requirements-test.txt", "dev-requirements.txt", "test-requirements.txt", localRequirements}

// requirementsRoot is the requirements file pip installs the image's dependencies from:
// requirements.txt, else productionRequirements; "" for none. A file that installs only the
// project itself (selfRequirements) is none: the project's own metadata holds the dependencies.
func requirementsRoot(f lang.Facts) string {
	if lock := pinnedLock(f); lock != "" {
		return lock
	}
	for _, r := range []string{"requirements.txt", productionRequirements} {
		if f.Has(r) && selfRequirements(f, r) == "" {
			return r
		}
	}
	return ""
}

// pinnedRequirements are the names of a requirements file that pins what requirements.txt
// names loosely (contentdb's requirements.lock.txt, `pip freeze` of its requirements.txt, is
// what its Dockerfile installs).
var pinnedRequirements = []string{"requirements.lock.txt", "requirements-lock.txt"}

// exactPin is a requirement pinned to one version: `alembic==1.13.1`, with extras,
// a marker or a hash continuation after it.
var exactPin = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*===?\s*[^\s;,\\]+\s*(?:;.*|\\)?$`)

// pinnedLock is the first of pinnedRequirements that pins every requirement it names, when
// requirements.txt is missing or pins not all of its own; "" otherwise. A requirements.txt of
// pins is the lock already, as pip-tools writes it.
func pinnedLock(f lang.Facts) string {
	if f.Has("requirements.txt") && allPinned(f.Text("requirements.txt")) {
		return ""
	}
	for _, r := range pinnedRequirements {
		if f.Has(r) && allPinned(f.Text(r)) {
			return r
		}
	}
	return ""
}

// allPinned: text names requirements, each pinned to one version, and includes no other file.
func allPinned(text string) bool {
	if len(includes(text)) > 0 {
		return false
	}
	reqs := requirementLines(text)
	for _, r := range reqs {
		if !exactPin.MatchString(r) {
			return false
		}
	}
	return len(reqs) > 0
}

// selfRequirement is a requirements line that installs the project in the file's directory:
// `.`, `-e .`, `--editable=./`, `.[dev,test]`, `-e file:.#egg=name`. requirementComment is a
// comment, which pip reads after whitespace only (`#egg=` is no comment).
var (
	selfRequirement    = regexp.MustCompile(`^(?:(?:-e|--editable)(?:\s+|=))?(?:file:)?\./?(?:\[[^\]]*\])?(?:#egg=\S*)?$`)
	requirementComment = regexp.MustCompile(`(?:^|\s)#.*$`)
)

// selfRequirements is the line of the requirements file name, at the root beside the project's
// pyproject.toml, setup.py or setup.cfg, when it installs nothing but that project (zou's
// requirements.txt is `-e .[dev,test]`, its dependencies in setup.cfg): pip cannot install it
// before the source is there, and the project's own metadata says what it needs. Options
// (`--index-url`) are allowed beside it; another requirement or an include makes it "".
func selfRequirements(f lang.Facts, name string) string {
	if path.Dir(name) != "." || !(f.Has("pyproject.toml") || f.Has("setup.py") || f.Has("setup.cfg")) {
		return ""
	}
	self := ""
	for _, line := range strings.Split(f.Text(name), "\n") {
		line = strings.TrimSpace(requirementComment.ReplaceAllString(line, ""))
		switch {
		case line == "":
		case selfRequirement.MatchString(line):
			if self == "" {
				self = line
			}
		case strings.HasPrefix(line, "--") && !strings.HasPrefix(line, "--requirement") && !strings.HasPrefix(line, "--constraint") &&
			!strings.HasPrefix(line, "--editable"),
			strings.HasPrefix(line, "-i ") || strings.HasPrefix(line, "-f "):
			// an option of pip's: an index, find-links, binary preferences
		default:
			return ""
		}
	}
	return self
}

// requirementsLock: pip installs the image's dependencies from a requirements file (p.lock,
// with its includes in depFiles).
func (p *project) requirementsLock() bool { return p.manager == pip && p.lock != "" }

// maxRequirementFiles bounds the requirement files followed through their includes.
const maxRequirementFiles = 32

// requirementFiles is a requirements file (requirements.txt as the lock) and the files it
// includes (-r) or constrains with (-c), and theirs, so that pip finds them in deps: an include
// is relative to the file that names it, as pip reads it. unread are the included files not read
// yet (lang.Follower asks for them). URLs are left to pip.
func requirementFiles(f lang.Facts, root string) (files, unread []string) {
	files = []string{root}
	for i := 0; i < len(files) && len(files) < maxRequirementFiles; i++ {
		if !f.Has(files[i]) {
			unread = append(unread, files[i])
			continue
		}
		for _, inc := range includes(f.Text(files[i])) {
			rel, ok := lang.CleanRelPath(path.Join(path.Dir(files[i]), inc))
			if !ok || rel == "." || strings.Contains(inc, "://") {
				continue
			}
			if rel = strings.TrimPrefix(rel, "./"); !slices.Contains(files, rel) {
				files = append(files, rel)
			}
		}
	}
	return files, unread
}

// includes are the files a requirements file includes or constrains with, as written.
func includes(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		opt, val, _ := strings.Cut(fields[0], "=")
		switch {
		case opt == "-r" || opt == "-c" || opt == "--requirement" || opt == "--constraint":
			if val == "" && len(fields) > 1 {
				val = fields[1]
			}
		case len(opt) > 2 && !strings.HasPrefix(opt, "--") && (opt[:2] == "-r" || opt[:2] == "-c"):
			val = fields[0][2:] // -rbase.txt
		default:
			continue
		}
		if val != "" && !path.IsAbs(val) {
			out = append(out, val)
		}
	}
	return out
}

// requirementLines are the requirement lines of a requirements file (no options, no comments).
func requirementLines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line, _, _ = strings.Cut(line, "#")
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "-") {
			out = append(out, line)
		}
	}
	return out
}
