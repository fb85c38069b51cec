// The ports NSO and its tools use by default, which nso-multi never hands out. Plain data.

/** NSO's own ports, as ranges [first, last]: never generated, so a default NSO and its tools keep working. */
export const NSO_DEFAULT_PORT_RANGES: readonly (readonly [number, number])[] = [
  // IPC, NETCONF SSH/TCP, CLI SSH, call-home, rule-based HA (ncs.conf's schema defaults).
  [4569, 4569],
  [2022, 2024],
  [4334, 4334],
  [4570, 4570],
  // Web UI TCP/SSL (8080 as ncs-setup writes it, 8008 the schema's), RESTCONF's own TCP/SSL.
  [8080, 8080],
  [8008, 8009],
  [8888, 8889],
  // epmd, which NSO starts for HA Raft, and HA Raft's Erlang distribution ports before 6.7.
  [4369, 4369],
  [4370, 4399],
  // ncs-netsim's default bases (IPC, CLI SSH, SNMP, NETCONF SSH, NETCONF TCP); device i gets base + i, so a
  // block of 100 each leaves room for 100 devices.
  [5010, 5109],
  [10022, 10121],
  [11022, 11121],
  [12022, 12121],
  [13022, 13121],
];

/** Every port of NSO_DEFAULT_PORT_RANGES, in that order. */
export const NSO_DEFAULT_PORTS: readonly number[] = NSO_DEFAULT_PORT_RANGES.flatMap(([first, last]) =>
  Array.from({ length: last - first + 1 }, (_, i) => first + i),
);
