#!/usr/bin/env bash
# hack/gotest.sh LOG [go test flags and packages...]
#
# go test -v, shown as go test without -v shows it (each failing test's output, the package
# lines), followed by the slowest tests and subtests (a parent's time leaves out its parallel
# subtests'); the whole -v output is kept in LOG. The
# end-to-end suite's time is the budget CI watches (README), and without -v nothing said which
# test grew it. A test that never reports (a panic, go test's -timeout) has its output printed
# at the end. The exit status is go test's.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 LOG [go test args...]" >&2; exit 2; }
log=$1
shift
mkdir -p "$(dirname "$log")"
rc=0
go test -v "$@" 2>&1 | tee "$log" | awk '
	function flush(name) {
		if (name in buf) { printf "%s", buf[name]; delete buf[name] }
	}
	/^=== (RUN|PAUSE|CONT|NAME) / { cur = $3; next }
	match($0, /^ *--- (PASS|FAIL|SKIP): [^ ]+ \([0-9.]+s\)$/) {
		name = $3
		if ($2 == "FAIL:") { print; flush(name) } else { delete buf[name] }
		secs = $4; gsub(/[()s]/, "", secs); took[name] = secs
		cur = ""
		next
	}
	/^(PASS|FAIL)$/ || /^(ok|FAIL|---) / || /^(ok|FAIL)\t/ { print; cur = ""; next }
	cur != "" { buf[cur] = buf[cur] $0 "\n"; next }
	{ print }
	END {
		for (name in buf) { print "--- output of " name " (no result reported):"; flush(name) }
		n = 0
		for (name in took) n++
		if (n == 0) exit
		print "slowest tests (seconds, while in parallel with others):"
		cmd = "sort -rn | head -n 15"
		for (name in took) printf "%10.1f  %s\n", took[name], name | cmd
		close(cmd)
	}
' || rc=$?
exit "$rc"
