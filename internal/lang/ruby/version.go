package ruby

import (
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// rubyVersion is the ruby image tag's version: the spec's, else .ruby-version or .tool-versions,
// else the Gemfile's `ruby`, else Gemfile.lock's RUBY VERSION, else 3.4; from says where it
// came from, for a message ("" for the default).
func rubyVersion(s *spec.Spec, f lang.Facts, gf gemfile, lock lockfile) (v, from string, err error) {
	if s.Version != "" {
		if !tagVersion.MatchString(s.Version) {
			return "", "", lang.FieldError(s, "version", "write a Ruby version, e.g. 3.3 or 3.3.6", "%q is not a Ruby version", s.Version)
		}
		return s.Version, "the spec's `version`", nil
	}
	if v := versionFiles(f); v != "" {
		if strings.TrimSpace(f.Text(".ruby-version")) != "" {
			return v, ".ruby-version " + v, nil
		}
		return v, ".tool-versions' ruby " + v, nil
	}
	if v := constraintVersion(gf.Ruby, defaultRuby); v != "" {
		return v, "the Gemfile's ruby " + strings.Join(quote(gf.Ruby), ", "), nil
	}
	if lock.Ruby != "" {
		return lock.Ruby, "Gemfile.lock's RUBY VERSION " + lock.Ruby, nil
	}
	return defaultRuby, "", nil
}

func quote(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = "'" + w + "'"
	}
	return out
}

// endOfLife is the day each Ruby branch stops getting fixes, security ones included, as
// ruby-lang.org's list of branches (www.ruby-lang.org, _data/branches.yml) gives it; for the
// branches still maintained, the date expected, the 31st of March of the fourth year after their
// release (endoflife.date's). A branch missing here (a newer one) is taken as supported; older
// 1.x ones ended by 1.8's date.
var endOfLife = map[string]string{
	"1.8": "2013-06-30", "1.9": "2015-02-23",
	"2.0": "2016-02-24", "2.1": "2017-03-31", "2.2": "2018-03-31", "2.3": "2019-03-31", "2.4": "2020-03-31",
	"2.5": "2021-04-05", "2.6": "2022-04-12", "2.7": "2023-03-31", "3.0": "2024-04-23", "3.1": "2025-03-26",
	"3.2": "2026-04-01", "3.3": "2027-03-31", "3.4": "2028-03-31", "4.0": "2029-03-31",
}

// endOfLifeNote warns when the version the build uses (v, from rubyVersion) is of a branch past
// its end of life; the default never is.
func endOfLifeNote(s *spec.Spec, v, from string) []plan.Note {
	parts := strings.SplitN(v, ".", 3)
	if from == "" || len(parts) < 2 {
		return nil
	}
	branch := parts[0] + "." + parts[1]
	date, known := endOfLife[branch]
	if !known && parts[0] == "1" {
		date = "2013-06-30 or earlier"
	} else if !known || !lang.Ended(date) {
		return nil
	}
	return append([]plan.Note(nil), rules.RubyVersionEndOfLife.Note(lang.FirstField(s, "version", "language"),
		rules.RubyVersionEndOfLife.Format(branch, date, from, defaultRuby)))
}
