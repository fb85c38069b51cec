// The container form of a project's instances for `export compose` and `export k8s`: render first (so the host
// ports stay those of `render` and `up`, leased, and each env file is right), then build from the plan.
import { readFile } from 'node:fs/promises';
import { ioError } from '../host/io-error.js';
import type { Plan, Spec } from '../model.js';
import type { Notice } from '../notice.js';
import { haRaftRoster } from '../project/ha-raft-roster.js';
import { templateReader } from '../project/instance-texts.js';
import { loadPlanSpec } from '../project/prepare-plan.js';
import { type RenderOptions, render } from '../project/render.js';
import { settleTemplateListeners } from '../project/settle-template-listeners.js';
import { templateHaRaft } from '../render/ha-raft-scan.js';
import { COMPOSE_TARGET } from './compose-names.js';
import { checkExportable, containerForm } from './container-form.js';
import { type ContainerTarget, containerHaRaftNodes, ownTlsRefusal } from './container-ha-raft.js';
import { containerHaRaftTls } from './container-ha-raft-tls.js';
import type { ContainerInstance } from './container-model.js';

export interface ContainerExport {
  /** The rendered plan: host ports, env files and the host copies of the secrets. */
  plan: Plan;
  instances: ContainerInstance[];
  notices: Notice[];
}

// Renders the spec with the IPC access check forced on (the IPC port leaves loopback inside a container, and
// the env file must name the host copy of the secret), then builds every instance's container form; HA Raft
// nodes get certificates for the names `target` gives their containers.
export async function containerInstances(
  options: RenderOptions = {},
  target: ContainerTarget = COMPOSE_TARGET,
): Promise<ContainerExport> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = options.spec ?? (await loadPlanSpec({ ...options, cwd }));
  checkExportable(loaded);
  await checkHaRaftTls(loaded);
  const rendered = await render({ ...options, cwd, spec: withAccessCheck(loaded) });
  const read = templateReader();
  const templates = new Map<string, string>();
  const secrets = new Map<string, string>();
  for (const instance of rendered.plan.instances) {
    const template = instance.spec.template;
    if (!templates.has(template)) templates.set(template, await read(template));
    if (instance.secretFile !== null) secrets.set(instance.name, await readSecret(instance.secretFile));
  }
  const { plan } = rendered;
  const roster = await haRaftRoster(plan, async (file) => templates.get(file) ?? (await read(file)));
  const nodes = containerHaRaftNodes(plan, roster, target.hostOf);
  const tls = await containerHaRaftTls(plan.workdir, target.name, nodes);
  const built = containerForm(plan, { templates, secrets, haRaft: { nodes, tls } });
  return {
    plan: rendered.plan,
    instances: built.instances,
    notices: [...rendered.notices, ...built.notices],
  };
}

// Refuses, before render writes anything, an HA Raft node whose template names TLS files of its own.
async function checkHaRaftTls(spec: Spec): Promise<void> {
  const settled = await settleTemplateListeners(spec);
  const read = templateReader();
  for (const instance of settled.instances) {
    if (instance.haRaft?.enabled !== true) continue;
    const scan = templateHaRaft(await read(instance.template), instance.template);
    if (scan.present && scan.ownTls) throw ownTlsRefusal(instance.name);
  }
}

// The spec with every instance's access check on, keeping the mode and group the spec chose.
export function withAccessCheck(spec: Spec): Spec {
  return {
    ...spec,
    instances: spec.instances.map((instance) => ({
      ...instance,
      ipc: { ...instance.ipc, accessCheck: { ...instance.ipc.accessCheck, enabled: true } },
    })),
  };
}

async function readSecret(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw ioError('read the IPC secret', file, error);
  }
}
