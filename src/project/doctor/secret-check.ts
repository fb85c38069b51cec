// The `secret files` check: each rendered instance with the IPC access check has its secret as a regular file
// of this user with exactly the spec's mode and group. Only lstat is used: the secret is never opened or read.
import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { formatMode } from '../../host/fs-steps.js';
import { lookupGroup } from '../../host/groups.js';
import { type InstanceSpec, SECRET_MODE_BITS, type Spec } from '../../model.js';
import { usesAccessCheck } from '../../nso/ipc-socket.js';
import type { StateDocument } from '../../state/state-document.js';
import { checkSecretDrift } from '../secret-drift.js';
import { type CheckOutcome, outcome } from './doctor-report.js';

interface SecretProblem {
  detail: string;
  fix: string;
  /** Only an out-of-date render, which the next render or `up` corrects by itself. */
  stale?: true;
}

const RENDER = '`nso-multi render`';

async function lstatOrCode(path: string): Promise<Stats | string> {
  try {
    return await lstat(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

// What is wrong with one instance's secret file, or undefined when nothing is.
async function secretProblem(
  name: string,
  path: string,
  access: InstanceSpec['ipc']['accessCheck'],
): Promise<SecretProblem | undefined> {
  const replace = `rm -f ${path} && ${RENDER} writes a new one`;
  const info = await lstatOrCode(path);
  if (info === 'ENOENT') return { detail: `${name}: ${path} is missing`, fix: `${RENDER} writes it` };
  if (typeof info === 'string') return { detail: `${name}: cannot look at ${path} (${info})`, fix: replace };
  if (info.isSymbolicLink()) return { detail: `${name}: ${path} is a symlink`, fix: replace };
  if (!info.isFile()) return { detail: `${name}: ${path} is not a regular file`, fix: replace };
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    return { detail: `${name}: ${path} belongs to uid ${info.uid}, not to you (${uid})`, fix: replace };
  }
  if (info.size === 0) return { detail: `${name}: ${path} is empty`, fix: `${RENDER} fills it` };
  const wantedMode = SECRET_MODE_BITS[access.mode];
  const group = access.group === undefined ? undefined : await lookupGroup(access.group);
  const wrongGroup = group !== undefined && info.gid !== group.gid;
  const mode = info.mode & 0o7777;
  if (mode === wantedMode && !wrongGroup) return undefined;
  const found = [
    ...(mode === wantedMode ? [] : [`mode ${formatMode(mode)}`]),
    ...(wrongGroup ? [`group ${info.gid}`] : []),
  ];
  const asked = [`mode ${access.mode}`, ...(group ? [`group ${group.name} (${group.gid})`] : [])];
  const fixes = [...(wrongGroup ? [`chgrp ${group.name} ${path}`] : []), `chmod ${access.mode} ${path}`];
  return {
    detail: `${name}: ${path} has ${found.join(' and ')}, the spec asks ${asked.join(' and ')}`,
    fix: fixes.join(' && '),
  };
}

// Checks the secrets of every instance of the spec that has the access check and has been rendered.
export async function checkSecrets(spec: Spec, state: StateDocument | undefined): Promise<CheckOutcome> {
  const wanting = spec.instances.filter(usesAccessCheck);
  if (wanting.length === 0) return outcome('skip', 'no instance has the IPC access check');
  if (state === undefined) return outcome('skip', `nothing rendered yet; ${RENDER} writes the secrets`);
  const notRendered: string[] = [];
  const problems: SecretProblem[] = [];
  let checked = 0;
  for (const instance of wanting) {
    const entry = state.instances[instance.name];
    if (entry === undefined) {
      notRendered.push(instance.name);
    } else if (entry.secretFile === null) {
      problems.push({
        detail: `${instance.name}: rendered without the access check the spec now asks for`,
        fix: `${RENDER} adds it`,
        stale: true,
      });
    } else {
      checked++;
      // A running daemon keeps the secret it started with: a new file does not help it, a restart does.
      const drift = await checkSecretDrift(instance.name, entry);
      const problem =
        drift === undefined
          ? await secretProblem(instance.name, entry.secretFile, instance.ipc.accessCheck)
          : { detail: drift.problem, fix: drift.fix };
      if (problem) problems.push(problem);
    }
  }
  const pending = notRendered.length > 0 ? ` (not rendered yet: ${notRendered.join(', ')})` : '';
  if (problems.length === 0) {
    return outcome(
      'ok',
      `${checked} secret file${checked === 1 ? '' : 's'} with the right owner and mode${pending}`,
    );
  }
  return outcome(
    problems.every((p) => p.stale) ? 'warn' : 'fail',
    problems.map((p) => p.detail).join('\n') + pending,
    problems.map((p) => p.fix).join('; '),
  );
}
