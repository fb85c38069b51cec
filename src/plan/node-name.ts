// The Erlang node name (`sname`) each instance runs with.

// The Erlang short node name for an instance: NSO's examples give every node its own through `sname`, and
// two daemons with one name on a host cannot both register it (HA Raft needs it). Only characters valid in a
// short node name are kept. Distinct within a project; projects on one host need distinct names anyway.
export function nodeName(project: string, instance: string): string {
  return `nso-multi-${project}-${instance}`.replace(/[^A-Za-z0-9_-]/g, '_');
}
