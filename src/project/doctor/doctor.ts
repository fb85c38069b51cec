// `doctor`: checks the host and the project, each check on its own, and says how to fix what fails.
// Reads only: it writes no file, takes no lease and starts nothing but `ncs --version`.
import { resolve } from 'node:path';
import { readEphemeralRange } from '../../host/ephemeral-range.js';
import { defaultLeaseDir } from '../../leases/lease-registry.js';
import type { Spec } from '../../model.js';
import type { Notice } from '../../notice.js';
import { type CheckOutcome, type DoctorReport, outcome, runCheck } from './doctor-report.js';
import { checkEphemeralRange } from './ephemeral-check.js';
import { checkFolders } from './folder-check.js';
import { checkLeases } from './lease-check.js';
import { checkNcs, checkNcsDir, type NcsChoice } from './ncs-checks.js';
import { checkOpenssl, raftInstances } from './openssl-check.js';
import { loadProjectContext } from './project-context.js';
import { checkSecrets } from './secret-check.js';
import { checkSpec } from './spec-check.js';
import { checkProcesses, checkState } from './state-checks.js';
import { checkXsltproc, netsimInstances } from './xsltproc-check.js';

export interface DoctorOptions {
  /** The spec file; searched from `cwd` upwards when not given. */
  config?: string;
  /** Where the search starts; default process.cwd(). */
  cwd?: string;
  /** `--ncs PATH`, or `sim` for --sim. */
  ncs?: string;
  /** The lease registry's folder; default NSO_MULTI_LEASE_DIR, $XDG_RUNTIME_DIR/nso-multi or /tmp. */
  leaseDir?: string;
  /** The environment `up` would run with (NCS_DIR, PATH); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where news about the state file goes (a corrupt one rebuilt); default a process warning. */
  onNotice?: (notice: Notice) => void;
}

// Runs every check and reports them in a fixed order; `ok` is false when any check failed.
export async function doctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const project = await loadProjectContext(options.config, cwd, options.onNotice);
  const spec = project.spec.kind === 'loaded' ? project.spec.spec : undefined;
  const choice: NcsChoice = { env };
  if (options.ncs !== undefined) choice.flag = options.ncs;
  if (spec?.ncs.command !== undefined) choice.spec = spec.ncs.command;
  const noSpec = project.spec.kind === 'missing' ? 'no spec found' : 'the spec cannot be used (see spec)';
  const needsSpec = (check: (s: Spec) => Promise<CheckOutcome>) => async () =>
    spec === undefined ? outcome('skip', noSpec) : check(spec);

  const raft =
    spec === undefined
      ? []
      : raftInstances(spec, project.state.kind === 'read' ? project.state.state : undefined);
  const netsim = spec === undefined ? [] : netsimInstances(spec);
  const checks = await Promise.all([
    runCheck('spec', 'spec', () => checkSpec(project.spec)),
    runCheck('ncs', 'ncs', () => checkNcs(choice)),
    runCheck('NCS_DIR', 'NCS_DIR', () => checkNcsDir(choice)),
    runCheck('ephemeral-range', 'ephemeral range', async () =>
      checkEphemeralRange(await readEphemeralRange(), spec),
    ),
    runCheck('folders', 'folders', needsSpec(checkFolders)),
    runCheck('leases', 'lease registry', () => checkLeases(options.leaseDir ?? defaultLeaseDir(env))),
    runCheck('state', 'state', () => checkState(project.state)),
    runCheck(
      'secrets',
      'secret files',
      needsSpec(async (s) =>
        project.state.kind === 'read'
          ? checkSecrets(s, project.state.state)
          : outcome('skip', 'no usable state (see state)'),
      ),
    ),
    runCheck('processes', 'instances', () => checkProcesses(project.state)),
    // Only where HA Raft is on: the other projects never run openssl.
    ...(raft.length === 0 ? [] : [runCheck('openssl', 'openssl', () => checkOpenssl(raft))]),
    // Only where there are netsim devices.
    ...(netsim.length === 0 ? [] : [runCheck('xsltproc', 'xsltproc', () => checkXsltproc(netsim))]),
  ]);
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}
