#!/usr/bin/env bash
# `make demo`: build the frontend image, build examples/go through `# syntax=org/multistage-frontend`
# with it, and print what was built. The frontend image travels to the builder as an OCI layout
# (a named context, as `--build-context org/multistage-frontend=oci-layout://...`), so no registry
# is needed. The builder is, in this order:
#   1. the one in BUILDKIT_HOST (driven with buildctl);
#   2. the current `docker buildx` builder, when it answers (`docker buildx inspect --bootstrap`):
#      nothing is compiled on this machine, the builder compiles the frontend;
#   3. otherwise the local testbed (hack/testbed.sh), of which only what the demo needs is built
#      (buildkitd, buildctl, a registry, and the golang and distroless fixture images), the
#      fixture layers while the tools compile, mkfixture beside the others. The frontend binary
#      is then compiled here too, with the tools' tags and Go caches, so the BuildKit packages
#      it shares with buildkitd compile once; the image is built from the root Dockerfile with
#      its build stage replaced by that binary (a named context, context:build).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$HACK_DIR/.." && pwd)
EXAMPLE=$ROOT/examples/go
WORK=$(mktemp -d)
BG=() # background jobs, stopped if the demo fails
trap '[ ${#BG[@]} -eq 0 ] || kill "${BG[@]}" 2>/dev/null; rm -rf "$WORK"' EXIT
PROGRESS=${PROGRESS:-plain}
STARTED=$(date +%s.%N)

since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

buildx_ready() {
	command -v docker >/dev/null && docker buildx version >/dev/null 2>&1 &&
		docker buildx inspect --bootstrap >/dev/null 2>&1
}

# start_testbed: the local testbed, building only what the demo needs.
start_testbed() {
	log "no builder (BUILDKIT_HOST is unset, no working docker buildx builder): starting the local testbed"
	"$HACK_DIR/install.sh" --demo --apt-only
	local layers=$WORK/fixture-layers.log pid
	log "fixture layers in the background (log: $layers) while the tools compile"
	MSF_WAIT_MKFIXTURE=900 "$HACK_DIR/fixtures.sh" --layers-only demo >"$layers" 2>&1 &
	pid=$!
	BG+=("$pid")
	# One Go build at a time: two at once compile the packages they share twice (the Go cache
	# is shared only once a package is done), and each uses both cores anyway. mkfixture first,
	# which the layers need once debootstrap is done; then the other tools, which reuse the
	# standard library and the packages mkfixture compiled; then the frontend and the image
	# printer, which reuse buildkitd's, while the images are pushed and buildkitd starts.
	"$HACK_DIR/install.sh" --demo mkfixture
	"$HACK_DIR/install.sh" --demo registry buildkitd buildctl
	log "compiling the frontend binary in the background (log: $WORK/frontend.log)"
	timed "frontend binary" build_binary >"$WORK/frontend.log" 2>&1 &
	BINARY=$!
	BG+=("$BINARY")
	build_ociinfo
	wait "$pid" || { tail -n 30 "$layers" >&2; die "fixture layers failed (log above)"; }
	grep '\[time\]' "$layers" >&2 || true # how long each layer took, in the background
	timed "fixture images" "$HACK_DIR/fixtures.sh" demo
	timed "testbed" "$HACK_DIR/testbed.sh" buildkitd
	wait "$BINARY" || { cat "$WORK/frontend.log" >&2; die "compiling the frontend failed (log above)"; }
	BG=()
	cat "$WORK/frontend.log" >&2 # how long it took
	eval "$("$HACK_DIR/testbed.sh" env)"
	unset BUILDX_BUILDER DOCKER_CONFIG # the demo drives buildkitd with buildctl
}

# build_binary: the frontend binary in $WORK/binary/out, as the Dockerfile's build stage makes it
# (same flags and version stamp), with the tools' tags (GO_TAGS) so that it reuses what they compiled.
build_binary() {
	cd "$ROOT"
	CGO_ENABLED=0 go build -trimpath -buildvcs=false -tags "$GO_TAGS" \
		-ldflags="-s -w -X github.com/org/multistage-frontend/internal/version.Version=dev" \
		-o "$WORK/binary/out/multistage-frontend" .
}

# build CONTEXT [ARGS...]: a build through the Dockerfile frontend, with buildctl or buildx.
build() {
	local dir=$1
	shift
	if [ "$CLIENT" = buildx ]; then
		docker buildx build --progress="$PROGRESS" "$@" "$dir"
	else
		buildctl build --progress="$PROGRESS" --frontend dockerfile.v0 \
			--local context="$dir" --local dockerfile="$dir" "$@"
	fi
}

# with_frontend: the arguments that make `# syntax=org/multistage-frontend` use $WORK/frontend.
with_frontend() {
	local digest
	digest=$(grep -o '"digest":"sha256:[0-9a-f]*"' "$WORK/frontend/index.json" | head -n1 | cut -d'"' -f4)
	if [ "$CLIENT" = buildx ]; then
		echo --build-context "org/multistage-frontend=oci-layout://$WORK/frontend@$digest"
	else
		echo --oci-layout "msf=$WORK/frontend" --opt "context:org/multistage-frontend=oci-layout://msf@$digest"
	fi
}

# build_ociinfo: the image printer, compiled in the background while the builds run (only when
# Go is here: the buildx path needs no Go); with the tools' flags, so that on the testbed it
# reuses the packages they compiled.
build_ociinfo() {
	command -v go >/dev/null || return 0
	(cd "$ROOT" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -tags "$GO_TAGS" -o "$WORK/ociinfo" ./hack/ociinfo) >"$WORK/ociinfo.log" 2>&1 &
	OCIINFO=$!
}

if [ -n "${BUILDKIT_HOST:-}" ]; then
	CLIENT=buildctl
	command -v buildctl >/dev/null || die "BUILDKIT_HOST is set but buildctl is not on PATH"
	log "using the builder at $BUILDKIT_HOST (buildctl)"
elif buildx_ready; then
	CLIENT=buildx
	log "using docker buildx's builder $(docker buildx inspect | sed -n 's/^Name: *//p' | head -n1)"
else
	start_testbed
	CLIENT=buildctl
fi
[ -n "${OCIINFO:-}" ] || build_ociinfo

start=$(date +%s.%N)
if [ "$CLIENT" = buildx ]; then
	log "building the frontend image from $ROOT/Dockerfile"
	build "$ROOT" --output "type=oci,dest=$WORK/frontend,tar=false" ||
		die "the builder cannot write an OCI layout (Docker's default 'docker' driver can only with the containerd image store): turn that on, or use a container builder: docker buildx create --use --driver docker-container"
elif [ -n "${BINARY:-}" ]; then
	log "building the frontend image from $ROOT/Dockerfile, its build stage replaced by the binary compiled here"
	build "$ROOT" --local binary="$WORK/binary" --opt context:build=local:binary \
		--output "type=oci,dest=$WORK/frontend,tar=false,name=org/multistage-frontend:demo"
else
	log "building the frontend image from $ROOT/Dockerfile"
	build "$ROOT" --output "type=oci,dest=$WORK/frontend,tar=false,name=org/multistage-frontend:demo"
fi
log "frontend image built in $(since "$start")s"

log "building examples/go through '$(head -n1 "$EXAMPLE/Dockerfile")'"
start=$(date +%s.%N)
# shellcheck disable=SC2046 # with_frontend prints arguments without spaces in them
build "$EXAMPLE" $(with_frontend) --output "type=oci,dest=$WORK/image.tar"
took=$(since "$start")
targets=$WORK/targets.txt
if [ "$CLIENT" = buildx ]; then
	# shellcheck disable=SC2046
	build "$EXAMPLE" --progress=quiet $(with_frontend) --call targets >"$targets"
else
	# shellcheck disable=SC2046
	build "$EXAMPLE" $(with_frontend) --opt requestid=frontend.targets >"$targets" 2>/dev/null
fi

echo
echo "================ examples/go, built in ${took}s ================"
echo "spec ($EXAMPLE/Dockerfile):"
sed 's/^/    /' "$EXAMPLE/Dockerfile"
echo
echo "targets (--call targets, answered by the frontend just built):"
sed 's/^/    /' "$targets"
echo
echo "runtime image:"
if [ -n "${OCIINFO:-}" ] && wait "$OCIINFO"; then
	"$WORK/ociinfo" "$WORK/image.tar" | sed 's/^/    /'
else
	echo "    (not shown: printing it needs Go)"
fi
echo "make demo took $(since "$STARTED")s"
