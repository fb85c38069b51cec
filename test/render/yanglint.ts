// Runs yanglint against NSO's ncs.conf schema (../shared/nso-yang from the repo root), when both exist.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const NSO_YANG_DIR = join(REPO_ROOT, '..', 'shared', 'nso-yang');
const SCHEMA = join(NSO_YANG_DIR, 'tailf-ncs-config.yang');

/** Why the yanglint tests cannot run here, or null when they can. */
export function yanglintSkipReason(): string | null {
  const probe = spawnSync('yanglint', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0)
    return 'yanglint is not installed (apt-get install libyang-tools)';
  if (!existsSync(SCHEMA)) return `the NSO ncs.conf schema is not at ${NSO_YANG_DIR}`;
  return null;
}

/** Validates ncs.conf text as configuration data; yanglint picks the format from the .xml name. */
export function yanglint(xml: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nso-multi-yanglint-'));
  try {
    const file = join(dir, 'ncs.conf.xml');
    writeFileSync(file, xml);
    const run = spawnSync('yanglint', ['-p', NSO_YANG_DIR, '-t', 'config', SCHEMA, file], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}${run.error?.message ?? ''}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
