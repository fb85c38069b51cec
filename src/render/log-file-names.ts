// The file a log of an instance goes to, read from its rendered ncs.conf (nso/log-files.ts says where). Pure:
// text in, a path as ncs.conf writes it (relative ones are relative to the run dir) out.
import { LOG_PLACES, type LogKind } from '../nso/log-files.js';
import { NCS_CONFIG_NS } from '../nso/ncs-config-ns.js';
import { elementAt, readingContext } from './template-listeners.js';
import { leafText } from './xml-edit.js';
import { parseXmlShared } from './xml-parse.js';

// The file of `kind` as `ncsConf` (the text of `file`) names it, or NSO's default where it names none.
export function logFileName(ncsConf: string, kind: LogKind, file: string): string {
  const place = LOG_PLACES[kind];
  const { doc } = parseXmlShared(ncsConf, file);
  const root = doc.documentElement;
  const ctx = readingContext(doc, file);
  const parent =
    root !== null && root.namespaceURI === NCS_CONFIG_NS ? elementAt(ctx, root, place.path) : null;
  const name = (parent === null ? null : leafText(ctx, parent, place.leaf))?.trim() || place.fallback;
  return `${name}${place.suffix ?? ''}`;
}
