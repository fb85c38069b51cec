// `plan` checks env files without rendering them (checkEnvFile): it must fail and warn exactly where render does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NsoMultiError } from '../../src/errors.js';
import type { InstanceSpec, Spec } from '../../src/model.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { renderInstanceTexts } from '../../src/project/instance-texts.js';
import { checkEnvFile, renderEnvFile } from '../../src/render/env-file.js';
import { bundledTemplatePath } from '../../src/spec/bundled-template.js';

// What a call did: its result, or the code of the NsoMultiError it threw.
function outcome<T>(run: () => T): { ok: T } | { code: string } {
  try {
    return { ok: run() };
  } catch (error) {
    if (error instanceof NsoMultiError) return { code: error.code };
    throw error;
  }
}

const SPECIAL = ["'", '"', '$', '`', '\\', '\n', '\r', '\0', '\uD800', '\uDC00', 'a', '/', ' '];

describe('checkEnvFile', () => {
  it('throws where renderEnvFile throws, and names the same dotenv-unsafe keys', () => {
    const key = fc.oneof(fc.constantFrom('A', 'NCS_IPC_PORT', '_x1'), fc.constantFrom('1BAD', 'BAD-KEY', ''));
    const value = fc.oneof(
      fc.string({ unit: fc.constantFrom(...SPECIAL), maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(key, value, { maxKeys: 5 }),
        fc.array(key, { maxLength: 2 }),
        (env, unset) => {
          const rendered = outcome(() => renderEnvFile(env, ['header'], unset).dotenvUnsafe);
          const checked = outcome(() => checkEnvFile(env, unset).dotenvUnsafe);
          expect(checked).toEqual(rendered);
        },
      ),
      { numRuns: 500 },
    );
  });
});

function spec(workdir: string, names: string[], accessCheck: boolean): Spec {
  const instance = (name: string): InstanceSpec => ({
    name,
    template: bundledTemplatePath(),
    ports: {},
    ipc: { address: '127.0.0.1', accessCheck: { enabled: accessCheck, mode: '0400' } },
    netconf: { ssh: true, tcp: false, address: '127.0.0.1' },
    cli: { ssh: true, address: '127.0.0.1' },
  });
  return {
    file: '/proj/nso-multi.yaml',
    dir: '/proj',
    project: 'lab',
    workdir,
    envDir: '/proj',
    nso: {},
    ncs: {},
    layout: { base: 20000, stride: 10 },
    instances: names.map(instance),
  };
}

function planFor(workdir: string, names: string[], accessCheck = true) {
  const ports = Object.fromEntries(
    names.map((name, i) => [
      name,
      { ipc: 20010 + i * 10, netconfSsh: 20011 + i * 10, cliSsh: 20013 + i * 10 },
    ]),
  );
  return buildPlan(spec(workdir, names, accessCheck), ports, [], '6.2');
}

describe('renderInstanceTexts with checkOnly (plan)', () => {
  it('gives the same dotenv warnings as a full render, for every instance, and renders no env text', async () => {
    const plan = planFor("/proj/it's $work", ['a', 'b', 'c']);
    const full = await renderInstanceTexts(plan);
    const checked = await renderInstanceTexts(plan, { checkOnly: true });
    expect(full.notices.length).toBeGreaterThan(0);
    expect(checked.notices).toEqual(full.notices);
    expect([...checked.files.values()].map((f) => f.envFile)).toEqual(['', '', '']);
  });

  it('fails like a full render on a value no env file can hold', async () => {
    // Without the access check no path reaches ncs.conf, so only the env check can find the NUL.
    const plan = planFor('/proj/nul\0here', ['a'], false);
    await expect(renderInstanceTexts(plan)).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(renderInstanceTexts(plan, { checkOnly: true })).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
