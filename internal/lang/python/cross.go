package python

import (
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// nativeCheckScript is the file nativeCheck runs: it lists the ELF files under its arguments
// whose machine is not $TARGETARCH, and fails when there is one. It reads headers only.
const nativeCheckScript = `import os, sys

want, build = os.environ["TARGETARCH"], os.environ["BUILDARCH"]
names = {3: "386", 8: "mips", 20: "ppc", 21: "ppc64", 22: "s390x", 40: "arm", 62: "amd64", 183: "arm64", 243: "riscv64"}
bad = []
for top in sys.argv[1:]:
    for root, _, files in os.walk(top):
        for name in sorted(files):
            p = os.path.join(root, name)
            if os.path.islink(p) or not (name.endswith(".so") or ".so." in name):
                continue
            with open(p, "rb") as f:
                h = f.read(20)
            if len(h) < 20 or h[:4] != b"\x7fELF":
                continue
            order = "little" if h[5] == 1 else "big"
            machine = int.from_bytes(h[18:20], order)
            got = names.get(machine, "machine %d" % machine)
            if got == "ppc64" and order == "little":
                got = "ppc64le"
            if got != want:
                bad.append("  %s (%s)" % (p, got))
if bad:
    more = ["  ... and %d more" % (len(bad) - 20)] if len(bad) > 20 else []
    print("multistage-frontend: this image is for %s, but pip ran on the build platform (%s) and installed native code for it:" % (want, build), file=sys.stderr)
    print("\n".join(bad[:20] + more), file=sys.stderr)
    print("Pure-Python packages suit every platform; these do not. Build each platform on a builder of its own architecture"
          " (a multi-node builder: docker buildx create --append --platform linux/%s ...), or do without the native dependency." % want, file=sys.stderr)
    sys.exit(1)
`

// nativeCheck fails a build for another platform whose venv or app holds native code for
// another machine than the target's (lang.NativeCheck). pip runs on the build platform, so it
// installs the build platform's wheels: right for pure Python, wrong for a package with
// extension modules, which would only fail when the program imports them, on the target.
func nativeCheck(dirs ...string) *plan.Run {
	return lang.NativeCheck("", []string{"python", "-I"}, "native-check.py", dirs...)
}
