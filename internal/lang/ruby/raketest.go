package ruby

import (
	"regexp"
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
)

// A Rakefile need not have a `test` task: roda-sequel-stack's runs its minitest suites as
// `model_spec` and `web_spec`, which its `default` task names (`task default: [:model_spec,
// :web_spec]`), and its README runs them with plain `rake`. `rake test` there stops with "Don't
// know how to build task 'test'", so with a default task and no test task in the Rake files
// the context holds, the tests run as `rake` (its default), as the project's own docs run them.
// A Rakefile that loads files this does not read (rakelib/, which rake loads by itself, an
// `import` or `load`) may define `test` there, and keeps `rake test`.

var (
	// rakeTestTask defines a task named test: `task :test`, `task test: [...]`, `task "test"`,
	// or rake's and minitest's test task classes (named test unless told).
	rakeTestTask = regexp.MustCompile(`(?m)^\s*(?:task\s*\(?\s*(?::test\b|["']test["']|test:)|.*\b(?:Rake|Minitest)::TestTask\b)`)
	// rakeDefaultTask defines the default task.
	rakeDefaultTask = regexp.MustCompile(`(?m)^\s*task\s*\(?\s*(?::default\b|["']default["']|default:)`)
	// rakeLoads loads Rake files by a path: an import or load, or a string naming .rake files
	// (`Dir["tasks/*.rake"].each { |f| load f }`); not roda-sequel-stack's `Dir['models/**/*.rb']`.
	rakeLoads = regexp.MustCompile(`(?m)^\s*(?:import|load)\b|\.rake["']`)
)

// rakeLib is the directory of Rake files rake loads by itself, for Language().Reads.
const rakeLib = "rakelib/*.rake"

// rakeDefaultRunsTests reports a Rakefile whose default task is what runs the tests: it has
// one, and no Rake file the context holds defines `test` or loads files not read here.
func rakeDefaultRunsTests(f lang.Facts) bool {
	names := rakeFileNames(f)
	if !slices.Contains(names, "Rakefile") || len(f.Glob(rakeLib)) > 0 || rakeLoads.MatchString(f.Text("Rakefile")) {
		return false
	}
	return rakeDefaultTask.MatchString(f.Text("Rakefile")) && !slices.ContainsFunc(names, func(n string) bool {
		return rakeTestTask.MatchString(f.Text(n))
	})
}
