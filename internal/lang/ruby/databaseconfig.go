package ruby

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// An application its users install commits only samples of config/database.yml, one per
// database (fat_free_crm's config/database.postgres.yml and database.sqlite.yml, which its
// Dockerfile copies: `cp config/database.postgres.docker.yml config/database.yml`; lobsters' and
// redmine's config/database.yml.sample and .example). Active Record reads the file when it
// loads unless DATABASE_URL is set, so the container stops at start, and assets:precompile fails
// when an initializer loads a model. Which sample is the user's choice: DatabaseConfigMissing
// names them.

// databaseConfigReads are the database configuration and its samples, for Language().Reads.
var databaseConfigReads = []string{"config/database.yml", "config/database*.yml", "config/database.yml.*"}

// databaseConfigNote is DatabaseConfigMissing for a Rails app with Active Record (locked, or
// without a lock the rails gem, as redmine's Gemfile names it) whose context
// has samples of config/database.yml and not the file, and whose build gets no DATABASE_URL.
func databaseConfigNote(s *spec.Spec, f lang.Facts, lock lockfile, a app) []plan.Note {
	activeRecord := lock.has("activerecord") || !f.Has("Gemfile.lock") && lock.has("rails") // rails brings it
	if _, set := s.Build.Env.Get("DATABASE_URL"); !a.Rails || !activeRecord || f.Has("config/database.yml") || set {
		return nil
	}
	var samples []string
	for _, pat := range databaseConfigReads[1:] {
		samples = append(samples, f.Glob(pat)...)
	}
	slices.Sort(samples)
	if samples = slices.Compact(samples); len(samples) == 0 {
		return nil
	}
	note := rules.DatabaseConfigMissing.Note(lang.FirstField(s, "language"), rules.DatabaseConfigMissing.Format(strings.Join(samples, ", ")))
	return append([]plan.Note(nil), note)
}
