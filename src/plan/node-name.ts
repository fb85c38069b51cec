// The Erlang node name (`sname`) each instance runs with.

// The Erlang short node name for an instance: NSO's examples give every node its own through `sname`, and
// two daemons with one name on a host cannot both register it (HA Raft needs it). HA Raft's node addresses
// (`name@host`) allow only letters, digits and "_" in the name, starting with a lower-case letter, so every
// other character becomes "_". Distinct within a project unless two instance names differ only in "-" and "_".
export function nodeName(project: string, instance: string): string {
  return `nso_multi_${project}_${instance}`.replace(/[^A-Za-z0-9_]/g, '_');
}
