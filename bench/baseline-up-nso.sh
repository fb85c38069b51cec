#!/bin/sh
# The hand-written baseline for `nso-multi up` with a real NSO: `ncs --cd RUNDIR -c NCSCONF` for every named
# instance of a rendered project, all at once, each with its own env file. A daemonizing `ncs` returns when the
# daemon detaches, about 0.1 s before NSO reaches phase 2 (fully started: measured with the wait below, which
# then still blocks that long); with --wait-started each start is followed by `ncs_cmd -c "wait-start 2"`,
# NSO's C client that waits for phase 2 without an Erlang VM, the readiness `nso-multi up` waits for.
# Exit 1 if any start failed.
# Usage: baseline-up-nso.sh [--wait-started] ENVDIR NAME...   (ncs and ncs_cmd from PATH: $NCS_DIR/bin)
set -u
wait=false
if [ "$1" = --wait-started ]; then
  wait=true
  shift
fi
envdir=$1
shift
pids=
for name in "$@"; do
  (
    . "$envdir/.env.$name" || exit 1
    ncs --cd "$NSO_MULTI_RUN_DIR" -c "$NSO_MULTI_NCS_CONF" || exit 1
    if [ "$wait" = true ]; then exec ncs_cmd -c 'wait-start 2'; fi
  ) &
  pids="$pids $!"
done
status=0
for pid in $pids; do
  wait "$pid" || status=1
done
exit $status
