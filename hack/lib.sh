# shellcheck shell=bash
# Common settings for the testbed scripts. Sourced, never executed.
#
# Environment contract (all optional):
#   MSF_CACHE     persistent cache: tool binaries, debootstrap rootfs tarballs,
#                 fixture layers, registry storage.
#                 Default: $HOME/.cache/multistage-frontend
#   MSF_STATE     runtime state: buildkitd root + socket, pid files, logs,
#                 DOCKER_CONFIG. Default: /tmp/multistage-frontend-testbed
#   MSF_REGISTRY  host:port of the local registry (default 127.0.0.1:5000); the
#                 buildkitd mirror config follows it (restart with down/up after a change).
#                 MSF_REGISTRY_ADDR is accepted as an older name.
#   MSF_PYPI      host:port of the offline Python package index (default 127.0.0.1:5002).

HACK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MSF_CACHE=${MSF_CACHE:-$HOME/.cache/multistage-frontend}
MSF_STATE=${MSF_STATE:-/tmp/multistage-frontend-testbed}
MSF_REGISTRY=${MSF_REGISTRY:-${MSF_REGISTRY_ADDR:-127.0.0.1:5000}}
MSF_REGISTRY_ADDR=$MSF_REGISTRY
MSF_PYPI=${MSF_PYPI:-127.0.0.1:5002}
MSF_BIN=$MSF_CACHE/bin
# GO_TAGS: the build tags of every Go binary built on the host (hack/install.sh's tools, and the
# frontend binary of `make demo` on the local testbed). They are buildkitd's (buildkit's Dockerfile,
# buildkitd-linux stage); one set for all lets the packages the binaries share compile once (CGO is
# off: netgo and osusergo change no behaviour, but they change the net and os/user packages and so
# everything above them).
# shellcheck disable=SC2034 # used by the scripts that source this file
GO_TAGS="osusergo netgo static_build seccomp"
export PATH="$MSF_BIN:/usr/local/go/bin:$PATH"

log()  { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33mwarn:\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

need_root() { [ "$(id -u)" = 0 ] || die "$0 must run as root"; }

# need_bin NAME... : fail unless the testbed tools are installed.
need_bin() {
	local b
	for b in "$@"; do
		[ -x "$MSF_BIN/$b" ] || die "$MSF_BIN/$b missing: run hack/install.sh first"
	done
}

# timed LABEL CMD... : run CMD, print how long it took.
timed() {
	local label=$1 start end
	shift
	start=$(date +%s.%N)
	"$@"
	end=$(date +%s.%N)
	awk -v l="$label" -v s="$start" -v e="$end" \
		'BEGIN { printf "\033[1;32m[time]\033[0m %-28s %6.1fs\n", l, e - s }' >&2
}
