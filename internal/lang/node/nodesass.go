package node

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// node-sass is a native module whose install script downloads a binary built for the running
// Node.js, else compiles LibSass with node-gyp; it is deprecated, and its last release (9.0.0)
// stops at Node.js 20, so on the default Node.js the install compiles it and fails (akaunting's
// Mix build, twenty-first PHP and Ruby sweep). Planning warns (NodeSassUnsupported).

// nodeSassNewest is the newest Node.js major each node-sass major has binaries for (its
// README's support table).
var nodeSassNewest = map[int]int{9: 20, 8: 19, 7: 17, 6: 16, 5: 15, 4: 14}

// nodeSassNotes warn of a locked node-sass without a binary for the Node.js the build runs; how
// says where the version is set, "%s" standing for the major.
func nodeSassNotes(field string, f lang.Facts, lockfile string, ver nodeVersion, how string) []plan.Note {
	major, err := strconv.Atoi(ver.major)
	if err != nil || lockfile == "" {
		return nil
	}
	for _, v := range lockedVersions(f.Text(lockfile), lockfile, "node-sass") {
		m, err := strconv.Atoi(strings.SplitN(v, ".", 2)[0])
		newest, known := nodeSassNewest[m]
		if err != nil || !known || major <= newest {
			continue
		}
		note := rules.NodeSassUnsupported.Note(field, rules.NodeSassUnsupported.Format(lockfile, v, ver.major, strconv.Itoa(newest), fmt.Sprintf(how, strconv.Itoa(newest))))
		return append([]plan.Note(nil), note)
	}
	return nil
}
