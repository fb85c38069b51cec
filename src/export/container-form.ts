// Builds the container form of every instance from a rendered plan. Pure: templates and secrets come in as text.

import { NsoMultiError } from '../errors.js';
import type { Plan, Spec } from '../model.js';
import type { Notice } from '../notice.js';
import type { ContainerInstance } from './container-model.js';
import { containerNcsConf } from './container-ncs-conf.js';
import { containerPorts } from './container-ports.js';

/** Where the IPC secret is mounted inside every container (docker compose's default secrets folder). */
export const CONTAINER_SECRET_PATH = '/run/secrets/ipc-access';

/** What building needs beside the plan: each template's text by path, each instance's secret text by name. */
export interface ContainerTexts {
  templates: ReadonlyMap<string, string>;
  secrets: ReadonlyMap<string, string>;
}

// Refuses, before anything is written, a spec an export cannot carry: an instance without `container.image`,
// or with IPC over a Unix socket (a socket inside a container is out of the host's reach).
export function checkExportable(spec: Spec): void {
  const problems: string[] = [];
  const hints = new Set<string>();
  spec.instances.forEach((instance, index) => {
    const where = `instances.${index} (${instance.name})`;
    if (instance.container?.image === undefined) {
      problems.push(`${where}: no \`container.image\``);
      hints.add('set `container: { image: cisco-nso-prod:<version> }` in `defaults` or in the instance');
    }
    if (instance.ipc.transport === 'unix') {
      problems.push(
        `${where}: \`ipc.transport: unix\` cannot be exported (the socket would be inside the container)`,
      );
      hints.add('use `ipc.transport: tcp` for instances you export');
    }
  });
  if (problems.length > 0) {
    throw new NsoMultiError('SPEC_INVALID', `${spec.file}: cannot export: ${problems.join('; ')}`, {
      hint: [...hints].join('; '),
    });
  }
}

// The container form of every instance, in spec order, with notices about what the container leaves out.
export function containerForm(
  plan: Plan,
  texts: ContainerTexts,
): { instances: ContainerInstance[]; notices: Notice[] } {
  const notices: Notice[] = [];
  const instances = plan.instances.map((instance): ContainerInstance => {
    const { spec } = instance;
    const image = spec.container?.image;
    const template = texts.templates.get(spec.template);
    const secret = texts.secrets.get(instance.name);
    if (
      image === undefined ||
      template === undefined ||
      secret === undefined ||
      instance.secretFile === null
    ) {
      throw new NsoMultiError('INTERNAL', `instance ${instance.name}: export input incomplete`, {
        instance: instance.name,
      });
    }
    if (instance.ports.haRaft !== null) {
      // Node addresses must be names every node resolves, which differ between orchestrators (and the schema
      // wants a node id and a dotted name): not guessed here.
      throw new NsoMultiError('SPEC_INVALID', `instance ${instance.name}: HA Raft cannot be exported yet`, {
        instance: instance.name,
        hint: 'switch HA Raft off for the export (`haRaft: { enabled: false }`) and set it up in the orchestrator',
      });
    }
    if (spec.packages?.length || spec.cdbInit?.length) {
      notices.push({
        level: 'warning',
        instance: instance.name,
        message: `${instance.name}: packages and cdbInit files are not exported; add them to the image or the /nso/run volume`,
      });
    }
    if (spec.ssh?.hostKeys === 'private') {
      notices.push({
        level: 'info',
        instance: instance.name,
        message: `${instance.name}: the container uses the image's SSH host keys, not private ones`,
      });
    }
    return {
      name: instance.name,
      project: plan.project,
      image,
      ncsConf: containerNcsConf(plan, instance, template, CONTAINER_SECRET_PATH),
      secret: { text: secret, containerPath: CONTAINER_SECRET_PATH, hostFile: instance.secretFile },
      ports: containerPorts(instance, plan.nsoVersion),
      dependsOn: [...(spec.dependsOn ?? [])],
    };
  });
  return { instances, notices };
}
