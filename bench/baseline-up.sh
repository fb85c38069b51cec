#!/bin/sh
# The hand-written baseline for `nso-multi up --sim`: starts the simulator for every named instance of a
# rendered project, all at once, with the run dir and ncs.conf that render wrote, and waits until each has
# started (the daemonizing start returns once its listeners are bound). Exit 1 if any start failed.
# Usage: baseline-up.sh ENVDIR NAME...   (NODE: the node binary, default `node`)
set -u
envdir=$1
shift
node=${NODE:-node}
sim=$(dirname "$0")/../dist/sim/bin.js
pids=
for name in "$@"; do
  (. "$envdir/.env.$name" && exec "$node" "$sim" --cd "$NSO_MULTI_RUN_DIR" -c "$NSO_MULTI_NCS_CONF") &
  pids="$pids $!"
done
status=0
for pid in $pids; do
  wait "$pid" || status=1
done
exit $status
