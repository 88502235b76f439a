#!/usr/bin/env bash
# Two (or more) tags of the frontend image, side by side, on a warm one-line rebuild of an
# example: the question "is this change slower than before?" that `make bench`'s ratios to the
# hand-written files answer only through two runs' noise. Each tag builds its own copy of the
# example twice (warm), then, N times in alternating order, a comment line is appended to the
# copy's source file and the copy is rebuilt; the wall time of each rebuild is printed, then
# each tag's median and the median of the paired ratios to the first tag.
#
#   hack/ab.sh [-n N] EXAMPLE FILE TAG1 TAG2...   e.g. hack/ab.sh -n 20 node src/greet.ts old new
#
# The tags come from hack/image.sh (MSF_FRONTEND_TAG=old in a checkout of the older commit).
# Uses the testbed's buildkitd (hack/testbed.sh up): other builds on it add noise to both.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$HACK_DIR/.." && pwd)
n=10
if [ "${1:-}" = -n ]; then n=$2; shift 2; fi
[ $# -ge 4 ] || { echo "usage: $0 [-n N] EXAMPLE FILE TAG1 TAG2..." >&2; exit 2; }
example=$1 file=$2; shift 2
eval "$("$HACK_DIR/testbed.sh" env)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build() {
	buildctl build --frontend dockerfile.v0 --local "context=$work/$1" --local "dockerfile=$work/$1" \
		--opt "context:org/multistage-frontend=docker-image://$MSF_REGISTRY/org/multistage-frontend:$1" >"$work/$1.log" 2>&1 ||
		{ tail -20 "$work/$1.log" >&2; exit 1; }
}
for t in "$@"; do
	cp -r "$ROOT/examples/$example" "$work/$t"
	build "$t"
	build "$t"
done
: >"$work/times"
for i in $(seq 1 "$n"); do
	order=("$@")
	if [ $((i % 2)) = 0 ]; then mapfile -t order < <(printf '%s\n' "$@" | tac); fi
	for t in "${order[@]}"; do
		echo "// one-line change $i $(date +%s%N)" >>"$work/$t/$file" # never a content the cache has seen
		start=$(date +%s%N)
		build "$t"
		echo "$t $(( ($(date +%s%N) - start) / 1000000 ))" | tee -a "$work/times"
	done
done
awk -v first="$1" '
	{ ms[$1, ++k[$1]] = $2; if (!($1 in seen)) { seen[$1] = 1; tags[++nt] = $1 } }
	function median(a, m,   i, j, t) {
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
	}
	END {
		for (x = 1; x <= nt; x++) {
			t = tags[x]; m = k[t]; delete v; delete r
			for (i = 1; i <= m; i++) { v[i] = ms[t, i]; r[i] = ms[t, i] / ms[first, i] }
			printf "%s: median %.3f s", t, median(v, m) / 1000
			if (t != first) printf ", paired ratio to %s: median %.3f", first, median(r, m)
			printf " (%d rebuilds)\n", m
		}
	}' "$work/times"
