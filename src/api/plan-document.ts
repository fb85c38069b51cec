// The JSON document `render --json` and `plan --json` print: stable keys, absolute paths, null for disabled.
import type { Plan, Ports } from '../model.js';

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
    })),
    moves: plan.moves,
  };
}
