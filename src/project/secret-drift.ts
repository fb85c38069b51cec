// Whether a running instance's IPC secret file still is the one its daemon started with. NSO reads the file
// once at start (measured with 6.2.5): when it is removed or replaced afterwards, every client that follows
// NCS_IPC_ACCESS_FILE is refused, and only a restart (or the original file) lets them in again.
import { isAlive } from '../host/process-identity.js';
import { readSecretStamp, type SecretStamp, sameSecretStamp } from '../host/secret-stamp.js';
import type { InstanceState } from '../state/state-document.js';

export interface SecretDrift {
  /** What is wrong and what clients see; never the secret. */
  problem: string;
  /** What to do about it. */
  fix: string;
}

// The problem with `name`'s secret given the file's current stamp (null: missing), or undefined when none.
// Only for a daemon recorded as running; a missing file counts even without a recorded stamp.
export function secretDrift(
  name: string,
  entry: InstanceState,
  now: SecretStamp | null | undefined,
): SecretDrift | undefined {
  const runtime = entry.runtime;
  if (entry.secretFile === null || runtime === undefined || runtime.status !== 'running') return undefined;
  const restart = `restart it: \`nso-multi down ${name} && nso-multi up ${name}\``;
  const who = `the daemon (pid ${runtime.pid})`;
  if (now === null) {
    return {
      problem: `${name}: the IPC secret file ${entry.secretFile} is gone, but ${who} still expects the secret it started with: ncs --status, ncs_cmd, ncs_cli and the APIs are turned away ("NCS daemon closed connection")`,
      fix: `${restart} (\`nso-multi render\` alone writes a new secret the running daemon does not know)`,
    };
  }
  const started = runtime.secret;
  if (now === undefined || started === undefined || sameSecretStamp(started, now)) return undefined;
  return {
    problem: `${name}: the IPC secret file ${entry.secretFile} changed after ${who} started and read it: if its content changed, clients are refused ("Access check failed" from ncs, "Access denied" from ncs_cmd)`,
    fix: `${restart} (or put back the file it started with)`,
  };
}

// Looks at the secret file and the daemon and reports the drift, as secretDrift does, of a live daemon.
export async function checkSecretDrift(name: string, entry: InstanceState): Promise<SecretDrift | undefined> {
  const runtime = entry.runtime;
  if (entry.secretFile === null || runtime?.status !== 'running') return undefined;
  const drift = secretDrift(name, entry, await readSecretStamp(entry.secretFile));
  return drift !== undefined && (await isAlive(runtime)) ? drift : undefined;
}
