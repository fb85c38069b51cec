// Builds the container form of every instance from a rendered plan. Pure: templates and secrets come in as text.

import { NsoMultiError } from '../errors.js';
import type { Plan, Spec } from '../model.js';
import type { Notice } from '../notice.js';
import { type ContainerHaRaftNode, containerClusters, otherNodes } from './container-ha-raft.js';
import type { ContainerInstance, HaRaftTlsTexts } from './container-model.js';
import { containerNcsConf } from './container-ncs-conf.js';
import { containerPorts } from './container-ports.js';

/** Where the IPC secret is mounted inside every container (docker compose's default secrets folder). */
export const CONTAINER_SECRET_PATH = '/run/secrets/ipc-access';

/** What building needs beside the plan: each template's text by path, each instance's secret text by name,
 * and each HA Raft node with the texts of its TLS files, by name. */
export interface ContainerTexts {
  templates: ReadonlyMap<string, string>;
  secrets: ReadonlyMap<string, string>;
  haRaft?: {
    nodes: ReadonlyMap<string, ContainerHaRaftNode>;
    tls: ReadonlyMap<string, HaRaftTlsTexts>;
  };
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
    const haRaft = haRaftOf(instance.name, instance.ports.haRaft !== null, texts);
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
      ncsConf: containerNcsConf(plan, instance, template, {
        secretPath: CONTAINER_SECRET_PATH,
        ...(haRaft === undefined ? {} : { haRaft: { node: haRaft, seeds: seedsOf(haRaft, texts) } }),
      }),
      secret: { text: secret, containerPath: CONTAINER_SECRET_PATH, hostFile: instance.secretFile },
      ports: containerPorts(instance, plan.nsoVersion),
      dependsOn: [...(spec.dependsOn ?? [])],
      ...(haRaft === undefined ? {} : { haRaft }),
    };
  });
  return { instances, notices };
}

// The instance's HA Raft node with its TLS texts; undefined when HA Raft is off.
function haRaftOf(
  name: string,
  on: boolean,
  texts: ContainerTexts,
): (ContainerHaRaftNode & { tls: HaRaftTlsTexts }) | undefined {
  if (!on) return undefined;
  const node = texts.haRaft?.nodes.get(name);
  const tls = texts.haRaft?.tls.get(name);
  if (node === undefined || tls === undefined) {
    throw new NsoMultiError(
      'INTERNAL',
      `instance ${name}: HA Raft is on, but its container node is not known`,
      {
        instance: name,
      },
    );
  }
  return { ...node, tls };
}

// The other nodes of the node's cluster, which its ncs.conf names as seed nodes.
function seedsOf(node: ContainerHaRaftNode, texts: ContainerTexts): ContainerHaRaftNode[] {
  const cluster = containerClusters(texts.haRaft?.nodes ?? new Map()).find((c) => c.name === node.cluster);
  return cluster === undefined ? [] : otherNodes(cluster, node.instance);
}
