package lang

import (
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// PackageManager is the system package manager of a base image, and that image.
type PackageManager struct {
	Tool  string // "apt" (Debian and Ubuntu bases: golang, node, python, eclipse-temurin, *-slim) or "apk" (Alpine)
	Image string
}

// PackageManagerOf guesses the system package manager of an image from its name.
func PackageManagerOf(image string) PackageManager {
	if strings.Contains(image, "alpine") {
		return PackageManager{Tool: "apk", Image: image}
	}
	return PackageManager{Tool: "apt", Image: image}
}

// InstallPackages is a step of a build-platform stage (build.packages) that installs system
// packages. The package names, validated by the spec, reach the shell only as positional
// arguments, never as script text. field is the spec field that asked for them.
func InstallPackages(pm PackageManager, pkgs []string, field string) *plan.Run {
	return installPackages(pm, pkgs, field, "BUILDPLATFORM")
}

// installPackages installs packages with the package manager's caches mounted. As Dalec does,
// a cache is one distribution release's on one platform: its id names the base image (which
// names the release) and the platform the step runs on (platform, BUILDPLATFORM or
// TARGETPLATFORM), so the package steps of several platforms run at once and two releases never
// overwrite each other's package lists. The mounts are locked: apt and apk do not share their
// cache directories safely between concurrent runs.
func installPackages(pm PackageManager, pkgs []string, field, platform string) *plan.Run {
	id := func(cache string) string {
		return cache + "/" + cacheKey.ReplaceAllString(pm.Image, "-") + "/${" + platform + "}"
	}
	run := &plan.Run{Origin: plan.Origin{Field: field}}
	switch pm.Tool {
	case "apk":
		run.Args = append([]string{"/bin/sh", "-c", `apk add --cache-dir /var/cache/apk "$@"`, "sh"}, pkgs...)
		run.Mounts = []plan.Mount{{Type: plan.MountCache, ID: id("apk-cache"), Target: "/var/cache/apk", Sharing: plan.SharingLocked}}
		run.Display = "apk add " + strings.Join(pkgs, " ")
	default:
		script := `rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && ` +
			`apt-get install -y --no-install-recommends "$@"`
		run.Args = append([]string{"/bin/sh", "-c", script, "sh"}, pkgs...)
		run.Env = []plan.Env{{Key: "DEBIAN_FRONTEND", Value: "noninteractive"}}
		run.Mounts = []plan.Mount{
			{Type: plan.MountCache, ID: id("apt-cache"), Target: "/var/cache/apt", Sharing: plan.SharingLocked},
			{Type: plan.MountCache, ID: id("apt-lists"), Target: "/var/lib/apt/lists", Sharing: plan.SharingLocked},
		}
		run.Display = "apt-get install " + strings.Join(pkgs, " ")
	}
	return run
}

// cacheKey matches what a cache id does not need of an image reference.
var cacheKey = regexp.MustCompile(`[^A-Za-z0-9_.:@+-]+`)

// RuntimePackages installs the spec's `packages` into the runtime image, with the ones the
// provider knows the program needs (extra: a native gem's shared library), in one step before
// the app arrives, so that a code change does not redo it. It runs on the target platform: the
// runtime's own package manager installs them. Distroless and scratch have none.
func RuntimePackages(s *spec.Spec, image, alias string, extra ...string) ([]plan.Step, error) {
	pkgs := Unique(slices.Concat(extra, s.Packages))
	if len(pkgs) == 0 {
		return nil, nil
	}
	field := "packages"
	if len(s.Packages) == 0 {
		field = FirstField(s, "runtime", "language")
	}
	if image == "" || alias == "distroless" {
		name := alias
		if image == "" {
			name = "scratch"
		}
		return nil, FieldError(s, field, "use `runtime: slim` (or alpine) for system packages",
			"the %s runtime has no package manager to install %s with", name, strings.Join(pkgs, ", "))
	}
	return []plan.Step{installPackages(PackageManagerOf(image), pkgs, field, "TARGETPLATFORM")}, nil
}

// Library is a shared library a dependency loads at run time, as the runtime's package
// managers name its package: a gem's or a Python distribution's C extension links it, and the
// slim and alpine images lack it. A builder's development package is named the same way.
type Library struct{ Apt, Apk string }

// In is the library's package in the package manager of image (the runtime's, the builder's):
// apk's on Alpine, apt's otherwise.
func (l Library) In(image string) string {
	if PackageManagerOf(image).Tool == "apk" {
		return l.Apk
	}
	return l.Apt
}

// LibraryPackages are the packages of libs for the runtime alias, sorted, each once: apt's on
// slim, apk's on alpine; none for another alias or an image the spec names (its packages are
// its own).
func LibraryPackages(libs []Library, alias string) []string {
	var out []string
	for _, l := range libs {
		switch alias {
		case "slim":
			out = append(out, l.Apt)
		case "alpine":
			out = append(out, l.Apk)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
