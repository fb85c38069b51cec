// `render`: plan, then write every instance's run dir, secret, ncs.conf and env file, then the state file.
import { join } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { createEntrySwaps, type SwapFs } from '../host/entry-swaps.js';
import { createFileBatch } from '../host/file-batch.js';
import type { BatchFs } from '../host/fs-steps.js';
import { ensureClusterCa, ensureNodeTls } from '../host/ha-raft-tls.js';
import { ensureSshHostKeys } from '../host/ssh-host-keys.js';
import type { Plan } from '../model.js';
import { STATE_FILE_NAME } from '../model.js';
import type { NcsCommand } from '../ncs/ncs-command.js';
import type { Notice } from '../notice.js';
import { clusterCaDir, haRaftTlsFiles } from '../plan/ha-raft-tls-files.js';
import { sshKeyDir } from '../plan/ssh-key-dir.js';
import { runningPids } from '../state/running-instances.js';
import { nextState } from '../state/state-document.js';
import { formatState, STATE_FILE_MODE } from '../state/state-file.js';
import { withRecordedLeaders } from './ha-raft-leader.js';
import { clusterOf, haRaftMemberships, type RosterNode } from './ha-raft-roster.js';
import { findInstallation, needsInstallation } from './installation.js';
import { renderInstanceTexts } from './instance-texts.js';
import { withLsaNed } from './lsa-packages.js';
import { makeNetsimNetworks } from './netsim-networks.js';
import { loadPlanSpec, type PlanResult, type PrepareOptions, preparePlan } from './prepare-plan.js';
import type { CopyTree } from './run-dir-contents.js';
import { stageRunDirContents, withRunDirContents } from './stage-run-dir-contents.js';
import { stateHooks } from './state-hooks.js';
import { stageInstance } from './write-instance.js';

/** render's result: the plan it wrote, and its notices. */
export type RenderResult = PlanResult;

export interface RenderOptions extends PrepareOptions {
  /** Refuse (UNSAFE_PATH, exit 2) a secret file that lets in more than the spec asks, instead of correcting
   * it with a warning; nothing is written then. */
  strict?: boolean;
  /** The environment whose NCS_DIR names the NSO installation (its snmp_init.xml); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The `ncs` that runs the instances (its ncs-netsim makes their netsim networks); default as `up` finds it. */
  ncs?: NcsCommand;
}

/** Seams for tests, outside the package's API: the file functions the writes go through. */
export interface RenderSeams {
  fs?: BatchFs;
  /** How packages are copied (copyPackages) and how packages/ entries are swapped in. */
  copyTree?: CopyTree;
  swapFs?: SwapFs;
}

// `plan` is defined beside preparePlan, so that `nso-multi plan` loads nothing that writes.

// Writes every instance's files and records the assignment so the next run gives the same ports.
export async function render(options: RenderOptions = {}): Promise<RenderResult> {
  return renderWith(options, {});
}

// render() with its seams. Every file of every instance and the state file are staged first and put in place
// together (host/file-batch.ts): an error at any point leaves the previous render's files as they were, and
// files or folders this render would have created absent.
export async function renderWith(options: RenderOptions, seams: RenderSeams): Promise<RenderResult> {
  const cwd = options.cwd ?? process.cwd();
  const spec = options.spec ?? (await loadPlanSpec({ ...options, cwd }));
  // Planning keeps the ports the state records, so a corrupt state is kept aside and rebuilt (with a warning) first.
  // Running instances hold their ports themselves: without this they would look taken and be moved.
  const running =
    options.running ??
    new Set((await runningPids(join(spec.workdir, STATE_FILE_NAME), spec, stateHooks(options))).keys());
  const planned = await preparePlan({ ...options, cwd, spec, lease: true, running });
  const env = options.env ?? process.env;
  const installation = needsInstallation(planned.plan)
    ? await findInstallation({
        ...(options.ncs === undefined ? {} : { ncs: options.ncs }),
        ...(spec.ncs.command === undefined ? {} : { specNcs: spec.ncs.command }),
        env,
      })
    : undefined;
  const lsa = await withLsaNed(withRecordedLeaders(planned.plan, planned.state), installation);
  const prepared = { ...planned, plan: lsa.plan };
  const texts = await renderInstanceTexts(prepared.plan, {
    snmpInstall: { env: options.env ?? process.env, ncsCommand: spec.ncs.command },
  });
  const batch = createFileBatch(seams.fs === undefined ? {} : { fs: seams.fs });
  const secretNotices: (() => Notice[])[] = [];
  const swaps = createEntrySwaps(seams.swapFs === undefined ? {} : { fs: seams.swapFs });
  let contentsNotices: Notice[] = [];
  try {
    await batch.ensureDir(prepared.plan.workdir, { followSymlink: true });
    for (const instance of prepared.plan.instances) {
      const files = texts.files.get(instance.name)!;
      secretNotices.push(
        await stageInstance(batch, instance, files, { strict: options.strict === true, swaps }),
      );
    }
    const staged = await stageRunDirContents(batch, swaps, prepared.plan, prepared.state, seams.copyTree);
    contentsNotices = staged.notices;
    // Staged last, so it is renamed last: the state never records files that are not in place yet.
    const state = withRunDirContents(
      nextState(
        prepared.state,
        prepared.plan,
        prepared.specHash,
        new Date(),
        haRaftMemberships(prepared.plan, texts.haRaft),
      ),
      staged.owned,
    );
    await batch.stage(prepared.plan.stateFile, formatState(state), { mode: STATE_FILE_MODE });
    await batch.commit();
    await swaps.finish();
  } finally {
    // Temp entries first, so that abort can remove the folders this render created.
    await swaps.discard();
    await batch.abort();
  }
  const keyNotices = await makePrivateHostKeys(prepared.plan);
  const tlsNotices = await makeHaRaftTls(prepared.plan, texts.haRaft);
  const netsimNotices = await makeNetsimNetworks(prepared.plan, installation, env);
  return {
    plan: prepared.plan,
    notices: [
      ...prepared.notices,
      ...texts.notices,
      ...secretNotices.flatMap((notices) => notices()),
      ...contentsNotices,
      ...keyNotices,
      ...tlsNotices,
      ...netsimNotices,
      ...lsa.notices,
    ],
  };
}

// Makes HA Raft's TLS material: a certificate authority per cluster, a certificate and key per node (see
// host/ha-raft-tls.ts). After the commit, like the host keys: the run dirs must exist, and the files are kept
// across renders rather than replaced with the rest.
async function makeHaRaftTls(plan: Plan, nodes: readonly RosterNode[]): Promise<Notice[]> {
  const notices: Notice[] = [];
  for (const node of nodes.filter((n) => n.makesTls)) {
    const instance = plan.instances.find((i) => i.name === node.instance)!;
    const cluster = clusterOf(plan, node);
    const caDir = clusterCaDir(plan.workdir, cluster);
    const files = haRaftTlsFiles(instance.runDir);
    try {
      if (await ensureClusterCa(caDir, cluster)) {
        notices.push({
          level: 'info',
          message: `made the certificate authority of HA Raft cluster ${cluster} in ${caDir}`,
        });
      }
      if (await ensureNodeTls(caDir, files, node.nodeAddress)) {
        notices.push({
          level: 'info',
          instance: instance.name,
          message: `made the HA Raft certificate of ${node.nodeAddress} in ${files.dir}`,
        });
      }
    } catch (error) {
      throw afterCommitError(instance.name, files.dir, error);
    }
  }
  return notices;
}

// Generates the host keys of instances with `ssh.hostKeys: private` that have none yet. After the commit,
// because the run dir must exist and keys are kept across renders rather than replaced with the files.
async function makePrivateHostKeys(plan: Plan): Promise<Notice[]> {
  const notices: Notice[] = [];
  for (const instance of plan.instances) {
    const dir = sshKeyDir(instance.spec, instance.runDir);
    if (dir === null) continue;
    try {
      if (await ensureSshHostKeys(dir)) {
        notices.push({
          level: 'info',
          instance: instance.name,
          message: `generated SSH host keys in ${dir}`,
        });
      }
    } catch (error) {
      throw afterCommitError(instance.name, dir, error);
    }
  }
  return notices;
}

// A failure to make an instance's keys or certificates after the commit: named for the instance, with what to
// do; the files render committed name `dir`, so the instance does not start until a render makes them.
function afterCommitError(instance: string, dir: string, error: unknown): unknown {
  if (!(error instanceof NsoMultiError)) return error;
  return new NsoMultiError(error.code, `${instance}: ${error.message}`, {
    cause: error,
    instance,
    hint: `${error.hint ?? 'check the run folder'}; then render again (its ncs.conf names ${dir})`,
  });
}
