#!/bin/sh
# NSO's own steps for an NSO with a netsim network, as its documentation and examples give them, in a fresh
# folder DIR: `ncs-netsim create-network NED COUNT PREFIX`, `ncs-netsim start` (one device after the other; with
# --parallel `ncs-netsim -a start`, all at once), `ncs-setup --netsim-dir netsim --dest nso` (the devices in the
# CDB's init file), then `ncs` in nso/. ncs-netsim's and NSO's default ports; ncs, ncs-netsim and ncs-setup
# from PATH ($NCS_DIR/bin). Exit 1 if a step fails.
# Usage: baseline-up-netsim.sh [--parallel] DIR NED COUNT PREFIX
set -eu
async=
if [ "$1" = --parallel ]; then
  async=-a
  shift
fi
dir=$1 ned=$2 count=$3 prefix=$4
mkdir -p "$dir"
cd "$dir"
ncs-netsim create-network "$ned" "$count" "$prefix" >/dev/null
ncs-netsim $async start >/dev/null
ncs-setup --netsim-dir netsim --dest nso >/dev/null
cd nso
ncs
