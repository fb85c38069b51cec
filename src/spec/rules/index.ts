// Runs every semantic rule after the schema passed, and merges their problems.
import { dottedPath, type PathProblem } from '../spec-path.js';
import { groupExists, groupForGroupMode, ownerReadsGroupMode } from './access-check.js';
import { dependsOnKnownAcyclic } from './depends-on.js';
import { foldersWritable } from './folders.js';
import { haRaftAddressNotWildcard } from './ha-raft-address.js';
import { haRaftClusterOfOne, haRaftIpv4Address, haRaftOneVersion } from './ha-raft-clusters.js';
import { ipcNotExposed } from './ipc-exposure.js';
import { layoutFits } from './layout.js';
import { noIpcPortWithSocket, socketNeedsNso64, socketPathFits } from './local-ipc.js';
import { lsaLowerKnownAcyclic, lsaLowerNetconfSsh } from './lsa.js';
import { uniqueNames } from './names.js';
import { netsimDeviceNamesUnique, netsimNedNotShadowed, netsimNedUsable } from './netsim.js';
import { oneHaMode } from './one-ha-mode.js';
import { distinctPinnedPorts, pinnedPortsEnabled } from './ports.js';
import type { Rule, RuleContext } from './rule.js';
import { contentsPathsUsable, uniqueContentNames } from './run-dir-contents.js';
import { templateReadable } from './template.js';
import { pinnedPortsTemplateEnabled } from './template-pins.js';

export const RULES: readonly Rule[] = [
  uniqueNames,
  distinctPinnedPorts,
  pinnedPortsEnabled,
  groupForGroupMode,
  groupExists,
  ownerReadsGroupMode,
  ipcNotExposed,
  haRaftAddressNotWildcard,
  haRaftIpv4Address,
  haRaftClusterOfOne,
  haRaftOneVersion,
  socketNeedsNso64,
  noIpcPortWithSocket,
  socketPathFits,
  layoutFits,
  templateReadable,
  pinnedPortsTemplateEnabled,
  oneHaMode,
  foldersWritable,
  uniqueContentNames,
  contentsPathsUsable,
  dependsOnKnownAcyclic,
  netsimDeviceNamesUnique,
  netsimNedNotShadowed,
  netsimNedUsable,
  lsaLowerKnownAcyclic,
  lsaLowerNetconfSsh,
];

// Runs all rules; a problem coming from `defaults` is reported once, not once per instance.
export async function runRules(context: RuleContext, rules: readonly Rule[] = RULES): Promise<PathProblem[]> {
  const results = await Promise.all(rules.map((rule) => rule(context)));
  const unique = new Map<string, PathProblem>();
  for (const problem of results.flat()) {
    unique.set(`${dottedPath(problem.path)}\n${problem.message}`, problem);
  }
  return [...unique.values()];
}
