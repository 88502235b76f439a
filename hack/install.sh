#!/usr/bin/env bash
# Install the end-to-end testbed's prerequisites on a Debian 12 machine (root).
#
#   hack/install.sh                  apt packages + every tool binary (idempotent, fast when done)
#   hack/install.sh TOOL...          apt packages + only these tools
#   hack/install.sh --demo [TOOL...] only what `make demo` needs: its apt packages and (default)
#                                    mkfixture registry buildkitd buildctl
#   hack/install.sh [--demo] --apt-only   the apt packages alone
#
# Binaries land in $MSF_CACHE/bin (see hack/lib.sh), each rebuilt only when the tools module
# (hack/tools: go.mod, go.sum, cmd/), the build recipe below or the Go version changes:
#   buildkitd buildctl docker-buildx docker registry crane dockerfile-frontend mkfixture
# All but two are compiled by one `go build` with one set of tags and flags, so the packages they
# share (buildkit's client, grpc, containerd) are compiled once; dockerfile-frontend is built as
# upstream builds docker/dockerfile, and docker as docker/cli requires (see build_docker_cli). registry is hack/tools/cmd/registry:
# distribution's registry with only its filesystem driver.
# docker-buildx is also linked into the testbed's DOCKER_CONFIG ($MSF_STATE/docker).
# Needs Go (>= 1.26) at /usr/local/go or on PATH; GOPROXY must be reachable.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_root

ALL_TOOLS=(buildkitd buildctl docker-buildx docker registry crane dockerfile-frontend mkfixture)
DEMO_TOOLS=(mkfixture registry buildkitd buildctl)

DEMO_APT=(
	runc                 # OCI runtime for buildkitd's OCI worker
	debootstrap debian-archive-keyring gpgv  # base rootfs for the fixture images
	ca-certificates curl # registry health checks
	pigz xz-utils        # buildkitd uses unpigz when present
)
APT_PACKAGES=(
	"${DEMO_APT[@]}"
	busybox-static       # alpine stand-in (applet list)
	git                  # buildkitd git sources
	openssh-client       # ssh-agent, ssh-add, ssh-keygen: the --ssh end-to-end test
	python3 python3-pip python3-setuptools python3-wheel  # the offline Python index: wheels and its server
	python3-pip-whl python3-setuptools-whl python3-wheel-whl  # real wheels it serves (fixtures/pypi.sh)
	shellcheck           # actionlint checks the workflows' run: scripts with it (hack/test.sh)
)
# Not needed: iptables/CNI (buildkitd runs with host networking), uidmap (rootful).

# install_apt PKG...: install the packages that are missing.
install_apt() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		log "apt packages: all present"
		return
	fi
	log "apt-get install ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

tools_hash() {
	(
		cd "$HACK_DIR/tools"
		go version
		declare -f build_tools build_docker_cli package_of # the build flags are part of the recipe
		echo "$TAGS"
		cat go.mod go.sum
		find cmd -type f | LC_ALL=C sort | xargs cat
	) | sha256sum | cut -c1-16
}

# every tool is built with the same tags (GO_TAGS, see lib.sh), so that the packages they share compile once
TAGS=$GO_TAGS

# build_docker_cli OUT: docker/cli's cmd/docker does not build in module mode
# (files without //go:build lines get -lang=go1.16 from the +incompatible module),
# so build a copy of the package inside a throwaway copy of the tools module.
build_docker_cli() {
	local out=$1 src tmp
	go mod download github.com/docker/cli
	src=$(go list -m -f '{{.Dir}}' github.com/docker/cli)/cmd/docker
	tmp=$(mktemp -d)
	cp go.mod go.sum "$tmp/"
	sed -i 's#^module .*#module msf-dockercli#' "$tmp/go.mod"
	mkdir -p "$tmp/internal/signals"
	local f
	for f in "$src"/*.go; do
		case $f in *_test.go | *_windows_*) continue ;; esac
		sed 's#github.com/docker/cli/cmd/docker/internal/signals#msf-dockercli/internal/signals#' "$f" >"$tmp/$(basename "$f")"
	done
	cp "$src"/internal/signals/*.go "$tmp/internal/signals/"
	chmod -R u+w "$tmp"
	(cd "$tmp" && go build -trimpath -tags "$TAGS" -ldflags "-s -w -X github.com/docker/cli/cli/version.Version=$(modver github.com/docker/cli | sed 's/^v//; s/+incompatible//')" -o "$out" .)
	rm -rf "$tmp"
}

modver() { go list -m -f '{{.Version}}' "$1"; }

# package_of TOOL: the Go package a tool is built from (docker: see build_docker_cli).
package_of() {
	case $1 in
	buildkitd | buildctl) echo "github.com/moby/buildkit/cmd/$1" ;;
	docker-buildx) echo github.com/docker/buildx/cmd/buildx ;;
	docker) echo github.com/docker/cli/cmd/docker ;;
	crane) echo github.com/google/go-containerregistry/cmd/crane ;;
	dockerfile-frontend) echo github.com/moby/buildkit/frontend/dockerfile/cmd/dockerfile-frontend ;;
	registry | mkfixture) echo "./cmd/$1" ;;
	*) die "unknown tool $1 (one of: ${ALL_TOOLS[*]})" ;;
	esac
}

# build_tools TOOL...: build the tools whose stamp ($MSF_BIN/.TOOL-HASH) is missing, with one
# `go build` (and docker/cli's own, see above); each binary replaces the old one by a rename, so
# a running buildkitd or registry keeps its file.
build_tools() {
	local hash t missing=() pkgs=() out
	hash=$(tools_hash)
	mkdir -p "$MSF_BIN"
	for t in "$@"; do
		package_of "$t" >/dev/null
		[ -e "$MSF_BIN/.$t-$hash" ] || missing+=("$t")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		log "tools: $* up to date in $MSF_BIN ($hash)"
		return
	fi
	log "tools: building ${missing[*]} into $MSF_BIN ($hash); the first time takes a few minutes"
	cd "$HACK_DIR/tools"
	export GOWORK=off GOFLAGS=-mod=readonly CGO_ENABLED=0
	out=$(mktemp -d "$MSF_CACHE/bin.new.XXXX")
	local bk=github.com/moby/buildkit bkv bxv dfv
	bkv=$(modver $bk)
	bxv=$(modver github.com/docker/buildx)
	# -X of a package a binary does not link is ignored, so one set serves every tool
	local ldflags=(-s -w -X "$bk/version.Version=$bkv" -X "$bk/version.Revision=$bkv" -X "$bk/version.Package=$bk"
		-X "github.com/docker/buildx/version.Version=$bxv" -X "github.com/docker/buildx/version.Revision=$bxv"
		-X "github.com/distribution/distribution/v3/version.version=$(modver github.com/distribution/distribution/v3)")
	for t in "${missing[@]}"; do
		case $t in docker | dockerfile-frontend) ;; *) pkgs+=("$(package_of "$t")") ;; esac
	done
	if [ ${#pkgs[@]} -gt 0 ]; then
		go build -trimpath -tags "$TAGS" -ldflags "${ldflags[*]}" -o "$out/" "${pkgs[@]}"
		[ ! -e "$out/buildx" ] || mv "$out/buildx" "$out/docker-buildx"
	fi
	case " ${missing[*]} " in *" dockerfile-frontend "*)
		# as upstream builds docker/dockerfile (frontend/dockerfile/cmd/dockerfile-frontend/Dockerfile),
		# so that the benchmark compares with the real image (docs/benchmarks.md); its version
		# (docker/dockerfile:1.NN) is in buildkit's source, which `go build` has not fetched yet
		go mod download $bk
		dfv=$(sed -n 's/^const version = "\(.*\)"/\1/p' "$(go list -m -f '{{.Dir}}' $bk)/frontend/dockerfile/version/version.go")
		go build -trimpath -tags "netgo static_build osusergo" -ldflags "-d -X main.Version=$dfv -X main.Revision=$bkv -X main.Package=$bk/frontend/dockerfile/cmd/dockerfile-frontend" \
			-o "$out/dockerfile-frontend" "$(package_of dockerfile-frontend)"
		;;
	esac
	case " ${missing[*]} " in *" docker "*) build_docker_cli "$out/docker" ;; esac
	for t in "${missing[@]}"; do
		chmod 755 "$out/$t"
		mv -f "$out/$t" "$MSF_BIN/$t"
		touch "$MSF_BIN/.$t-$hash"
	done
	rm -rf "$out"
	# stamps of other recipes (and .tools-*, an older install.sh's)
	find "$MSF_BIN" -maxdepth 1 -type f -name '.*' ! -name "*-$hash" -delete
	case " ${missing[*]} " in *" buildkitd "*) "$MSF_BIN/buildkitd" --version ;; esac
}

install_plugin() {
	mkdir -p "$MSF_STATE/docker/cli-plugins"
	ln -sfn "$MSF_BIN/docker-buildx" "$MSF_STATE/docker/cli-plugins/docker-buildx"
	log "docker-buildx plugin linked into $MSF_STATE/docker/cli-plugins"
}

apt=("${APT_PACKAGES[@]}") tools=("${ALL_TOOLS[@]}")
if [ "${1:-}" = --demo ]; then
	shift
	apt=("${DEMO_APT[@]}") tools=("${DEMO_TOOLS[@]}")
fi
if [ "${1:-}" = --apt-only ]; then
	shift
	tools=()
fi
[ $# -eq 0 ] || tools=("$@")
command -v go >/dev/null || die "Go not found (expected /usr/local/go/bin/go)"
mkdir -p "$MSF_CACHE"
timed "apt packages" install_apt "${apt[@]}"
[ ${#tools[@]} -eq 0 ] || timed "tools build" build_tools "${tools[@]}"
[ ! -x "$MSF_BIN/docker-buildx" ] || install_plugin
