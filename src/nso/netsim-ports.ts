// The ports of a netsim network as ncs-netsim numbers them: each kind of port from its own base, one port per
// device (device i at base + i). nso-multi gives an instance's network one block of free ports, the kinds one
// after the other, and hands the bases to `ncs-netsim create-network` through its variables. Pure.

/** The ports of one device, by the variable ncs-netsim takes each kind's base from. */
export const NETSIM_PORT_KINDS = ['ipc', 'netconfSsh', 'netconfTcp', 'snmp', 'cliSsh'] as const;
export type NetsimPortKind = (typeof NETSIM_PORT_KINDS)[number];

/** ncs-netsim's variable for each kind's base. */
export const NETSIM_PORT_VARS: Readonly<Record<NetsimPortKind, string>> = {
  ipc: 'IPC_PORT',
  netconfSsh: 'NETCONF_SSH_PORT',
  netconfTcp: 'NETCONF_TCP_PORT',
  snmp: 'SNMP_PORT',
  cliSsh: 'CLI_SSH_PORT',
};

/** A device's ports; SNMP's is UDP, the others TCP. */
export type NetsimDevicePorts = Record<NetsimPortKind, number>;

/** The allocation key of a device port: `netsim.<kind>.<device index>` (0-based over the instance's devices). */
export type NetsimPortKey = `netsim.${NetsimPortKind}.${number}`;

export function netsimPortKey(kind: NetsimPortKind, device: number): NetsimPortKey {
  return `netsim.${kind}.${device}`;
}

/** How many ports a network of `devices` devices takes. */
export function netsimBlockSize(devices: number): number {
  return NETSIM_PORT_KINDS.length * devices;
}

// The ports of device `device` (0-based) of a block starting at `start` for `devices` devices.
export function netsimDevicePorts(start: number, devices: number, device: number): NetsimDevicePorts {
  const ports = {} as NetsimDevicePorts;
  NETSIM_PORT_KINDS.forEach((kind, k) => {
    ports[kind] = start + k * devices + device;
  });
  return ports;
}

// Every port of the block by allocation key.
export function netsimBlockPorts(start: number, devices: number): Map<NetsimPortKey, number> {
  const ports = new Map<NetsimPortKey, number>();
  for (let device = 0; device < devices; device++) {
    const own = netsimDevicePorts(start, devices, device);
    for (const kind of NETSIM_PORT_KINDS) ports.set(netsimPortKey(kind, device), own[kind]);
  }
  return ports;
}

// The kind of the port at `offset` in a block of `devices` devices.
export function netsimKindAt(offset: number, devices: number): NetsimPortKind {
  return NETSIM_PORT_KINDS[Math.floor(offset / devices)]!;
}
