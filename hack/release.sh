#!/usr/bin/env bash
# Build a release of the frontend image as .github/workflows/release.yml does on a tag: the
# `release` target of docker-bake.hcl (linux/amd64 + linux/arm64, provenance and SBOM
# attestations, VERSION stamped into the binary and the version label), pushed with its channel
# tags (1.2.3, 1.2, 1, latest) to the testbed registry, on the testbed's buildx builder.
#
#   hack/release.sh VERSION [docker buildx bake flags...]
#
# IMAGE (default $MSF_REGISTRY/msf-release/multistage-frontend) is the repository pushed to: not
# the org/multistage-frontend that `# syntax=` finds on a shared testbed. The end-to-end test
# TestReleaseImage runs this script and checks what it pushed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$HACK_DIR/.." && pwd)
[ $# -ge 1 ] || die "usage: $0 VERSION [bake flags...]"
export VERSION=${1#v}
shift
export IMAGE=${IMAGE:-$MSF_REGISTRY/msf-release/multistage-frontend}
[ -n "${DOCKER_CONFIG:-}" ] || eval "$("$HACK_DIR/testbed.sh" env)"

log "release $VERSION: docker buildx bake release -> $IMAGE"
cd "$ROOT"
docker buildx bake --progress="${PROGRESS:-plain}" -f docker-bake.hcl release --push "$@"
