// The JSON document `render --json` and `plan --json` print: stable keys, absolute paths, null for disabled.
import { basename } from 'node:path';
import type { AdditionalListenerId, Plan, Ports } from '../model.js';

export interface PlanDocument {
  project: string;
  specFile: string;
  workdir: string;
  nsoVersion: string;
  instances: {
    name: string;
    runDir: string;
    ncsConf: string;
    envFile: string;
    secretFile: string | null;
    ports: Ports;
    /** The template's extra-listen / ha-primary-listen entries, each with its own port (empty: none). */
    additionalListeners: { id: AdditionalListenerId; address: string; port: number; envVar: string }[];
    /** Entries of <runDir>/packages/: `name` is the entry, `source` the package folder (absolute). */
    packages: { name: string; source: string; mode: 'link' | 'copy' }[];
    /** CDB init files (absolute) copied into <runDir>/ncs-cdb/ under their file names. */
    cdbInit: string[];
  }[];
  moves: Plan['moves'];
}

// Projects a plan onto the documented JSON shape (no env values, never a secret).
export function planDocument(plan: Plan): PlanDocument {
  return {
    project: plan.project,
    specFile: plan.specFile,
    workdir: plan.workdir,
    nsoVersion: plan.nsoVersion,
    instances: plan.instances.map((i) => ({
      name: i.name,
      runDir: i.runDir,
      ncsConf: i.ncsConf,
      envFile: i.envFile,
      secretFile: i.secretFile,
      ports: i.ports,
      additionalListeners: (i.additionalListeners ?? []).map(({ id, address, port, envVar }) => ({
        id,
        address,
        port,
        envVar,
      })),
      packages: (i.spec.packages ?? []).map((source) => ({
        name: basename(source),
        source,
        mode: i.spec.copyPackages === true ? ('copy' as const) : ('link' as const),
      })),
      cdbInit: i.spec.cdbInit ?? [],
    })),
    moves: plan.moves,
  };
}
