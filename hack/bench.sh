#!/usr/bin/env bash
# `make bench`: the frontend against hand-written Dockerfiles for the same apps (bench/<lang>/),
# on private buildkitd instances that use the testbed's registry, from a fresh machine: installs
# the tools, synthesizes the base images, starts the testbed (unless one is up), pushes the
# frontend image, measures, prints the table and writes it into docs/benchmarks.md.
#
#   BENCH_N=3        rounds (samples per row; the table shows medians)
#   BENCH_ONLY=go    only these examples (comma-separated)
#   MSF_FIXTURES=skip  leave the fixture images alone (a shared testbed that has them)
#   MSF_FRONTEND_TAG   measure this tag of the frontend image (see hack/image.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$HACK_DIR/.." && pwd)
cd "$ROOT"

timed "install tools" "$HACK_DIR/install.sh"
if [ "${MSF_FIXTURES:-all}" != skip ]; then
	timed "fixture images" "$HACK_DIR/fixtures.sh" "${MSF_FIXTURES:-all}"
fi
started=false
if ! "$HACK_DIR/testbed.sh" status >/dev/null 2>&1; then
	timed "testbed up" "$HACK_DIR/testbed.sh" up
	started=true
fi
# shellcheck disable=SC2064
$started && trap "'$HACK_DIR/testbed.sh' down" EXIT
eval "$("$HACK_DIR/testbed.sh" env)"
timed "frontend image" "$HACK_DIR/image.sh" --progress=quiet

command="make bench BENCH_N=${BENCH_N:-3}${BENCH_ONLY:+ BENCH_ONLY=$BENCH_ONLY}"
[ -z "${MSF_FRONTEND_TAG:-}" ] || command="MSF_FRONTEND_TAG=$MSF_FRONTEND_TAG $command"
[ -z "${MSF_FIXTURES:-}" ] || command="MSF_FIXTURES=$MSF_FIXTURES $command"
logs=$MSF_STATE/bench-logs
rm -rf "$logs"
log "measuring (${BENCH_N:-3} rounds); progress of every build in $logs"
timed "benchmark" go run ./hack/bench -n "${BENCH_N:-3}" ${BENCH_ONLY:+-only "$BENCH_ONLY"} \
	-doc docs/benchmarks.md -logs "$logs" -command "$command"
log "table written into docs/benchmarks.md"
