// After a bind failure (exit 20): allocate one instance's ports again, trusting every other instance's ports,
// rewrite its files and its state entry. Ports taken meanwhile move; pinned ones fail loudly.

import type { Spec } from '../model.js';
import type { Notice } from '../notice.js';
import { instanceState } from '../state/state-document.js';
import type { StateStore } from '../state/state-store.js';
import { renderInstanceTexts } from './instance-texts.js';
import { preparePlan } from './prepare-plan.js';
import { writeInstance } from './write-instance.js';

// Re-plans `name`; resolves with the notices about ports that moved. `env` names the NSO installation (NCS_DIR)
// whose snmp_init.xml the instance's is made from, as in render.
export async function replanInstance(
  spec: Spec,
  name: string,
  nsoVersion: string,
  store: StateStore,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Notice[]> {
  const others = new Set(spec.instances.map((i) => i.name).filter((n) => n !== name));
  const prepared = await preparePlan({ spec, running: others, nsoVersion, lease: true });
  const instance = prepared.plan.instances.find((i) => i.name === name);
  if (instance === undefined) throw new Error(`internal: instance ${name} vanished from the plan`);
  const texts = await renderInstanceTexts(prepared.plan, {
    snmpInstall: { env, ncsCommand: spec.ncs.command },
  });
  await writeInstance(instance, texts.files.get(name)!);
  await store.update((state) => {
    const { runtime, contents } = state.instances[name] ?? {};
    state.instances[name] = {
      ...instanceState(instance, new Date().toISOString()),
      ...(runtime ? { runtime } : {}),
      ...(contents ? { contents } : {}),
    };
  });
  return prepared.notices.filter((n) => n.instance === name);
}
