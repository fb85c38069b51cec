// Where a template switches rule-based HA (/ncs-config/ha) and HA Raft (/ncs-config/ha-raft) on, so that a
// template enabling both is refused at the element that does it. Pure: text in, places out.
import type { Element } from '@xmldom/xmldom';
import { NCS_CONFIG_NS } from '../nso/ncs-config-ns.js';
import { readingContext } from './template-listeners.js';
import { onlyChild } from './xml-edit.js';
import { parseXmlShared } from './xml-parse.js';

/** The `<enabled>true</enabled>` leaf that switches an HA mode on, as `line:col` in the template; null: off. */
export interface HaModePlaces {
  ha: string | null;
  haRaft: string | null;
  /** The template's /ncs-config/ha-raft/cluster-name; null when it names none (render then sets the project's). */
  haRaftCluster?: string | null;
}

// Both containers' `enabled` leaves default to false, so only an explicit `true` switches a mode on.
export function haModePlaces(xml: string, file: string): HaModePlaces {
  const { doc } = parseXmlShared(xml, file);
  const root = doc.documentElement;
  if (root === null || root.localName !== 'ncs-config' || root.namespaceURI !== NCS_CONFIG_NS) {
    return { ha: null, haRaft: null };
  }
  const ctx = readingContext(doc, file);
  const placeOf = (container: string): string | null => {
    const parent = onlyChild(ctx, root, container);
    const leaf: Element | null = parent === null ? null : onlyChild(ctx, parent, 'enabled');
    if (leaf === null || (leaf.textContent ?? '').trim() !== 'true') return null;
    return `${leaf.lineNumber ?? 1}:${leaf.columnNumber ?? 1}`;
  };
  const raft = onlyChild(ctx, root, 'ha-raft');
  const cluster = raft === null ? null : onlyChild(ctx, raft, 'cluster-name');
  const name = cluster === null ? null : (cluster.textContent ?? '').trim() || null;
  return { ha: placeOf('ha'), haRaft: placeOf('ha-raft'), haRaftCluster: name };
}
