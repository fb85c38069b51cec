#!/bin/sh
# The hand-written baseline for `nso-multi down` with a real NSO: `ncs --stop` for every named instance, each
# with its own env file, all at once. Exit 1 if any stop failed.
# Usage: baseline-down-nso.sh ENVDIR NAME...   (ncs from PATH: $NCS_DIR/bin)
set -u
envdir=$1
shift
pids=
for name in "$@"; do
  (. "$envdir/.env.$name" && exec ncs --stop) &
  pids="$pids $!"
done
status=0
for pid in $pids; do
  wait "$pid" || status=1
done
exit $status
