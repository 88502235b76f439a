#!/usr/bin/env bash
# Run every fuzz target for FUZZTIME each (default 50000x, 50000 inputs: the smoke run of
# `make test`, 4 to 16 s a target here, about 2 minutes in all; `make fuzz FUZZTIME=10m` for a long run). Prints the
# executions each target ran. The smoke run counts inputs rather than seconds: Go 1.26's fuzzing
# coordinator can fail a target with a bare "context deadline exceeded" when a -fuzztime
# duration ends while a worker is busy (golang/go#75804, fixed in Go 1.27; seen once in make
# test, FuzzDenoContextFiles, no failing input written); a count has no deadline to race.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-50000x}
targets=(
	"./spec FuzzParse"
	"./internal/graph FuzzSpecToLLB"
	"./internal/lang/node FuzzNodeContextFiles"
	"./internal/lang/python FuzzPythonContextFiles"
	"./internal/graph FuzzJavaBuildFiles"
	"./internal/graph FuzzRustContextFiles"
	"./internal/lang/golang FuzzGoContextFiles"
	"./internal/lang/php FuzzPHPContextFiles"
	"./internal/lang/ruby FuzzRubyContextFiles"
	"./internal/lang/deno FuzzDenoContextFiles"
	"./internal/lang/dotnet FuzzDotnetContextFiles"
	"./internal/lang/procs FuzzProcfile"
)
for t in "${targets[@]}"; do
	read -r pkg name <<<"$t"
	start=$SECONDS
	out=$(go test -run='^$' -fuzz="^${name}\$" -fuzztime="$FUZZTIME" "$pkg" 2>&1) || { echo "$out" | tail -n 30; exit 1; }
	execs=$(echo "$out" | grep -o 'execs: [0-9]*' | tail -n1 | cut -d' ' -f2 || true) # a short run may print none
	printf '%-28s %-24s %10s execs (-fuzztime %s, %d s), no failure\n' "$pkg" "$name" "${execs:-?}" "$FUZZTIME" $((SECONDS - start))
done
