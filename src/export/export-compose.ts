// `export compose`: renders, then writes a docker compose project (compose.yaml, each instance's container
// ncs.conf and a 0400 copy of its IPC secret) into one folder, all files or none.
import { dirname, join, resolve } from 'node:path';
import { createFileBatch } from '../host/file-batch.js';
import type { Plan } from '../model.js';
import type { Notice } from '../notice.js';
import type { RenderOptions } from '../project/render.js';
import { COMPOSE_FILE_NAME, composeFileText } from './compose-file.js';
import { composeClusters } from './compose-ha-raft.js';
import { COMPOSE_TARGET, composeInstanceFiles } from './compose-names.js';
import { containerInstances } from './container-instances.js';

export interface ExportComposeOptions extends RenderOptions {
  /** The folder to write into, relative to `cwd`; default `<workdir>/export/compose`. */
  out?: string;
}

export interface ExportComposeResult {
  plan: Plan;
  /** The folder written, absolute, and the compose file in it. */
  outDir: string;
  composeFile: string;
  /** Every file written, absolute. */
  files: string[];
  /** Each HA Raft cluster and the service that forms it. */
  clusters: { name: string; service: string }[];
  notices: Notice[];
}

/** The secret copies (IPC secret, HA Raft keys) are readable by their owner only, like render's. */
const SECRET_COPY_MODE = 0o400;
const CONF_MODE = 0o644;

// Writes the compose project of the spec; the env files render wrote work against it unchanged.
export async function exportCompose(options: ExportComposeOptions = {}): Promise<ExportComposeResult> {
  const cwd = options.cwd ?? process.cwd();
  const { plan, instances, notices } = await containerInstances({ ...options, cwd }, COMPOSE_TARGET);
  const outDir =
    options.out === undefined ? join(plan.workdir, 'export', 'compose') : resolve(cwd, options.out);
  const files: { path: string; text: string; mode: number }[] = [];
  for (const instance of instances) {
    const names = composeInstanceFiles(instance.name);
    files.push({ path: join(outDir, names.ncsConf), text: instance.ncsConf, mode: CONF_MODE });
    files.push({ path: join(outDir, names.secret), text: instance.secret.text, mode: SECRET_COPY_MODE });
    const tls = instance.haRaft?.tls;
    if (tls !== undefined) {
      files.push({ path: join(outDir, names.haRaft.caCert), text: tls.caCert, mode: CONF_MODE });
      files.push({ path: join(outDir, names.haRaft.cert), text: tls.cert, mode: CONF_MODE });
      files.push({ path: join(outDir, names.haRaft.key), text: tls.key, mode: SECRET_COPY_MODE });
    }
  }
  const clusters = composeClusters(instances);
  for (const cluster of clusters) {
    files.push({ path: join(outDir, cluster.script), text: cluster.scriptText, mode: CONF_MODE });
  }
  const composeFile = join(outDir, COMPOSE_FILE_NAME);
  files.push({ path: composeFile, text: composeFileText(instances, plan.project), mode: CONF_MODE });
  const batch = createFileBatch();
  try {
    for (const instance of instances) {
      await batch.ensureDir(join(outDir, instance.name));
      if (instance.haRaft !== undefined) await batch.ensureDir(join(outDir, instance.name, 'ha-raft'));
    }
    for (const cluster of clusters) await batch.ensureDir(dirname(join(outDir, cluster.script)));
    for (const file of files) await batch.stage(file.path, file.text, { mode: file.mode });
    await batch.commit();
  } finally {
    await batch.abort();
  }
  return {
    plan,
    outDir,
    composeFile,
    files: files.map((f) => f.path),
    clusters: clusters.map((c) => ({ name: c.cluster.name, service: c.service })),
    notices,
  };
}
