package lang

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
)

// Sharing is how concurrent builds use one cache (RUN --mount=type=cache,sharing=...). Choose
// per tool: Locked where the tool is not safe with concurrent writers (Maven, apt), Shared
// where it is (Go's module and build caches), Private for a scratch cache per build.
type Sharing string

// The sharing modes BuildKit knows.
const (
	Shared  Sharing = "shared"
	Private Sharing = "private"
	Locked  Sharing = "locked"
)

// mode is the plan's sharing mode. Any other value is a programming error, never silently shared.
func (m Sharing) mode() plan.Sharing {
	switch m {
	case "", Shared:
		return plan.SharingShared
	case Private:
		return plan.SharingPrivate
	case Locked:
		return plan.SharingLocked
	}
	panic(fmt.Sprintf("lang: cache sharing mode %q is none of shared, private, locked", string(m)))
}

// Cache is a directory a tool keeps between builds: its downloads, its compiled objects.
// Declare each once (a package variable naming its id, target and sharing) and list it on the
// commands that use it; the skeleton mounts it on each.
type Cache struct {
	// ID is the cache's name: commands of every build that name it share it.
	ID string
	// Target is where it is mounted.
	Target  string
	Sharing Sharing
	// InLayer caches are filled by the dependency commands in deps' layer, not in a cache mount,
	// so a registry cache (--cache-to mode=max) carries them to a fresh CI runner: BuildKit never
	// exports cache mounts. Every later command mounts the cache seeded from that layer
	// (RUN --mount=type=cache,from=deps,source=...): on a warm builder it keeps what the builds
	// add to it, on a fresh one it starts from the dependencies instead of nothing.
	InLayer bool
	// Stage is the stage whose layer holds an InLayer cache, when not deps: a recipe stage
	// that compiles the dependencies (Toolchain.Beside), whose own commands write the layer.
	Stage string
	// UID and GID own the cache's directory when a command runs as another user than root.
	UID, GID int
}

// OwnedBy is the cache owned by user ("uid:gid" or "uid", numeric; root or a name leaves it root's).
func (c Cache) OwnedBy(user string) Cache {
	u, g, hasGroup := strings.Cut(user, ":")
	uid, err := strconv.Atoi(u)
	if err != nil {
		return c
	}
	gid, err := strconv.Atoi(g)
	if !hasGroup || err != nil {
		gid = uid
	}
	c.UID, c.GID = uid, gid
	return c
}

// depsStage is the stage whose layer holds the InLayer caches.
const depsStage = "deps"

// mount is the cache as a mount of a command in stage; ok is false when the command writes
// the directory into the stage's layer instead (an InLayer cache in its stage, deps or Stage).
func (c Cache) mount(stage string) (m plan.Mount, ok bool) {
	m = plan.Mount{Type: plan.MountCache, ID: c.ID, Target: c.Target, Sharing: c.Sharing.mode(), UID: c.UID, GID: c.GID}
	if c.InLayer {
		layer := cmp.Or(c.Stage, depsStage)
		if stage == layer {
			return m, false
		}
		m.FromStage, m.Source = layer, c.Target
	}
	return m, true
}
