#!/usr/bin/env bash
# `make demo`: build the frontend image, build examples/go through `# syntax=org/multistage-frontend`,
# and print what was built. With no builder configured (BUILDKIT_HOST unset) it starts the local
# testbed first; with BUILDKIT_HOST set it uses that builder and hands it the frontend image as an
# OCI layout, so no registry is needed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$HACK_DIR/.." && pwd)
EXAMPLE=$ROOT/examples/go
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

frontend_opts=()
if [ -z "${BUILDKIT_HOST:-}" ]; then
	log "no builder configured (BUILDKIT_HOST is unset): starting the local BuildKit testbed"
	"$HACK_DIR/install.sh"
	"$HACK_DIR/fixtures.sh" go
	"$HACK_DIR/testbed.sh" up
	eval "$("$HACK_DIR/testbed.sh" env)"
	PROGRESS=${PROGRESS:-plain} "$HACK_DIR/image.sh"
else
	need_bin buildctl
	log "using the builder at $BUILDKIT_HOST; the frontend image travels as an OCI layout"
	buildctl build --progress="${PROGRESS:-plain}" --frontend dockerfile.v0 \
		--local context="$ROOT" --local dockerfile="$ROOT" \
		--output "type=oci,dest=$WORK/frontend,tar=false,name=org/multistage-frontend:latest"
	digest=$(grep -o '"digest":"sha256:[0-9a-f]*"' "$WORK/frontend/index.json" | head -n1 | cut -d'"' -f4)
	frontend_opts=(--oci-layout "msf=$WORK/frontend" --opt "context:org/multistage-frontend=oci-layout://msf@$digest")
fi

log "building examples/go through '$(head -n1 "$EXAMPLE/Dockerfile")'"
start=$(date +%s.%N)
buildctl build --progress="${PROGRESS:-plain}" --frontend dockerfile.v0 \
	--local context="$EXAMPLE" --local dockerfile="$EXAMPLE" "${frontend_opts[@]}" \
	--output "type=oci,dest=$WORK/image.tar"
took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')

echo
echo "================ examples/go, built in ${took}s ================"
echo "spec ($EXAMPLE/Dockerfile):"
sed 's/^/    /' "$EXAMPLE/Dockerfile"
echo
echo "targets (as --call targets lists them):"
(cd "$ROOT" && go run . targets "$EXAMPLE") | sed 's/^/    /'
echo
echo "runtime image:"
(cd "$ROOT" && go run ./hack/ociinfo "$WORK/image.tar") | sed 's/^/    /'
