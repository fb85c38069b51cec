import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledTemplatePath } from '../../src/spec/bundled-template.js';
import { instanceSchema } from '../../src/spec/instance-schema.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { runRules } from '../../src/spec/rules/index.js';
import type { RuleContext } from '../../src/spec/rules/rule.js';
import { giveToUser, runCliAs, testUser } from '../helpers/test-user.js';
import { fakeGroups, problemLines, useTempDirs } from './temp-project.js';

const TWICE_FIX = 'pin a different port, or remove the pin to get a generated one';

describe('semantic rules, each problem at the offending key', () => {
  const tempDir = useTempDirs();
  const problemsOf = async (text: string, files: Record<string, string> = {}) => {
    const root = await tempDir({ 'package.json': '{}', 'nso-multi.yaml': text, ...files });
    const runsAsRoot = () => true;
    return { root, lines: await problemLines(loadSpec({ cwd: root, lookupGroup: fakeGroups, runsAsRoot })) };
  };

  it('reports duplicate names at the second one, also when only the case differs', async () => {
    const { lines } = await problemsOf('instances:\n  - name: a\n  - name: b\n  - name: a\n  - name: B\n');
    expect(lines).toEqual([
      'nso-multi.yaml:4:5: instances.2.name: instance name `a` is already used by instances.0 — give every instance a different name',
      'nso-multi.yaml:5:5: instances.3.name: instance name `B` differs from `b` (instances.1) only in case; their files would collide on case-insensitive file systems — give every instance a different name',
    ]);
  });

  it('reports a port pinned twice, across instances and within one', async () => {
    const text = [
      'instances:',
      '  - name: a',
      '    ports: { ipc: 21001, cliSsh: 21001 }',
      '  - name: b',
      '    ports:',
      '      netconfSsh: 21001',
      '',
    ].join('\n');
    expect((await problemsOf(text)).lines).toEqual([
      `nso-multi.yaml:3:26: instances.0.ports.cliSsh: port 21001 is already pinned at instances.0.ports.ipc — ${TWICE_FIX}`,
      `nso-multi.yaml:6:7: instances.1.ports.netconfSsh: port 21001 is already pinned at instances.0.ports.ipc — ${TWICE_FIX}`,
    ]);
  });

  it('reports a port pinned in defaults once, at defaults', async () => {
    const text =
      'defaults:\n  ports: { cliSsh: 21003 }\ninstances: [{ name: a }, { name: b }, { name: c }]\n';
    expect((await problemsOf(text)).lines).toEqual([
      'nso-multi.yaml:2:12: defaults.ports.cliSsh: port 21003 is pinned in `defaults`, so 3 instances would all use it — pin it on a single instance instead',
    ]);
  });

  it('reports a pinned port whose listener is switched off', async () => {
    const text = [
      'defaults:',
      '  netconf: { tcp: false }',
      'instances:',
      '  - name: a',
      '    ports: { netconfTcp: 21002, ipc: 21001 }',
      '  - name: b',
      '    ports: { cliSsh: 21013, netconfSsh: 21011 }',
      '    cli: { ssh: false }',
      '    netconf: { ssh: false, tcp: true }',
      '',
    ].join('\n');
    expect((await problemsOf(text)).lines).toEqual([
      'nso-multi.yaml:5:14: instances.0.ports.netconfTcp: a port is pinned for netconfTcp, but `netconf.tcp` is false — remove ports.netconfTcp, or set `netconf.tcp: true`',
      'nso-multi.yaml:7:14: instances.1.ports.cliSsh: a port is pinned for cliSsh, but `cli.ssh` is false — remove ports.cliSsh, or set `cli.ssh: true`',
      'nso-multi.yaml:7:29: instances.1.ports.netconfSsh: a port is pinned for netconfSsh, but `netconf.ssh` is false — remove ports.netconfSsh, or set `netconf.ssh: true`',
    ]);
  });

  it('reports mode "040" without a group at the mode, once when it comes from defaults', async () => {
    const text = [
      'defaults:',
      '  ipc: { accessCheck: { mode: "040" } }',
      'instances:',
      '  - name: a',
      '  - name: b',
      '  - name: c',
      '    ipc: { accessCheck: { group: ncsadmin } }',
      '  - name: d',
      '    ipc: { accessCheck: { enabled: false } }',
      '',
    ].join('\n');
    expect((await problemsOf(text)).lines).toEqual([
      'nso-multi.yaml:2:25: defaults.ipc.accessCheck.mode: mode "040" lets a group read the secret, but no `group` is given — add `group: <name or gid>` beside `mode`, or use mode "0400"',
    ]);
  });

  it('reports mode "040" when NSO would not run as root, and accepts "0440" with a group', async () => {
    const root = await tempDir({
      'package.json': '{}',
      'nso-multi.yaml': [
        'instances:',
        '  - name: a',
        '    ipc: { accessCheck: { mode: "040", group: 4242 } }',
        '  - name: b',
        '    ipc: { accessCheck: { mode: "0440", group: 4242 } }',
        '  - name: c',
        '    ipc: { accessCheck: { mode: "0440" } }',
        '',
      ].join('\n'),
    });
    const load = (runsAsRoot: boolean) =>
      problemLines(loadSpec({ cwd: root, lookupGroup: fakeGroups, runsAsRoot: () => runsAsRoot }));
    const noGroup =
      'nso-multi.yaml:7:27: instances.2.ipc.accessCheck.mode: mode "0440" lets a group read the secret, but no `group` is given — add `group: <name or gid>` beside `mode`, or use mode "0400"';
    expect(await load(true)).toEqual([noGroup]);
    expect(await load(false)).toEqual([
      'nso-multi.yaml:3:27: instances.0.ipc.accessCheck.mode: mode "040" leaves the secret unreadable to its owner, and its owner is you, who run NSO: NSO could not read it (the owner gets the owner bits only, group member or not) — use mode "0440" (you and the group read it), or "0400" when only you connect; "040" works only when root renders and runs NSO',
      noGroup,
    ]);
  });

  it('reports an unknown group at the group, by name or gid', async () => {
    const text = [
      'instances:',
      '  - name: a',
      '    ipc: { accessCheck: { mode: "040", group: nosuchgroup } }',
      '  - name: b',
      '    ipc: { accessCheck: { mode: "040", group: 99999 } }',
      '  - name: c',
      '    ipc: { accessCheck: { mode: "040", group: 4242 } }',
      '',
    ].join('\n');
    const fix = 'use an existing group (see `getent group`), or create it with `groupadd`';
    expect((await problemsOf(text)).lines).toEqual([
      `nso-multi.yaml:3:40: instances.0.ipc.accessCheck.group: group "nosuchgroup" does not exist on this host — ${fix}`,
      `nso-multi.yaml:5:40: instances.1.ipc.accessCheck.group: group 99999 does not exist on this host — ${fix}`,
    ]);
  });

  it('reports a layout that runs past port 65535 at the key the user wrote', async () => {
    const text = 'layout: { base: 65000, stride: 200 }\ninstances: [{ name: a }, { name: b }]\n';
    expect((await problemsOf(text)).lines).toEqual([
      'nso-multi.yaml:1:24: layout.stride: 2 instances need ports up to 65599 (base 65000 + 3 × stride 200 − 1), above 65535 — lower layout.base or layout.stride',
    ]);
    // 65500 + 3 × 10 − 1 = 65529 fits; with 4 instances, 65549 does not.
    const fits = await tempDir({
      'package.json': '{}',
      'nso-multi.yaml': 'layout: { base: 65500 }\ninstances: [{ name: a }, { name: b }]\n',
    });
    await expect(loadSpec({ cwd: fits, lookupGroup: fakeGroups })).resolves.toBeDefined();
    const names = Array.from({ length: 4 }, (_, i) => `{ name: n${i} }`).join(', ');
    expect((await problemsOf(`layout: { base: 65500 }\ninstances: [${names}]\n`)).lines).toEqual([
      'nso-multi.yaml:1:11: layout.base: 4 instances need ports up to 65549 (base 65500 + 5 × stride 10 − 1), above 65535 — lower layout.base or layout.stride',
    ]);
  });

  it('reports a template that is missing or is a folder, at the template key', async () => {
    const text = [
      'defaults:',
      '  template: ./nope.xml',
      'instances:',
      '  - name: a',
      '  - name: b',
      '  - name: c',
      '    template: conf',
      '  - name: d',
      '    template: ok.xml',
      '',
    ].join('\n');
    const { root, lines } = await problemsOf(text, {
      'conf/keep': '',
      'ok.xml': '<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config"/>',
    });
    const fix = "fix the path (it is relative to the spec's folder)";
    expect(lines).toEqual([
      `nso-multi.yaml:2:3: defaults.template: template ${join(root, 'nope.xml')} does not exist — ${fix}`,
      `nso-multi.yaml:7:5: instances.2.template: template ${join(root, 'conf')} is a folder, not a file — ${fix}`,
    ]);
  });

  // Root reads anything: as root, the CLI runs as the suite's ordinary test user, who owns the project.
  const user = testUser();
  it.skipIf(process.geteuid?.() === 0 && user === undefined)(
    'reports a template that cannot be read',
    async () => {
      const root = await tempDir({
        'package.json': '{}',
        'nso-multi.yaml': 'instances: [{ name: a, template: t.xml }]\n',
        't.xml': '',
      });
      await chmod(join(root, 't.xml'), 0o000);
      const line = `nso-multi.yaml:1:24: instances.0.template: template ${join(root, 't.xml')} is not readable — fix the path (it is relative to the spec's folder)`;
      if (user === undefined) {
        expect(await problemLines(loadSpec({ cwd: root, lookupGroup: fakeGroups }))).toEqual([line]);
        return;
      }
      await giveToUser(user, root);
      const result = await runCliAs(user, ['plan'], root, { NSO_MULTI_LEASE_DIR: join(root, 'leases') });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`nso-multi: 1 problem in nso-multi.yaml\n  ${line}\n`);
    },
  );

  it('still runs the rules on the valid instances when one instance is invalid', async () => {
    const text = 'instances:\n  - name: a\n  - name: b\n    portz: {}\n  - name: a\n';
    expect((await problemsOf(text)).lines).toEqual([
      'nso-multi.yaml:4:5: instances.1.portz: unknown key `portz` — did you mean `ports`?',
      'nso-multi.yaml:5:5: instances.2.name: instance name `a` is already used by instances.0 — give every instance a different name',
    ]);
  });
});

describe('runRules', () => {
  it('reports the bundled template once, without a key, when it is missing', async () => {
    // Every default applied by the schema itself, so the literal never lags behind new keys.
    const settings = instanceSchema.parse({ name: 'a' });
    const view = (index: number) => ({
      index,
      settings: { ...settings, name: `n${index}` },
      template: bundledTemplatePath(),
      origin: () => ['instances', index],
    });
    const context: RuleContext = {
      instances: [view(0), view(1)],
      instanceCount: 2,
      rawNames: ['n0', 'n1'],
      layout: { base: 20000, stride: 10 },
      rawLayout: undefined,
      folders: [],
      bundledTemplate: bundledTemplatePath(),
      allowInsecureIpc: false,
      checks: { groupExists: async () => true, templateProblem: async () => 'does not exist' },
    };
    expect(await runRules(context)).toEqual([
      {
        path: [],
        message: `the ncs.conf template bundled with nso-multi (${bundledTemplatePath()}) does not exist`,
        fix: 'reinstall nso-multi, or set `template` under `defaults`',
      },
    ]);
  });
});
