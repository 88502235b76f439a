package ruby

import (
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
	"gopkg.in/yaml.v3"
)

// An application its users install on the database of their choice may put each database's
// adapter gem in a group of its own that Bundler installs only when asked: diaspora's Gemfile
// has `group :mysql, optional: true do gem "mysql2" end` and `group :postgresql, optional:
// true do gem "pg" end`, and its script/configure_bundler runs `bundle config with postgresql`
// (or mysql) from config/database.yml's adapter before `bundle install`. Without BUNDLE_WITH,
// bundle install leaves both out, Bundler.setup leaves them off the load path, and Active Record
// stops at start: "Error loading the 'postgresql' Active Record adapter. Missing a gem it depends
// on? pg is not part of the bundle." When config/database.yml names the production adapter
// (through its anchors and merges, as diaspora's sample does), BUNDLE_WITH is the optional
// groups holding that adapter's gem, in every stage and the image, as the project's own script
// sets it; when nothing says which adapter (no database.yml, an adapter from ERB, DATABASE_URL),
// OptionalDatabaseGroup names the groups and what to set. A spec setting BUNDLE_WITH itself in
// `build.env` gets neither.

// adapterGems are Active Record's adapters and the gem each loads.
var adapterGems = map[string]string{"postgresql": "pg", "postgis": "pg", "mysql2": "mysql2", "trilogy": "trilogy", "sqlite3": "sqlite3"}

var (
	// a group block: its arguments up to `do`
	groupBlock = regexp.MustCompile(`^\s*group\s*\(?(.*?)\)?\s*do\s*(?:#.*)?$`)
	optionalOn = regexp.MustCompile(`(?:\boptional:\s*|:optional\s*=>\s*)true\b`)
	groupName  = regexp.MustCompile(`(?:^|[\s,(]):(\w+)|["'](\w+)["']`)
	// a line opening a block that an `end` closes
	blockOpen = regexp.MustCompile(`\bdo\s*(?:\|[^|]*\|)?\s*(?:#.*)?$|^\s*(?:if|unless|case|begin|while|until)\b`)
	blockEnd  = regexp.MustCompile(`^\s*end\b`)
)

// optionalGems are the gems of the Gemfile's optional groups, each with its groups, and the
// gems named outside them.
func optionalGems(text string) (optional map[string][]string, elsewhere []string) {
	optional = map[string][]string{}
	var groups []string // the optional block's groups, nil outside one
	depth := 0
	for _, line := range strings.Split(text, "\n") {
		if groups == nil {
			if m := groupBlock.FindStringSubmatch(line); m != nil && optionalOn.MatchString(m[1]) {
				args := optionalOn.Split(m[1], 2)[0]
				for _, g := range groupName.FindAllStringSubmatch(args, -1) {
					groups = append(groups, g[1]+g[2])
				}
				if groups != nil {
					depth = 1
				}
				continue
			}
			if m := gemLine.FindStringSubmatch(line); m != nil {
				elsewhere = append(elsewhere, m[1])
			}
			continue
		}
		switch {
		case blockEnd.MatchString(line):
			if depth--; depth == 0 {
				groups = nil
			}
		case blockOpen.MatchString(line):
			depth++
		case gemLine.MatchString(line):
			name := gemLine.FindStringSubmatch(line)[1]
			optional[name] = append(optional[name], groups...)
		}
	}
	return optional, elsewhere
}

// databaseAdapter is the production adapter config/database.yml names, "" when it names none
// plainly (no file, ERB, no production entry). A multi-database production takes its first
// database's.
func databaseAdapter(f lang.Facts) string {
	text := f.Text("config/database.yml")
	if text == "" {
		return ""
	}
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "<%") && !strings.Contains(line, "<%=") {
			continue // ERB's control flow
		}
		lines = append(lines, erbTag.ReplaceAllString(line, "erb"))
	}
	var conf map[string]any
	if yaml.Unmarshal([]byte(strings.Join(lines, "\n")), &conf) != nil {
		return ""
	}
	prod, _ := conf["production"].(map[string]any)
	if a, ok := prod["adapter"].(string); ok {
		return a
	}
	var names []string
	for k := range prod {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if db, ok := prod[k].(map[string]any); ok {
			if a, ok := db["adapter"].(string); ok {
				return a
			}
		}
	}
	return ""
}

// erbTag is an ERB output tag.
var erbTag = regexp.MustCompile(`<%=.*?%>`)

// bundleWith is BUNDLE_WITH for the bundle: the optional groups of database.yml's adapter's gem
// when the default groups lack it; else, when adapters are only in optional groups and nothing
// says which, OptionalDatabaseGroup.
func bundleWith(s *spec.Spec, f lang.Facts) ([]plan.Env, []plan.Note) {
	if _, set := s.Build.Env.Get("BUNDLE_WITH"); set {
		return nil, nil
	}
	optional, elsewhere := optionalGems(f.Text("Gemfile"))
	var held []string // adapter gems only an optional group holds, as "gem (groups)"
	var gems []string
	for _, gem := range []string{"pg", "mysql2", "trilogy", "sqlite3"} {
		if slices.Contains(elsewhere, gem) {
			return nil, nil // the default group has an adapter: the app uses it, or says so
		}
		if groups := optional[gem]; len(groups) > 0 {
			held = append(held, gem+" in "+strings.Join(groups, ", "))
			gems = append(gems, gem)
		}
	}
	if len(held) == 0 {
		return nil, nil
	}
	if gem := adapterGems[databaseAdapter(f)]; gem != "" && slices.Contains(gems, gem) {
		return []plan.Env{{Key: "BUNDLE_WITH", Value: strings.Join(optional[gem], ":")}}, nil
	}
	first := optional[gems[0]][0]
	note := rules.OptionalDatabaseGroup.Note(lang.FirstField(s, "language"), rules.OptionalDatabaseGroup.Format(strings.Join(held, "; "), first))
	return nil, append([]plan.Note(nil), note)
}
