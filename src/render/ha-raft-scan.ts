// What a template says about HA Raft that decides an instance's cluster, read before any instance is rendered:
// seed nodes are the other instances of the same cluster, so every instance's cluster name must be known first.
import { NCS_CONFIG_NS } from '../nso/ncs-config-ns.js';
import { readingContext } from './template-listeners.js';
import { leafText, onlyChild } from './xml-edit.js';
import { parseXmlShared } from './xml-parse.js';

/** A template's ha-raft element: absent (render creates one), or present with its cluster-name (null: none) and
 * whether it brings TLS of its own (an ssl element not switched off: `enabled` defaults to true). */
export type TemplateHaRaft =
  | { present: false }
  | { present: true; clusterName: string | null; ownTls: boolean };

// Reads the template's /ncs-config/ha-raft; throws TEMPLATE_INVALID on bad XML or a repeated element.
export function templateHaRaft(xml: string, file: string): TemplateHaRaft {
  const { doc } = parseXmlShared(xml, file);
  const root = doc.documentElement;
  if (root === null || root.localName !== 'ncs-config' || root.namespaceURI !== NCS_CONFIG_NS) {
    return { present: false };
  }
  const ctx = readingContext(doc, file);
  const haRaft = onlyChild(ctx, root, 'ha-raft');
  if (haRaft === null) return { present: false };
  const ssl = onlyChild(ctx, haRaft, 'ssl');
  const ownTls = ssl !== null && leafText(ctx, ssl, 'enabled') !== 'false';
  return { present: true, clusterName: leafText(ctx, haRaft, 'cluster-name'), ownTls };
}

// The cluster name an instance's file will carry: the template's, or the project's, which render sets when the
// template names none.
export function renderedClusterName(template: TemplateHaRaft, project: string): string {
  return (template.present ? template.clusterName : null) ?? project;
}
