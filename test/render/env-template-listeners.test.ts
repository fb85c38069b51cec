import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceSpec } from '../../src/model.js';
import { TEMPLATE_LISTENER_KEYS, type TemplateListenerKey } from '../../src/nso/listeners.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { settleTemplateListenerChoices } from '../../src/plan/template-listeners.js';
import { renderEnvFile } from '../../src/render/env-file.js';
import { IPC_WITHOUT_CHECK, instanceSpec, projectSpec } from '../helpers/instance-spec.js';

const NONE = Object.fromEntries(TEMPLATE_LISTENER_KEYS.map((key) => [key, false])) as Record<
  TemplateListenerKey,
  boolean
>;
const VARS = [
  'NSO_MULTI_WEBUI_TCP_PORT',
  'NSO_MULTI_WEBUI_SSL_PORT',
  'NSO_MULTI_RESTCONF_TCP_PORT',
  'NSO_MULTI_RESTCONF_SSL_PORT',
  'NSO_MULTI_HA_PORT',
  'NSO_MULTI_CALL_HOME_PORT',
];

function instance(name: string, template: Partial<typeof NONE>): InstanceSpec {
  return settleTemplateListenerChoices(instanceSpec({ name, ipc: IPC_WITHOUT_CHECK }), {
    ...NONE,
    ...template,
  });
}

const spec = (dir: string, instances: InstanceSpec[]) =>
  projectSpec(instances, { dir, project: 'p', workdir: join(dir, 'w'), layout: { base: 17000, stride: 10 } });

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('env files with the template listeners', () => {
  it.each(['bash', 'dash'])('%s: exports the enabled ones and drops those another env file left', (shell) => {
    dir = mkdtempSync(join(tmpdir(), 'nso-multi-env-template-listeners-'));
    const all = instance('all', {
      webuiTcp: true,
      webuiSsl: true,
      restconfTcp: true,
      restconfSsl: true,
      ha: true,
      callHome: true,
    });
    const few = instance('few', { webuiTcp: true });
    const base = { ipc: 17010, netconfSsh: 17011, cliSsh: 17013 };
    const plan = buildPlan(
      spec(dir, [all, few]),
      {
        all: {
          ...base,
          webuiTcp: 17014,
          webuiSsl: 17015,
          restconfTcp: 17017,
          restconfSsl: 17018,
          ha: 17019,
          callHome: 17040,
        },
        few: { ipc: 17020, netconfSsh: 17021, cliSsh: 17023, webuiTcp: 17024 },
      },
      [],
      '6.2',
    );
    for (const i of plan.instances) writeFileSync(i.envFile, renderEnvFile(i.env, [], i.unset).text);
    const [first, second] = plan.instances;
    const show = VARS.map((v) => `echo "${v}=\${${v}-unset}"`).join('; ');
    const sourced = (files: string[]) =>
      execFileSync(shell, ['-c', `${files.map((f) => `. ${f}`).join('; ')}; ${show}`], { encoding: 'utf8' });
    expect(sourced([first!.envFile])).toBe(
      'NSO_MULTI_WEBUI_TCP_PORT=17014\nNSO_MULTI_WEBUI_SSL_PORT=17015\nNSO_MULTI_RESTCONF_TCP_PORT=17017\n' +
        'NSO_MULTI_RESTCONF_SSL_PORT=17018\nNSO_MULTI_HA_PORT=17019\nNSO_MULTI_CALL_HOME_PORT=17040\n',
    );
    expect(sourced([first!.envFile, second!.envFile])).toBe(
      'NSO_MULTI_WEBUI_TCP_PORT=17024\nNSO_MULTI_WEBUI_SSL_PORT=unset\nNSO_MULTI_RESTCONF_TCP_PORT=unset\n' +
        'NSO_MULTI_RESTCONF_SSL_PORT=unset\nNSO_MULTI_HA_PORT=unset\nNSO_MULTI_CALL_HOME_PORT=unset\n',
    );
  });
});
