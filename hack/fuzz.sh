#!/usr/bin/env bash
# Run every fuzz target for FUZZTIME each (default 10s: the smoke run of `make test`;
# `make fuzz FUZZTIME=10m` for a long run). Prints the executions each target ran.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-10s}
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
	out=$(go test -run='^$' -fuzz="^${name}\$" -fuzztime="$FUZZTIME" "$pkg" 2>&1) || { echo "$out" | tail -n 30; exit 1; }
	execs=$(echo "$out" | grep -o 'execs: [0-9]*' | tail -n1 | cut -d' ' -f2 || true) # a short run may print none
	printf '%-28s %-18s %10s execs in %s, no failure\n' "$pkg" "$name" "${execs:-?}" "$FUZZTIME"
done
