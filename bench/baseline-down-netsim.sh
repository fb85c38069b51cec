#!/bin/sh
# Stops what baseline-up-netsim.sh started in DIR (`ncs --stop`, `ncs-netsim stop`) and removes DIR, so the next
# round starts afresh. Untimed. Usage: baseline-down-netsim.sh DIR
set -u
dir=$1
[ -d "$dir/nso" ] && (cd "$dir/nso" && ncs --stop) >/dev/null 2>&1
[ -d "$dir/netsim" ] && (cd "$dir" && ncs-netsim stop) >/dev/null 2>&1
rm -rf "$dir"
