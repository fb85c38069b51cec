// Strict XML parsing for templates: every parser complaint is an error that names the file and position.

import type { Document } from '@xmldom/xmldom';
import { DOMParser } from '@xmldom/xmldom';
import { NsoMultiError } from '../errors.js';

const BOM = '\uFEFF';

/** A parsed template plus the exact text the node positions refer to. */
export interface ParsedXml {
  doc: Document;
  /** The text handed to the parser: the template without a leading byte order mark. */
  source: string;
  /** The byte order mark the template started with, or ''. */
  bom: string;
}

interface Position {
  line: number;
  col: number | undefined;
}

function positionOf(error: unknown): Position | undefined {
  if (typeof error !== 'object' || error === null || !('locator' in error)) return undefined;
  const locator: unknown = error.locator;
  if (typeof locator !== 'object' || locator === null) return undefined;
  const { lineNumber, columnNumber } = locator as { lineNumber?: unknown; columnNumber?: unknown };
  if (typeof lineNumber !== 'number' || lineNumber < 1) return undefined;
  return { line: lineNumber, col: typeof columnNumber === 'number' ? columnNumber : undefined };
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // xmldom wraps what the handler threw as `Reporting <level> "<reason>" caused ...`; keep the reason.
  const wrapped = /^Reporting \w+ "([\s\S]*)" caused /.exec(text);
  return (wrapped?.[1] ?? text).trim();
}

// Parses a template strictly (warnings included) and keeps line endings as written, so node positions
// point into the original text.
export function parseXmlStrict(text: string, templateName: string): ParsedXml {
  const bom = text.startsWith(BOM) ? BOM : '';
  const source = text.slice(bom.length);
  const parser = new DOMParser({
    locator: true,
    normalizeLineEndings: (input: string) => input,
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  });
  try {
    return { doc: parser.parseFromString(source, 'text/xml'), source, bom };
  } catch (error) {
    const at = positionOf(error);
    const where = at === undefined ? templateName : `${templateName}:${at.line}${at.col ? `:${at.col}` : ''}`;
    throw new NsoMultiError('TEMPLATE_INVALID', `${where}: not well-formed XML: ${reasonOf(error)}`, {
      hint: 'Fix the XML of the ncs.conf template (an XML editor or `xmllint --noout FILE` shows the problem).',
      cause: error,
    });
  }
}

/** Parsed templates for the read-only scans, by file name; only the last text of each file is kept. */
const shared = new Map<string, { text: string; parsed: ParsedXml }>();
const MAX_SHARED = 16;

// parseXmlStrict for callers that only read the document: a command scans one template for its listener flags,
// its extra-listen lists and its HA Raft settings, and this parses it once for all of them. The document is
// shared, so a caller must never change it (render edits its own parse). A failed parse is not kept.
export function parseXmlShared(text: string, templateName: string): ParsedXml {
  const hit = shared.get(templateName);
  if (hit !== undefined && hit.text === text) return hit.parsed;
  const parsed = parseXmlStrict(text, templateName);
  if (shared.size >= MAX_SHARED) shared.clear();
  shared.set(templateName, { text, parsed });
  return parsed;
}
