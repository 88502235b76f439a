package node

// A Docusaurus site that shows when each page last changed (showLastUpdateTime or
// showLastUpdateAuthor: true) runs `git log` on every page in its build, which fails in a
// build context without the repository's .git: a .dockerignore leaving it out, a copy of the
// source, a context below the repository's root. Planning warns (GitHistoryMissing) when the
// configuration sets the option as a literal true and the context has no .git directory, or
// its .dockerignore leaves .git out.

import (
	"bytes"
	"path"
	"regexp"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// lastUpdate is a Docusaurus option that reads the git history set to true, on a line that is
// not a comment.
var lastUpdate = regexp.MustCompile(`(?m)^[^/\n]*?\b(showLastUpdateTime|showLastUpdateAuthor)\s*:\s*true\b`)

// lastUpdateOption is the Docusaurus configuration of the package in dir and the first option of
// it that reads the git history, "" when it sets none.
func lastUpdateOption(f lang.Facts, dir string) (file, option string) {
	for _, name := range docusaurusConfigs {
		if p := path.Join(dir, name); f.Has(p) {
			if m := lastUpdate.FindStringSubmatch(f.Text(p)); m != nil {
				return p, m[1]
			}
			return p, ""
		}
	}
	return "", ""
}

// gitHistoryReads are what tells whether the build has the history: the root's .git (a probe)
// and .dockerignore, read when the configuration of the package in dir asks for it.
func gitHistoryReads(f lang.Facts, dir string) []string {
	if _, option := lastUpdateOption(f, dir); option != "" {
		return []string{lang.Probe(".git"), lang.IgnoreFile}
	}
	return nil
}

// gitHistoryNotes warn when the Docusaurus site in dir (a dependency of m) reads the git history
// that its build will not have.
func gitHistoryNotes(f lang.Facts, dir string, m manifest) []plan.Note {
	if !m.Deps["@docusaurus/core"] {
		return nil
	}
	file, option := lastUpdateOption(f, dir)
	if option == "" {
		return nil
	}
	why := ""
	switch {
	case ignoresGit(f.Text(lang.IgnoreFile)):
		why = "the build context's .dockerignore leaves out .git"
	case !f.HasDir(".git"):
		why = "the build context has no .git directory"
	default:
		return nil
	}
	note := rules.GitHistoryMissing.Note("", rules.GitHistoryMissing.Format(file, option, why))
	return append([]plan.Note(nil), note)
}

// ignoresGit reports whether a .dockerignore's patterns leave out .git.
func ignoresGit(dockerignore string) bool {
	patterns, err := ignorefile.ReadAll(bytes.NewReader([]byte(dockerignore)))
	if err != nil || len(patterns) == 0 {
		return false
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return false
	}
	ok, _ := pm.MatchesOrParentMatches(".git")
	return ok
}
