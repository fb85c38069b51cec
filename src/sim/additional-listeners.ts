// The simulator's extra binds: every extra-listen / ha-primary-listen entry of a listener that is on, and the
// IPC port on each ncs-ipc-extra-listen-ip address. NSO opens ha-primary-listen entries only while the node is
// the HA primary; the simulator has no HA roles and opens them always, so a collision shows at start instead of
// at the first failover.
import { isIP } from 'node:net';
import {
  ADDITIONAL_LISTENER_ELEMENT,
  ADDITIONAL_LISTENER_PLACES,
  IPC_EXTRA_LISTEN_IP,
} from '../nso/additional-listener-places.js';
import type { ListenerKey } from '../nso/listeners.js';
import type { SimListener } from './sim-config.js';
import { badConfig } from './start-errors.js';
import type { XmlElement } from './xml-reader.js';

/** The ncs.conf reading helpers of ncs-conf.ts this needs (passed in: that module calls this one). */
export interface ConfReader {
  /** Every child element named `name`, in document order. */
  children(parent: XmlElement | null, name: string): XmlElement[];
  /** The `ip` leaf under `parent` (checked), or `fallback`. */
  ip(parent: XmlElement | null, fallback: string, path: string): string;
  /** The `port` leaf under `parent` (checked), or `fallback`. */
  port(parent: XmlElement | null, fallback: number, path: string): number;
  /** An element's expanded, trimmed text. */
  text(element: XmlElement): string;
  label(key: ListenerKey): string;
  file: string;
}

function only(read: ConfReader, parent: XmlElement | null, name: string): XmlElement | null {
  return read.children(parent, name)[0] ?? null;
}

// Appends the extra binds of the listeners already in `listeners` (the enabled ones, IPC first).
export function addAdditionalListeners(listeners: SimListener[], root: XmlElement, read: ConfReader): void {
  const extra: SimListener[] = [];
  for (const listener of listeners) {
    const place = ADDITIONAL_LISTENER_PLACES[listener.key];
    if (place === undefined) continue;
    const at = place.path.reduce<XmlElement | null>((parent, name) => only(read, parent, name), root);
    for (const kind of place.kinds) {
      const name = ADDITIONAL_LISTENER_ELEMENT[kind];
      read.children(at, name).forEach((entry, i) => {
        const path = `/ncs-config/${place.path.join('/')}/${name}`;
        // Both leaves are the list's keys: NSO rejects an entry without either.
        for (const leaf of ['ip', 'port']) {
          if (only(read, entry, leaf) === null)
            throw badConfig(`${read.file}: ${path}: an entry has no ${leaf}`);
        }
        const endpoint = { host: read.ip(entry, '', path), port: read.port(entry, 0, path) };
        extra.push({ key: listener.key, label: `${read.label(listener.key)} ${name} ${i + 1}`, endpoint });
      });
    }
  }
  const ipc = listeners.find((l) => l.key === 'ipc');
  if (ipc !== undefined && 'port' in ipc.endpoint) {
    const port = ipc.endpoint.port;
    read.children(root, IPC_EXTRA_LISTEN_IP).forEach((element, i) => {
      const host = read.text(element);
      if (isIP(host) === 0) {
        throw badConfig(`${read.file}: /ncs-config/${IPC_EXTRA_LISTEN_IP}: "${host}" is not an IP address`);
      }
      extra.push({ key: 'ipc', label: `${read.label('ipc')} extra ip ${i + 1}`, endpoint: { host, port } });
    });
  }
  listeners.push(...extra);
}
