// The Erlang node name (`sname`) each instance runs with.
import { createHash } from 'node:crypto';

/** What names a project on the host: its label and its workdir (absolute), which no other project shares. */
export interface NodeNameOwner {
  project: string;
  workdir: string;
}

// The last owner's prefix: a plan names every instance of one project, so the hash is computed once per plan.
let memo: { project: string; workdir: string; prefix: string } | undefined;

// `nso_multi_<project>_<tag>_`, the tag being 6 hex digits of the SHA-256 of the workdir: two projects with one
// `project:` label in different folders get different node names.
function prefixOf(owner: NodeNameOwner): string {
  if (memo?.project === owner.project && memo.workdir === owner.workdir) return memo.prefix;
  const tag = createHash('sha256').update(owner.workdir).digest('hex').slice(0, 6);
  const prefix = `nso_multi_${owner.project}_${tag}_`;
  memo = { project: owner.project, workdir: owner.workdir, prefix };
  return prefix;
}

// The Erlang short node name for an instance: NSO's examples give every node its own through `sname`, and
// two daemons with one name on a host cannot both register it in epmd (measured on NSO 6.2.5 with HA Raft on,
// where the node is named by the HA Raft node address `<sname>@<address>`: the second exits 19, "the name … seems
// to be in use by another Erlang node"). So the name holds the
// project's label, a short hash of its workdir (unique on the host) and the instance. HA Raft's node
// addresses (`name@host`) allow only letters, digits and "_" in the name, starting with a lower-case letter, so
// every other character becomes "_". Distinct within a project unless two instance names differ only in "-"
// and "_".
export function nodeName(owner: NodeNameOwner, instance: string): string {
  return `${prefixOf(owner)}${instance}`.replace(/[^A-Za-z0-9_]/g, '_');
}
