package lang

import (
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// PackageManager is the system package manager of a base image family.
type PackageManager string

// Package managers of the bases the providers use.
const (
	Apt PackageManager = "apt" // Debian and Ubuntu bases (golang, node, python, eclipse-temurin, *-slim)
	Apk PackageManager = "apk" // Alpine bases
)

// InstallPackages is a step that installs system packages with the package manager's caches
// mounted (locked: apt and apk do not share their cache directories safely). The package names,
// validated by the spec, reach the shell only as positional arguments, never as script text.
// field is the spec field that asked for them.
func InstallPackages(pm PackageManager, pkgs []string, field string) *plan.Run {
	run := &plan.Run{Origin: plan.Origin{Field: field}}
	switch pm {
	case Apk:
		run.Args = append([]string{"/bin/sh", "-c", `apk add --cache-dir /var/cache/apk "$@"`, "sh"}, pkgs...)
		run.Mounts = []plan.Mount{{Type: plan.MountCache, ID: "apk-cache", Target: "/var/cache/apk", Sharing: "locked"}}
		run.Display = "apk add " + strings.Join(pkgs, " ")
	default:
		script := `rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && ` +
			`apt-get install -y --no-install-recommends "$@"`
		run.Args = append([]string{"/bin/sh", "-c", script, "sh"}, pkgs...)
		run.Env = []plan.Env{{Key: "DEBIAN_FRONTEND", Value: "noninteractive"}}
		run.Mounts = []plan.Mount{
			{Type: plan.MountCache, ID: "apt-cache", Target: "/var/cache/apt", Sharing: "locked"},
			{Type: plan.MountCache, ID: "apt-lists", Target: "/var/lib/apt/lists", Sharing: "locked"},
		}
		run.Display = "apt-get install " + strings.Join(pkgs, " ")
	}
	return run
}

// PackageManagerOf guesses the system package manager of an image from its name.
func PackageManagerOf(image string) PackageManager {
	if strings.Contains(image, "alpine") {
		return Apk
	}
	return Apt
}

// RuntimePackages installs the spec's `packages` into the runtime image, before the app
// arrives so that a code change does not redo it. It runs on the target platform: the runtime's
// own package manager installs them. Distroless and scratch have none.
func RuntimePackages(s *spec.Spec, image, alias string) ([]plan.Step, error) {
	if len(s.Packages) == 0 {
		return nil, nil
	}
	if image == "" || alias == "distroless" {
		name := alias
		if image == "" {
			name = "scratch"
		}
		return nil, FieldError(s, "packages", "use `runtime: slim` (or alpine) for system packages",
			"the %s runtime has no package manager to install packages with", name)
	}
	return []plan.Step{InstallPackages(PackageManagerOf(image), s.Packages, "packages")}, nil
}
