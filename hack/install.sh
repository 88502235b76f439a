#!/usr/bin/env bash
# Install the end-to-end testbed's prerequisites on a Debian 12 machine (root).
#
#   hack/install.sh            apt packages + tool binaries (idempotent, fast when done)
#
# Binaries land in $MSF_CACHE/bin (see hack/lib.sh), rebuilt only when the
# tools module (hack/tools: go.mod, go.sum, cmd/) or the Go version changes:
#   buildkitd buildctl docker-buildx docker registry crane dockerfile-frontend mkfixture
# docker-buildx is also linked into the testbed's DOCKER_CONFIG ($MSF_STATE/docker).
# Needs Go (>= 1.26) at /usr/local/go or on PATH; GOPROXY must be reachable.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_root

APT_PACKAGES=(
	runc                 # OCI runtime for buildkitd's OCI worker
	debootstrap debian-archive-keyring gpgv  # base rootfs for the fixture images
	busybox-static       # alpine stand-in (applet list)
	ca-certificates curl # registry health checks
	git                  # buildkitd git sources
	openssh-client       # ssh-agent, ssh-add, ssh-keygen: the --ssh end-to-end test
	pigz xz-utils        # buildkitd uses unpigz when present
	python3 python3-pip python3-setuptools python3-wheel  # the offline Python index: wheels and its server
	python3-pip-whl python3-setuptools-whl python3-wheel-whl  # real wheels it serves (fixtures/pypi.sh)
)
# Not needed: iptables/CNI (buildkitd runs with host networking), uidmap (rootful).

install_apt() {
	local missing=() p
	for p in "${APT_PACKAGES[@]}"; do
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
		declare -f build_tools build_docker_cli # the build flags are part of the recipe
		cat go.mod go.sum
		find cmd -type f | LC_ALL=C sort | xargs cat
	) | sha256sum | cut -c1-16
}

# build_docker_cli OUT: docker/cli's cmd/docker does not build in module mode
# (files without //go:build lines get -lang=go1.16 from the +incompatible module),
# so build a copy of the package inside a throwaway copy of the tools module.
build_docker_cli() {
	local out=$1 src tmp
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
	(cd "$tmp" && go build -trimpath -ldflags "-s -w -X github.com/docker/cli/cli/version.Version=$(modver github.com/docker/cli | sed 's/^v//; s/+incompatible//')" -o "$out" .)
	rm -rf "$tmp"
}

modver() { go list -m -f '{{.Version}}' "$1"; }

build_tools() {
	local hash stamp out
	hash=$(tools_hash)
	stamp=$MSF_BIN/.tools-$hash
	if [ -e "$stamp" ]; then
		log "tools: up to date in $MSF_BIN ($hash)"
		return
	fi
	log "tools: building into $MSF_BIN ($hash); first time takes a few minutes"
	cd "$HACK_DIR/tools"
	export GOWORK=off GOFLAGS=-mod=readonly CGO_ENABLED=0
	go mod download
	out=$(mktemp -d "$MSF_CACHE/bin.new.XXXX")
	chmod 755 "$out"
	local bk=github.com/moby/buildkit bkv bxv
	bkv=$(modver $bk)
	bxv=$(modver github.com/docker/buildx)
	local bkld="-X $bk/version.Version=$bkv -X $bk/version.Revision=$bkv -X $bk/version.Package=$bk"
	# Tags as in buildkit's Dockerfile (buildkitd-linux / dockerfile-frontend stages).
	go build -trimpath -tags "osusergo netgo static_build seccomp" -ldflags "$bkld -extldflags -static" -o "$out/buildkitd" $bk/cmd/buildkitd
	go build -trimpath -ldflags "$bkld" -o "$out/buildctl" $bk/cmd/buildctl
	local dfv # the dockerfile frontend's own version (docker/dockerfile:1.NN)
	dfv=$(sed -n 's/^const version = "\(.*\)"/\1/p' "$(go list -m -f '{{.Dir}}' $bk)/frontend/dockerfile/version/version.go")
	go build -trimpath -tags "netgo static_build osusergo" -ldflags "-d -X main.Version=$dfv -X main.Revision=$bkv -X main.Package=$bk/frontend/dockerfile/cmd/dockerfile-frontend" \
		-o "$out/dockerfile-frontend" $bk/frontend/dockerfile/cmd/dockerfile-frontend
	go build -trimpath -ldflags "-s -w -X github.com/docker/buildx/version.Version=$bxv -X github.com/docker/buildx/version.Revision=$bxv" \
		-o "$out/docker-buildx" github.com/docker/buildx/cmd/buildx
	go build -trimpath -ldflags "-X github.com/distribution/distribution/v3/version.version=$(modver github.com/distribution/distribution/v3)" \
		-o "$out/registry" github.com/distribution/distribution/v3/cmd/registry
	go build -trimpath -o "$out/crane" github.com/google/go-containerregistry/cmd/crane
	go build -trimpath -o "$out/mkfixture" ./cmd/mkfixture
	build_docker_cli "$out/docker"
	touch "$out/.tools-$hash"
	rm -rf "$MSF_BIN.old"
	[ -d "$MSF_BIN" ] && mv "$MSF_BIN" "$MSF_BIN.old"
	mv "$out" "$MSF_BIN"
	rm -rf "$MSF_BIN.old"
	"$MSF_BIN/buildkitd" --version
}

install_plugin() {
	mkdir -p "$MSF_STATE/docker/cli-plugins"
	ln -sfn "$MSF_BIN/docker-buildx" "$MSF_STATE/docker/cli-plugins/docker-buildx"
	log "docker-buildx plugin linked into $MSF_STATE/docker/cli-plugins"
}

command -v go >/dev/null || die "Go not found (expected /usr/local/go/bin/go)"
mkdir -p "$MSF_CACHE"
timed "apt packages" install_apt
timed "tools build" build_tools
install_plugin
log "install done; next: hack/testbed.sh up && hack/fixtures.sh go"
