// The `xsltproc` check: ncs-netsim reads each device's NED id with xsltproc when it prints the devices for NSO
// (`ncs-netsim ncs-xml-init`), so a project with netsim devices needs it; doctor runs the check only for such
// a project.
import { execFile } from 'node:child_process';
import type { Spec } from '../../model.js';
import { type CheckOutcome, outcome } from './doctor-report.js';

const FIX = 'install xsltproc (e.g. `apt-get install xsltproc`): ncs-netsim needs it to give NSO the devices';

// The instances with netsim devices.
export function netsimInstances(spec: Spec): string[] {
  return spec.instances.filter((i) => (i.netsim?.length ?? 0) > 0).map((i) => i.name);
}

// ok with xsltproc's version line, fail when it cannot run; `instances` names those with netsim devices.
export async function checkXsltproc(
  instances: readonly string[],
  xsltproc = 'xsltproc',
): Promise<CheckOutcome> {
  const version = await new Promise<string | Error>((resolve) => {
    execFile(xsltproc, ['--version'], { timeout: 10_000 }, (error, stdout) =>
      resolve(error === null ? (String(stdout).split('\n')[0] ?? '').trim() : error),
    );
  });
  if (typeof version === 'string')
    return outcome('ok', `${version} (for the netsim devices of ${instances.join(', ')})`);
  const missing = (version as NodeJS.ErrnoException).code === 'ENOENT';
  const why = missing ? `${xsltproc} is not installed` : `${xsltproc} --version failed: ${version.message}`;
  return outcome('fail', `${why}; netsim devices in ${instances.join(', ')}`, FIX);
}
