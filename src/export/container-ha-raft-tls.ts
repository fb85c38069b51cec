// The TLS files of the containerised HA Raft nodes, made with the host's `openssl` by the cluster's own
// authority (the one render made for the host's nodes): a certificate per node for the DNS name its container
// has. Kept beside that authority per target and made again only when a node's address changes, so exporting
// twice gives the same files and rolls no pod.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureClusterCa, ensureNodeTls, type NodeTlsFiles } from '../host/ha-raft-tls.js';
import { ioError } from '../host/io-error.js';
import { clusterCaDir } from '../plan/ha-raft-tls-files.js';
import type { ContainerHaRaftNode } from './container-ha-raft.js';
import type { HaRaftTlsTexts } from './container-model.js';

/** Where a containerised node's files are kept: `<workdir>/ha-raft-ca/<cluster>/<target>/<instance>/`. */
export function containerNodeTlsFiles(
  workdir: string,
  target: string,
  node: ContainerHaRaftNode,
): NodeTlsFiles {
  const dir = join(clusterCaDir(workdir, node.cluster), target, node.instance);
  return {
    dir,
    caCertFile: join(dir, 'ca.crt'),
    certFile: join(dir, 'node.crt'),
    keyFile: join(dir, 'node.key'),
  };
}

// Makes (when needed) and reads every node's TLS files, by instance.
export async function containerHaRaftTls(
  workdir: string,
  target: string,
  nodes: ReadonlyMap<string, ContainerHaRaftNode>,
): Promise<Map<string, HaRaftTlsTexts>> {
  const texts = new Map<string, HaRaftTlsTexts>();
  for (const node of nodes.values()) {
    const caDir = clusterCaDir(workdir, node.cluster);
    const files = containerNodeTlsFiles(workdir, target, node);
    await ensureClusterCa(caDir, node.cluster);
    await ensureNodeTls(caDir, files, node.nodeAddress);
    texts.set(node.instance, {
      caCert: await readText(files.caCertFile),
      cert: await readText(files.certFile),
      key: await readText(files.keyFile),
    });
  }
  return texts;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw ioError('read an HA Raft TLS file', file, error);
  }
}
