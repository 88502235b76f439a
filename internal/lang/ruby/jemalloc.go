package ruby

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/procs"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// Heroku's jemalloc buildpack (mojodna/heroku-buildpack-jemalloc, gaffneyc's) puts a wrapper,
// jemalloc.sh, on the dynos' PATH, and Rails applications deployed there start their processes
// through it to run Ruby with jemalloc's allocator: CodeTriage's Procfile has `web: jemalloc.sh
// bin/puma -C config/puma.rb` and `worker: jemalloc.sh bundle exec sidekiq ...`. The ruby images
// have no such command, so each of those processes would stop at start ("jemalloc.sh: not
// found"), the build and check clean. The image gets the wrapper instead, in /usr/local/bin,
// with jemalloc from the base's packages (libjemalloc2, Alpine's jemalloc) preloaded as Rails'
// generated Dockerfile preloads it; the wrapper runs its command without it where the library
// is missing (a `runtime` image of the user's).

// jemallocScript is the wrapper's name, as the Procfile runs it.
const jemallocScript = "jemalloc.sh"

// jemallocLibrary is jemalloc, as the runtime's package manager names it.
var jemallocLibrary = lang.Library{Apt: "libjemalloc2", Apk: "jemalloc"}

// jemallocWrapper is the image's jemalloc.sh: the command, with jemalloc preloaded when the image
// has it (Debian's multiarch directory, or Alpine's /usr/lib).
const jemallocWrapper = `#!/bin/sh
# multistage-frontend: the jemalloc.sh of Heroku's jemalloc buildpack, which the Procfile runs:
# the command, with jemalloc preloaded when the image has it.
for lib in /usr/lib/*-linux-gnu/libjemalloc.so.2 /usr/lib/libjemalloc.so.2; do
	if [ -e "$lib" ]; then
		export LD_PRELOAD="$lib${LD_PRELOAD:+ $LD_PRELOAD}"
		break
	fi
done
exec "$@"
`

// runsJemalloc reports whether a process of the image starts through jemalloc.sh: the spec's
// processes, else the Procfile's (its command's first word after NAME=value words).
func runsJemalloc(s *spec.Spec, f lang.Facts) bool {
	if s.Processes != nil {
		return slices.ContainsFunc(s.Processes, func(p spec.Process) bool {
			return len(p.Command) > 0 && p.Command[0] == jemallocScript
		})
	}
	for line := range strings.Lines(f.Text(procs.Procfile)) {
		_, cmd, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, w := range strings.Fields(cmd) {
			if strings.Contains(w, "=") && !strings.HasPrefix(w, "-") {
				continue // NAME=value before the command
			}
			if w == jemallocScript {
				return true
			}
			break
		}
	}
	return false
}

// jemalloc adds the wrapper and the library to the runtime when a process runs jemalloc.sh.
func jemalloc(s *spec.Spec, f lang.Facts, rt *lang.Runtime, alias, field string) {
	if !runsJemalloc(s, f) {
		return
	}
	rt.Packages = append(rt.Packages, lang.LibraryPackages([]lang.Library{jemallocLibrary}, alias)...)
	slices.Sort(rt.Packages)
	rt.Packages = slices.Compact(rt.Packages)
	rt.Setup = append(rt.Setup, &plan.WriteFile{Origin: plan.Origin{Field: field},
		Files:   []plan.File{{Path: "/usr/local/bin/" + jemallocScript, Mode: 0o755, Data: jemallocWrapper}},
		Display: jemallocScript + " (Heroku's jemalloc buildpack's wrapper, which the processes run)"})
}
