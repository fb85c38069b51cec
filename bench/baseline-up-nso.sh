#!/bin/sh
# The hand-written baseline for `nso-multi up` with a real NSO: `ncs --cd RUNDIR -c NCSCONF` (daemonizing: it
# returns once the daemon has fully started) for every named instance of a rendered project, all at once, each
# with its own env file. Exit 1 if any start failed.
# Usage: baseline-up-nso.sh ENVDIR NAME...   (ncs from PATH: $NCS_DIR/bin)
set -u
envdir=$1
shift
pids=
for name in "$@"; do
  (. "$envdir/.env.$name" && exec ncs --cd "$NSO_MULTI_RUN_DIR" -c "$NSO_MULTI_NCS_CONF") &
  pids="$pids $!"
done
status=0
for pid in $pids; do
  wait "$pid" || status=1
done
exit $status
