// Checks a template the way render will use it: readable, well-formed XML, an <ncs-config> root, editable.
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { isNsoMultiError } from '../errors.js';
import { TEMPLATE_LISTENER_KEYS } from '../nso/listeners.js';
import { type NcsConfInput, renderNcsConf } from '../render/ncs-conf.js';
import type { TemplateProblem } from './rules/rule.js';

/** Every listener on and the check enabled, so the trial visits each element render may edit. */
const TRIAL_INPUT: NcsConfInput = {
  ipc: { address: '127.0.0.1', port: 1 },
  accessCheck: { enabled: true, filename: '/ipc_access' },
  netconfSsh: { enabled: true, address: '127.0.0.1', port: 2 },
  netconfTcp: { enabled: true, address: '127.0.0.1', port: 3 },
  cliSsh: { enabled: true, address: '127.0.0.1', port: 4 },
  templateListeners: Object.fromEntries(
    TEMPLATE_LISTENER_KEYS.map((key, i) => [key, { enabled: true, address: '127.0.0.1', port: 5 + i }]),
  ) as NcsConfInput['templateListeners'],
  // HA Raft's trial takes the form with min-port/max-port and a seed node, so each element render edits is met.
  haRaft: {
    nodeAddress: 'node_one@127.0.0.1',
    port: 20,
    form: 'range',
    seeds: [{ nodeAddress: 'node_two@127.0.0.1', port: 21 }],
    clusterName: 'trial',
  },
  localIpc: 'disable',
};

// Returns why the template at `file` cannot be used, or undefined when render will accept it.
export async function templateProblem(file: string): Promise<TemplateProblem | undefined> {
  let text: string;
  try {
    const info = await stat(file);
    if (info.isDirectory()) return 'is a folder, not a file';
    if (!info.isFile()) return 'is not a regular file';
    await access(file, constants.R_OK);
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'does not exist';
    if (code === 'EACCES') return 'is not readable';
    return `cannot be read (${code ?? String(error)})`;
  }
  try {
    renderNcsConf(text, TRIAL_INPUT, file);
    return undefined;
  } catch (error) {
    if (!isNsoMultiError(error) || error.code !== 'TEMPLATE_INVALID') throw error;
    return { message: `template ${error.message}`, fix: asFix(error.hint ?? 'fix the template') };
  }
}

// Render's hints are sentences; a problem's fix follows a dash in lower case.
function asFix(hint: string): string {
  return (hint.charAt(0).toLowerCase() + hint.slice(1)).replace(/\.$/, '');
}
