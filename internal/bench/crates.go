package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// crates.io is out of reach where make bench runs, and the fixture's Rust (Debian's 1.63) can
// build only what its context holds. So the Rust example with dependencies builds from crate
// sources Debian packages (librust-*-dev: /usr/share/cargo/registry/<crate>-<version>, each with
// the .cargo-checksum.json a directory source needs), unpacked into vendor/ of each copy, which
// the example's .cargo/config.toml puts in crates.io's place: a vendored build, as teams without
// access to the registry make. Both variants compile the same crates.

// fetchCrates downloads the Debian packages with apt-get (from the machine's Debian mirror) into
// dir and unpacks them; it returns the directory that holds the crates.
func fetchCrates(ctx context.Context, dir string, packages []string) (string, error) {
	debs := filepath.Join(dir, "debs")
	root := filepath.Join(dir, "root")
	for _, d := range []string{debs, root} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", err
		}
	}
	cmd := exec.CommandContext(ctx, "apt-get", append([]string{"download"}, packages...)...)
	cmd.Dir = debs
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("apt-get download %v: %w\n%s", packages, err, lastLines(string(out), 10))
	}
	files, err := filepath.Glob(filepath.Join(debs, "*.deb"))
	if err != nil {
		return "", err
	}
	if len(files) != len(packages) {
		return "", fmt.Errorf("apt-get download %v gave %d packages", packages, len(files))
	}
	for _, f := range files {
		if out, err := exec.CommandContext(ctx, "dpkg-deb", "-x", f, root).CombinedOutput(); err != nil {
			return "", fmt.Errorf("dpkg-deb -x %s: %w\n%s", f, err, out)
		}
	}
	return filepath.Join(root, "usr", "share", "cargo", "registry"), nil
}
