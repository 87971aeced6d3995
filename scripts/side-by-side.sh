#!/usr/bin/env bash
# Runs phases of `make test` at the same time and fails if any of them fails:
#   scripts/side-by-side.sh "Name A" "command A" "Name B" "command B" …
# Each phase writes into its own log; when a phase ends, its whole output is printed
# under a heading with its time and result, so that outputs never interleave. The exit
# status is 1 if any phase failed (all phases still run to their end).
#
# Why: the test suites keep both cores busy, while the production check mostly waits
# for its servers and the lint and migration check are short; side by side, the wall
# time of `make test` is that of the longest phase, not the sum.
set -uo pipefail
[ $(($# % 2)) -eq 0 ] || { echo "side-by-side.sh: Name und Befehl paarweise angeben" >&2; exit 2; }
logs=$(mktemp -d /tmp/sozialplanung-phasen.XXXXXX)
names=()
declare -A index_of
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null; done
}
trap 'stop_all; rm -rf "$logs"; exit 130' INT TERM
trap 'rm -rf "$logs"' EXIT
set -m  # each phase in its own process group: an interrupt stops a phase with its children
i=0
while [ $# -gt 0 ]; do
  names[i]=$1
  ( bash -c "$2" >"$logs/$i.log" 2>&1 ) &
  pids[i]=$!
  index_of[$!]=$i
  date +%s >"$logs/$i.start"
  echo "--- gestartet: $1"
  shift 2
  i=$((i + 1))
done
set +m
failed=0
for _ in "${pids[@]}"; do
  wait -n -p ended
  status=$?
  n=${index_of[$ended]}
  seconds=$(($(date +%s) - $(cat "$logs/$n.start")))
  result=ok
  [ "$status" -eq 0 ] || { result="FEHLGESCHLAGEN (Status $status)"; failed=1; }
  printf '=== %s: %d:%02d, %s ===\n' "${names[n]}" $((seconds / 60)) $((seconds % 60)) "$result"
  cat "$logs/$n.log"
done
exit "$failed"
