// Whether a UDP port on loopback is held, checked the way nso-multi probes SNMP's port.
import { createPortProbe } from '../../src/host/port-probe.js';

const probe = createPortProbe();

// True while something is bound to UDP 127.0.0.1:port (or to a wildcard covering it).
export async function udpBound(port: number): Promise<boolean> {
  return (await probe.probe('127.0.0.1', port, 'udp')) === 'taken';
}
