// The `openssl` check: render makes HA Raft's TLS certificates with the openssl command (host/ha-raft-tls.ts),
// so a project with HA Raft on needs it; doctor runs the check only for such a project.
import { execFile } from 'node:child_process';
import type { Spec } from '../../model.js';
import type { StateDocument } from '../../state/state-document.js';
import { type CheckOutcome, outcome } from './doctor-report.js';

const FIX = 'install OpenSSL (e.g. `apt-get install openssl`): render makes the HA Raft certificates with it';

// HA Raft is on for an instance the spec switches it on for, or that the last render gave an HA Raft port
// (a template that switches it on).
export function raftInstances(spec: Spec, state: StateDocument | undefined): string[] {
  return spec.instances
    .filter((i) => i.haRaft?.enabled === true || Number.isInteger(state?.instances[i.name]?.ports.haRaft))
    .map((i) => i.name);
}

// ok with openssl's version, fail when it cannot run; `raft` names the instances with HA Raft on.
export async function checkOpenssl(raft: readonly string[], openssl = 'openssl'): Promise<CheckOutcome> {
  const version = await new Promise<string | Error>((resolve) => {
    execFile(openssl, ['version'], { timeout: 10_000 }, (error, stdout) =>
      resolve(error === null ? String(stdout).trim() : error),
    );
  });
  if (typeof version === 'string')
    return outcome('ok', `${version} (for the HA Raft certificates of ${raft.join(', ')})`);
  const missing = (version as NodeJS.ErrnoException).code === 'ENOENT';
  const why = missing ? `${openssl} is not installed` : `${openssl} version failed: ${version.message}`;
  return outcome('fail', `${why}; HA Raft is on for ${raft.join(', ')}`, FIX);
}
