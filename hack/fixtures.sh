#!/usr/bin/env bash
# Synthesize base images (no Docker Hub) and push them to the local registry
# under the names a docker.io / gcr.io mirror maps to, e.g.
#   golang:1.26                               -> $MSF_REGISTRY/library/golang:1.26
#   gcr.io/distroless/static-debian12:nonroot -> $MSF_REGISTRY/distroless/static-debian12:nonroot
#
#   hack/fixtures.sh go        Go set: golang, distroless static/base/cc, debian slim, alpine,
#                              docker/dockerfile:1 (the frontend built by install.sh)
#   hack/fixtures.sh demo      what `make demo` builds with: golang and distroless static
#   hack/fixtures.sh all       everything (Go set + node, python, java/maven, rust, bun, deno, php, ruby,
#                              pypi_index: the offline Python package index, see fixtures/pypi.sh, and
#                              gem_index: the offline gem index, see fixtures/images-ruby.sh)
#   hack/fixtures.sh NAME...   single images by function name, e.g. img_golang img_rust pypi_index
#   hack/fixtures.sh list      list image functions
#   hack/fixtures.sh --layers-only SET...   build the layers, push nothing (needs no registry;
#                              make demo runs it while the tools compile, with MSF_WAIT_MKFIXTURE=
#                              SECONDS to wait for mkfixture when it first needs it)
#
# Needs root (debootstrap, chroot, overlay mounts) and hack/install.sh; starts
# the registry before the first push if needed. Layers are cached in $MSF_CACHE/layers by recipe hash;
# an image is pushed only if the registry lacks its recipe (config label
# org.multistage-frontend.fixture.recipe). See hack/fixtures.md for the images.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$HACK_DIR/fixtures/layers.sh"
source "$HACK_DIR/fixtures/images-go.sh"
source "$HACK_DIR/fixtures/images-lang.sh"
source "$HACK_DIR/fixtures/images-static.sh"
source "$HACK_DIR/fixtures/images-bun.sh"
source "$HACK_DIR/fixtures/images-deno.sh"
source "$HACK_DIR/fixtures/images-php.sh"
source "$HACK_DIR/fixtures/images-ruby.sh"

# One fixture build at a time per cache: two would chroot into, and write, the same layer
# directories (several work trees share one testbed and cache).
mkdir -p "$MSF_CACHE"
exec 9>"$MSF_CACHE/.fixtures.lock"
flock 9

GO_SET=(img_debian img_distroless img_golang img_alpine img_dockerfile)
DEMO_SET=(img_golang img_distroless_static)
LANG_SET=(img_node img_node24 img_node22 img_python pypi_index img_java img_rust img_nginx img_bun img_deno img_caddy img_php84 img_composer img_ruby gem_index)
RECIPE_LABEL=org.multistage-frontend.fixture.recipe
STD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
MKFIXTURE_HASH=$(cat "$HACK_DIR"/tools/cmd/mkfixture/*.go | sha256sum | cut -c1-16)

# image "REPO:TAG..." [mkfixture push flags]: push unless the registry already
# has this recipe. -layer takes a layer NAME (optionally OS/ARCH=NAME) and
# expands to the layers below it first. Always adds the CA layer last.
image() {
	local tags=$1 args=() seen=" " plat l x recipe refs=()
	shift
	while [ $# -gt 0 ]; do
		if [ "$1" = -layer ]; then
			plat="" l=$2
			case $l in */*=*) plat=${l%%=*}= l=${l#*=} ;; esac
			[ -n "${L_HASH[$l]:-}" ] || die "image $tags: unknown layer $l"
			for x in ${L_LOWER[$l]} "$l"; do
				case $seen in *" $plat$x "*) continue ;; esac
				seen+="$plat$x "
				args+=(-layer "$plat${L_TGZ[$x]}")
			done
			shift 2
		else
			args+=("$1")
			shift
		fi
	done
	args+=(-layer "${L_TGZ[ca]}")
	recipe=$(hash_of "${args[@]}" "$MKFIXTURE_HASH")
	$LAYERS_ONLY && return 0
	registry_up
	for x in $tags; do refs+=("$MSF_REGISTRY/$x"); done
	local rc=0
	mkfixture has -label "$RECIPE_LABEL=$recipe" "${refs[@]}" || rc=$?
	case $rc in
	0) log "image $tags: up to date ($recipe)"; return 0 ;;
	1) ;;
	*) die "cannot query the registry at $MSF_REGISTRY" ;;
	esac
	log "image $tags: pushing ($recipe)"
	mkfixture push "${args[@]}" -label "$RECIPE_LABEL=$recipe" \
		-label "org.multistage-frontend.fixture=stand-in built by hack/fixtures.sh" \
		$(for x in "${refs[@]}"; do echo "-tag $x"; done) >/dev/null
}

LAYERS_ONLY=false REGISTRY_UP=false
registry_up() {
	$REGISTRY_UP && return 0
	need_bin registry
	"$HACK_DIR/testbed.sh" registry
	REGISTRY_UP=true
}

cleanup() { [ -d "$WORK" ] && umount_under "$WORK"; return 0; }

main() {
	need_root
	if [ -n "${MSF_WAIT_MKFIXTURE:-}" ]; then
		# make demo starts the layers while mkfixture compiles: the first layer (debootstrap)
		# needs it only at its end
		mkfixture() {
			local i=0
			while [ ! -x "$MSF_BIN/mkfixture" ] && [ $i -lt "$MSF_WAIT_MKFIXTURE" ]; do
				sleep 1
				i=$((i + 1))
			done
			command mkfixture "$@"
		}
	else
		need_bin mkfixture
	fi
	command -v debootstrap >/dev/null || die "debootstrap missing: run hack/install.sh"
	if [ "${1:-}" = --layers-only ]; then
		LAYERS_ONLY=true
		shift
	fi
	[ $# -gt 0 ] || set -- go
	local fns=() f
	for f in "$@"; do
		case $f in
		go) fns+=("${GO_SET[@]}") ;;
		demo) fns+=("${DEMO_SET[@]}") ;;
		all) fns+=("${GO_SET[@]}" "${LANG_SET[@]}") ;;
		list) printf '%s\n' "${GO_SET[@]}" img_distroless_static "${LANG_SET[@]}"; return 0 ;;
		img_* | pypi_index | gem_index) declare -F "$f" >/dev/null || die "no such image function: $f"; fns+=("$f") ;;
		*) die "unknown argument $f (go|demo|all|list|img_NAME...)" ;;
		esac
	done
	mkdir -p "$LAYERS" "$WORK"
	trap cleanup EXIT
	timed "layer base-amd64" layer_rootfs base-amd64 amd64
	layer_dir ca "" "$CA_HASH" ca_into
	for f in "${fns[@]}"; do timed "$f" "$f"; done
	log "fixtures done: $*"
}

main "$@"
