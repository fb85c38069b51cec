#!/bin/sh
# The hand-written baseline for `nso-multi down`: `ncs --stop` (the simulator's) for every named instance,
# each with its own env file, all at once. Exit 1 if any stop failed.
# Usage: baseline-down.sh ENVDIR NAME...   (NODE: the node binary, default `node`)
set -u
envdir=$1
shift
node=${NODE:-node}
sim=$(dirname "$0")/../dist/sim/bin.js
pids=
for name in "$@"; do
  (. "$envdir/.env.$name" && exec "$node" "$sim" --stop) &
  pids="$pids $!"
done
status=0
for pid in $pids; do
  wait "$pid" || status=1
done
exit $status
