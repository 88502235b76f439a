#!/usr/bin/env bash
# `make test`: everything, from a fresh Debian machine. Installs the tools, synthesizes the base
# images, starts the testbed (unless one is already up), builds and pushes the frontend image,
# then runs the unit, fuzz-smoke and end-to-end tests with CI semantics (a missing buildkitd fails).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$HACK_DIR/.." && pwd)
cd "$ROOT"

timed "install tools" "$HACK_DIR/install.sh"
timed "fixture images" "$HACK_DIR/fixtures.sh" "${MSF_FIXTURES:-all}"
# the daemons fixtures.sh started (the registry) must not keep its lock: the next fixtures.sh
# (another work tree's make test, make demo) would wait for ever
flock -n "$MSF_CACHE/.fixtures.lock" true || die "a process started by hack/fixtures.sh still holds $MSF_CACHE/.fixtures.lock"

started=false
"$HACK_DIR/testbed.sh" status >/dev/null 2>&1 || started=true
# up also when the testbed runs: it restarts a buildkitd whose configuration has changed since
timed "testbed up" "$HACK_DIR/testbed.sh" up
# shellcheck disable=SC2064
$started && trap "'$HACK_DIR/testbed.sh' down" EXIT
eval "$("$HACK_DIR/testbed.sh" env)"
export CI=${CI:-1}

log "static checks"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
[ -z "$unformatted" ] || die "gofmt would change: $unformatted"
go vet ./...
# The workflows cannot run here (no GitHub); actionlint checks their syntax, expressions and the
# inputs of known actions, and their run: scripts with shellcheck (install.sh installs it).
timed "actionlint" go run github.com/rhysd/actionlint/cmd/actionlint@v1.7.12

timed "trim the build cache" "$HACK_DIR/testbed.sh" trim
timed "frontend image" "$HACK_DIR/image.sh"
# The unit tests first, then the end-to-end tests: run together (go test runs packages side by
# side), the end-to-end builds loaded both cores while internal/graph's TestSpecToLLBUnderAMillisecond
# timed planning, which then measured the machine's load (a run of 59c83bf failed so).
timed "go test (unit)" go test -count=1 -timeout 20m ${GOTESTFLAGS:-} $(go list ./... | grep -v '/internal/e2e$')
# gotest.sh: go test -v, printed as without it, plus the slowest tests (whole log: $MSF_STATE/e2e.log)
timed "go test (end-to-end)" "$HACK_DIR/gotest.sh" "$MSF_STATE/e2e.log" -count=1 -timeout 80m ${GOTESTFLAGS:-} ./internal/e2e/
timed "fuzz smoke" "$HACK_DIR/fuzz.sh"
"$HACK_DIR/testbed.sh" usage
log "all tests passed"
