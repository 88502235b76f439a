#!/usr/bin/env bash
# Run the local end-to-end testbed: a registry on $MSF_REGISTRY (storage in
# $MSF_CACHE/registry), a rootful buildkitd (OCI worker, runc, overlayfs)
# that uses the registry as a mirror of docker.io and gcr.io, and the offline
# Python package index on $MSF_PYPI (hack/fixtures/pypi.sh; builds reach it
# through the host network with --build-arg PIP_INDEX_URL=http://$MSF_PYPI/simple).
#
#   hack/testbed.sh up        start all three (idempotent; reuses healthy leftovers, restarts a
#                             buildkitd whose configuration changed since it started)
#   hack/testbed.sh registry  start only the registry (used by fixtures.sh)
#   hack/testbed.sh pypi      start only the package index
#   hack/testbed.sh buildkitd start only the registry and buildkitd (make demo needs no more)
#   hack/testbed.sh trim      prune buildkitd's cache down to $MSF_TRIM_MB (make test starts with it)
#   hack/testbed.sh usage     print the size of buildkitd's cache
#   hack/testbed.sh down      stop all three
#   hack/testbed.sh status    print state; exit 0 only if all three are healthy
#   hack/testbed.sh env       print export lines:  eval "$(hack/testbed.sh env)"
#
# State (sockets, pid files, logs, buildkitd root, DOCKER_CONFIG) is in $MSF_STATE.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SOCK=$MSF_STATE/buildkitd.sock
BK_ROOT=$MSF_STATE/buildkitd
BK_CONF=$MSF_STATE/buildkitd.toml
REG_CONF=$MSF_STATE/registry.yml
REG_STORE=$MSF_CACHE/registry
PYPI_ROOT=$MSF_CACHE/pypi/root
PYPI_PYTHON=/usr/bin/python3
export DOCKER_CONFIG=$MSF_STATE/docker
# buildkitd collects its garbage when its cache passes GC_MAX_MB or the disk's free space falls
# below GC_MIN_FREE_MB, never below GC_RESERVED_MB; `trim` brings the cache down to MSF_TRIM_MB
GC_MAX_MB=40000
GC_MIN_FREE_MB=6000
GC_RESERVED_MB=4000
MSF_TRIM_MB=${MSF_TRIM_MB:-14000}

# pids_of NAME: pids of processes running our $MSF_BIN/NAME with our config
# (also finds leftovers whose pid file is gone). Never matches foreign processes.
pids_of() {
	local want p cmd
	case $1 in
	registry) want="$MSF_BIN/registry serve $REG_CONF" ;;
	buildkitd) want="$MSF_BIN/buildkitd --config $BK_CONF" ;;
	pypi) want="$PYPI_PYTHON -m http.server --bind ${MSF_PYPI%:*} --directory $PYPI_ROOT ${MSF_PYPI##*:}" ;;
	esac
	for p in /proc/[0-9]*; do
		cmd=$(tr '\0' ' ' 2>/dev/null <"$p/cmdline") || continue
		case "$cmd" in "$want "*) echo "${p#/proc/}" ;; esac
	done
	return 0
}

registry_healthy() { curl -fs -o /dev/null --max-time 2 "http://$MSF_REGISTRY/v2/"; }
pypi_healthy() { curl -fs -o /dev/null --max-time 2 "http://$MSF_PYPI/simple/pip/"; }
buildkitd_healthy() { [ -S "$SOCK" ] && timeout 5 "$MSF_BIN/buildctl" --addr "unix://$SOCK" debug workers >/dev/null 2>&1; }

stop() {
	local name=$1 pids p i
	pids=$(pids_of "$name")
	[ -n "$pids" ] || { rm -f "$MSF_STATE/$name.pid"; return 0; }
	log "stopping $name (pid $(echo $pids))"
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for i in $(seq 1 50); do
		pids=$(pids_of "$name")
		[ -z "$pids" ] && break
		[ "$i" = 50 ] && { warn "$name did not stop in 10s; killing"; for p in $pids; do kill -9 "$p" 2>/dev/null || true; done; sleep 1; }
		sleep 0.2
	done
	rm -f "$MSF_STATE/$name.pid"
}

# start NAME HEALTHCHECK CMD...: reuse a healthy leftover, else (re)start and wait.
start() {
	local name=$1 check=$2 i pids
	shift 2
	pids=$(pids_of "$name")
	if [ -n "$pids" ]; then
		if $check; then
			echo "$pids" | head -n1 >"$MSF_STATE/$name.pid"
			log "$name already running (pid $(echo $pids))"
			return 0
		fi
		warn "$name (pid $(echo $pids)) is not healthy: restarting it"
		stop "$name"
	fi
	$check && die "something else answers for $name (see its address in $0 env) but is not ours; stop it first"
	log "starting $name (log: $MSF_STATE/$name.log)"
	echo "--- $(date -Is) start" >>"$MSF_STATE/$name.log"
	# 9>&-: fixtures.sh holds its lock on fd 9 and may start the registry; a daemon that kept the
	# fd would hold the lock as long as it runs, and the next fixtures.sh would wait for ever
	setsid "$@" >>"$MSF_STATE/$name.log" 2>&1 </dev/null 9>&- &
	echo $! >"$MSF_STATE/$name.pid"
	for i in $(seq 1 150); do
		$check && { log "$name is up (pid $(cat "$MSF_STATE/$name.pid"))"; return 0; }
		kill -0 "$(cat "$MSF_STATE/$name.pid")" 2>/dev/null || break
		sleep 0.2
	done
	tail -n 30 "$MSF_STATE/$name.log" >&2
	die "$name did not become healthy (see $MSF_STATE/$name.log, tail above)"
}

# replace_if_changed FILE: FILE.tmp becomes FILE only when it differs, so that FILE's time says
# when the configuration last changed (up_buildkitd compares it with the daemon's start)
replace_if_changed() {
	if cmp -s "$1.tmp" "$1"; then rm -f "$1.tmp"; else mv "$1.tmp" "$1"; fi
}

write_configs() {
	mkdir -p "$MSF_STATE" "$BK_ROOT" "$REG_STORE" "$DOCKER_CONFIG/cli-plugins"
	cat >"$REG_CONF.tmp" <<-YAML
		version: 0.1
		log:
		  level: info
		  accesslog:
		    disabled: true
		storage:
		  filesystem:
		    rootdirectory: $REG_STORE
		  delete:
		    enabled: true
		http:
		  addr: $MSF_REGISTRY
	YAML
	replace_if_changed "$REG_CONF"
	cat >"$BK_CONF.tmp" <<-TOML
		# generated by hack/testbed.sh
		root = "$BK_ROOT"
		[grpc]
		  address = ["unix://$SOCK"]
		[worker.oci]
		  enabled = true
		  snapshotter = "overlayfs"
		  networkMode = "host"
		  gc = true
		  maxUsedSpace = "${GC_MAX_MB}MB"
		  minFreeSpace = "${GC_MIN_FREE_MB}MB"
		  reservedSpace = "${GC_RESERVED_MB}MB"
		[worker.containerd]
		  enabled = false
		[registry."docker.io"]
		  mirrors = ["$MSF_REGISTRY"]
		[registry."gcr.io"]
		  mirrors = ["$MSF_REGISTRY"]
		[registry."$MSF_REGISTRY"]
		  http = true
		  insecure = true
	TOML
	replace_if_changed "$BK_CONF"
	ln -sfn "$MSF_BIN/docker-buildx" "$DOCKER_CONFIG/cli-plugins/docker-buildx"
}

up_registry() {
	need_bin registry
	write_configs
	start registry registry_healthy "$MSF_BIN/registry" serve "$REG_CONF"
}

# up_pypi: build the index if needed (cached), then serve it; a static file server is all
# PEP 503 asks for. The server follows the root link, so a rebuilt index needs no restart.
up_pypi() {
	mkdir -p "$MSF_STATE"
	"$HACK_DIR/fixtures/pypi.sh" build
	start pypi pypi_healthy "$PYPI_PYTHON" -m http.server --bind "${MSF_PYPI%:*}" --directory "$PYPI_ROOT" "${MSF_PYPI##*:}"
}

up_buildx() {
	local want="unix://$SOCK"
	if docker buildx inspect msf 2>/dev/null | grep -q "Endpoint: *$want\$"; then
		return 0
	fi
	docker buildx rm msf >/dev/null 2>&1 || true
	docker buildx create --name msf --driver remote "$want" >/dev/null
	docker buildx inspect --bootstrap msf >/dev/null || die "buildx builder msf cannot reach $want"
	log "buildx builder msf -> $want (DOCKER_CONFIG=$DOCKER_CONFIG)"
}

up_buildkitd() {
	need_root
	need_bin buildkitd buildctl registry
	command -v runc >/dev/null || die "runc not installed: run hack/install.sh"
	up_registry
	local p
	for p in $(pids_of buildkitd); do
		# a daemon started before its configuration changed (a new GC policy, a mirror) runs the old
		# one; /proc/PID's time is when the process was first looked at, never before it started
		if [ "$BK_CONF" -nt "/proc/$p" ]; then
			log "$BK_CONF changed since buildkitd (pid $p) started: restarting it"
			stop buildkitd
			break
		fi
	done
	if [ -z "$(pids_of buildkitd)" ] && ! buildkitd_healthy; then rm -f "$SOCK"; fi
	start buildkitd buildkitd_healthy "$MSF_BIN/buildkitd" --config "$BK_CONF" \
		--oci-worker=true --containerd-worker=false
}

cmd_up() {
	need_bin docker docker-buildx
	up_buildkitd
	up_pypi
	up_buildx
	log "testbed up; use:  eval \"\$($0 env)\""
}

# cmd_trim: the builder keeps its cache between runs. A collection in the middle of a run is what
# a test cannot bear: its score weighs how often a record was used as much as when, so the step a
# test has just built once can go before old base images, and the test's next build, which
# expects it cached, runs it again (CI, 2026-12-04: TestSpecEditRerunsNoBuildStep, its go case
# and then its node case, with the cache at 20.4 GB and a 20 GB line; reproduced by hand, 1 run
# in 3 at 21.4 GB, none in 4 after a trim). A run adds 8 GB alone (7.9 to 15.8 GB, CI-style run
# of e09cfc4), 9 GB or more beside other work, so the line is far above what a run reaches from a
# trimmed cache (GC_MAX_MB), the disk's free space is the other trigger (GC_MIN_FREE_MB), and make
# test trims the cache first. From a cache trimmed to 8 GB, go test took 1270 s on a quiet
# machine, where it had taken 843 s the session before from a 20 GB cache (the tree has gained
# tests since, so not all of that is the trim): the trim keeps 14 GB.
cmd_trim() {
	buildkitd_healthy || die "buildkitd is not up: hack/testbed.sh up"
	local before after
	before=$(cache_mb)
	if [ "$before" -gt "$MSF_TRIM_MB" ]; then
		"$MSF_BIN/buildctl" --addr "unix://$SOCK" prune --keep-storage "$MSF_TRIM_MB" >/dev/null
	fi
	after=$(cache_mb)
	log "build cache: ${before} MB before, ${after} MB now (trimmed above ${MSF_TRIM_MB} MB; collected above ${GC_MAX_MB} MB)"
	[ "$after" -le "$MSF_TRIM_MB" ] || die "the build cache is still ${after} MB after pruning to ${MSF_TRIM_MB} MB"
}

# cache_mb: the size of buildkitd's cache, as buildctl du counts it, in MB (0 for a new
# buildkitd, whose du prints null, not [])
cache_mb() {
	"$MSF_BIN/buildctl" --addr "unix://$SOCK" du --format '{{json .}}' |
		python3 -c 'import json,sys; print(sum(r.get("size", 0) for r in json.load(sys.stdin) or []) // 1000000)'
}

cmd_status() {
	local rc=0 n
	for n in registry pypi buildkitd; do
		if "${n}_healthy"; then
			echo "$n: healthy (pid $(pids_of $n | tr '\n' ' '))"
		elif [ -n "$(pids_of $n)" ]; then
			echo "$n: running but NOT healthy (pid $(pids_of $n | tr '\n' ' '))"; rc=1
		else
			echo "$n: stopped"; rc=1
		fi
	done
	echo "state: $MSF_STATE   cache: $MSF_CACHE   registry: $MSF_REGISTRY   pypi: $MSF_PYPI"
	return $rc
}

cmd_env() {
	cat <<-EOF
		export MSF_CACHE="$MSF_CACHE"
		export MSF_STATE="$MSF_STATE"
		export MSF_REGISTRY="$MSF_REGISTRY"
		export MSF_PYPI="$MSF_PYPI"
		export BUILDKIT_HOST="unix://$SOCK"
		export DOCKER_CONFIG="$DOCKER_CONFIG"
		export BUILDX_BUILDER=msf
		export PATH="$MSF_BIN:\$PATH"
	EOF
}

case ${1:-} in
up) cmd_up ;;
registry) need_root; up_registry ;;
pypi) up_pypi ;;
buildkitd) up_buildkitd ;;
trim) cmd_trim ;;
usage) log "build cache: $(cache_mb) MB (collected above ${GC_MAX_MB} MB or under ${GC_MIN_FREE_MB} MB free)" ;;
down) stop buildkitd; stop pypi; stop registry ;;
status) cmd_status ;;
env) cmd_env ;;
*) echo "usage: $0 up|down|status|env|trim|usage|registry|pypi|buildkitd" >&2; exit 2 ;;
esac
