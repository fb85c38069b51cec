// `render`: plan, then write every instance's run dir, secret, ncs.conf and env file, then the state file.
import type { Plan } from '../model.js';
import { nextState } from '../state/state-document.js';
import { writeState } from '../state/state-file.js';
import { renderInstanceTexts } from './instance-texts.js';
import type { Notice } from './notice.js';
import { type PlanOptions, type PrepareOptions, preparePlan } from './prepare-plan.js';
import { writeInstance } from './write-instance.js';

export interface RenderResult {
  plan: Plan;
  notices: Notice[];
}

// Plans without writing anything: what `render` would produce, with the ports it would assign.
export async function plan(options: PlanOptions = {}): Promise<RenderResult> {
  const prepared = await preparePlan(options);
  const { notices } = await renderInstanceTexts(prepared.plan, { checkOnly: true });
  return { plan: prepared.plan, notices: [...prepared.notices, ...notices] };
}

// Writes every instance's files and records the assignment so the next run gives the same ports.
export async function render(options: PrepareOptions = {}): Promise<RenderResult> {
  const prepared = await preparePlan({ ...options, lease: true });
  const texts = await renderInstanceTexts(prepared.plan);
  const notices = [...prepared.notices, ...texts.notices];
  for (const instance of prepared.plan.instances) {
    notices.push(...(await writeInstance(instance, texts.files.get(instance.name)!)));
  }
  await writeState(
    prepared.plan.stateFile,
    nextState(prepared.state, prepared.plan, prepared.specHash, new Date()),
  );
  return { plan: prepared.plan, notices };
}
