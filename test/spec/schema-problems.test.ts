import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load-spec.js';
import { fakeGroups, problemLines, useTempDirs } from './temp-project.js';

const PORT_FIX =
  'use an integer 1..65535, best below 32768 (the ephemeral range) and away from NSO defaults like 4569 or 2022';

describe('schema problems, each at its key with a fix', () => {
  const tempDir = useTempDirs();
  const problemsOf = async (text: string) => {
    const root = await tempDir({ 'package.json': '{}', 'nso-multi.yaml': text });
    return problemLines(loadSpec({ cwd: root, lookupGroup: fakeGroups }));
  };

  it('reports every problem of the file at once, in file order', async () => {
    const text = [
      'projct: lab', // 1
      'project: "bad name"', // 2
      'workdir: ""', // 3
      'nso: { version: 6.10 }', // 4
      'layout: { base: 80, stride: 2.5 }', // 5
      'instances:', // 6
      '  - name: ok', // 7
      '    ports: { ipc: 70000, netconfSSH: 2 }', // 8
      '    ipc:', // 9
      '      address: localhost', // 10
      '      accessCheck: { mode: 0400, enabled: yes }', // 11
      '    netconf: { tcp: 1 }', // 12
      '  - name: "bad name"', // 13
      '    template: 5', // 14
      '    cli:', // 15
      '  - {}', // 16
      '',
    ].join('\n');
    expect(await problemsOf(text)).toEqual([
      'nso-multi.yaml:1:1: projct: unknown key `projct` — did you mean `project`?',
      'nso-multi.yaml:2:1: project: "bad name" contains a space — use only letters, digits, ".", "-" and "_" (it labels the project in output, leases and NSO_MULTI_PROJECT), e.g. `project: bad-name`',
      'nso-multi.yaml:3:1: workdir: must not be empty — give a folder, relative to the spec file',
      'nso-multi.yaml:4:8: nso.version: expected a string, got the number 6.1 — quote it, e.g. `version: "6.2"` (unquoted, YAML reads a number)',
      'nso-multi.yaml:5:11: layout.base: 80 is below the minimum 1024 — use an integer 1024..65535 (below 32768 keeps clear of the ephemeral range)',
      'nso-multi.yaml:5:21: layout.stride: expected an integer, got the number 2.5 — use an integer of at least 4',
      `nso-multi.yaml:8:14: instances.0.ports.ipc: 70000 is above the maximum 65535 — ${PORT_FIX}`,
      'nso-multi.yaml:8:26: instances.0.ports.netconfSSH: unknown key `netconfSSH` — did you mean `netconfSsh`?',
      'nso-multi.yaml:10:7: instances.0.ipc.address: "localhost" is not an IPv4 or IPv6 address — use 127.0.0.1 (or ::1): host names are not accepted',
      'nso-multi.yaml:11:22: instances.0.ipc.accessCheck.mode: mode is the number 400, but must be the string "0400", "0440" or "040" — quote it: `mode: "0400"` (unquoted, YAML reads a number)',
      'nso-multi.yaml:11:34: instances.0.ipc.accessCheck.enabled: expected true or false, got the string "yes" — use true or false',
      'nso-multi.yaml:12:16: instances.0.netconf.tcp: expected true or false, got the number 1 — use true or false',
      'nso-multi.yaml:13:5: instances.1.name: "bad name" contains a space — use only letters, digits, "-" and "_" (it names the run folder and the env file), e.g. `name: bad-name`',
      'nso-multi.yaml:14:5: instances.1.template: expected a string, got the number 5 — give the path of an ncs.conf template, relative to the spec file',
      'nso-multi.yaml:15:5: instances.1.cli: expected a mapping (key: value), got an empty value — give it a value, or remove the key',
      'nso-multi.yaml:16:5: instances.2.name: is required but missing — use only letters, digits, "-" and "_" (it names the run folder and the env file), e.g. `name: nso1`',
    ]);
  });

  it('asks to quote modes that YAML read as numbers, whichever was meant', async () => {
    const lines = await problemsOf(
      'instances:\n  - name: a\n    ipc: { accessCheck: { mode: 040, group: ncsadmin } }\n  - name: b\n    ipc: { accessCheck: { mode: "0600" } }\n',
    );
    expect(lines).toEqual([
      'nso-multi.yaml:3:27: instances.0.ipc.accessCheck.mode: mode is the number 40, but must be the string "0400", "0440" or "040" — quote it: `mode: "040"` (unquoted, YAML reads a number)',
      'nso-multi.yaml:5:27: instances.1.ipc.accessCheck.mode: mode "0600" is not supported — use "0400" (owner may read), "0440" (owner and group may read; needs `group`) or "040" (only the group may read; needs `group`, and root to run NSO)',
    ]);
  });

  it('reports problems inside defaults once, at their place in defaults', async () => {
    const text =
      'defaults:\n  name: x\n  ports: { ipc: "4601" }\n  netconf: { tpc: false }\ninstances: [{ name: a }, { name: b }]\n';
    expect(await problemsOf(text)).toEqual([
      'nso-multi.yaml:2:3: defaults.name: `name` cannot have a default — give each instance its own `name`',
      'nso-multi.yaml:3:12: defaults.ports.ipc: expected a number, got the string "4601" — remove the quotes: this key takes a number',
      'nso-multi.yaml:4:14: defaults.netconf.tpc: unknown key `tpc` — did you mean `tcp`?',
    ]);
  });

  it('names the known keys when no key is close', async () => {
    expect(await problemsOf('instances: [{ name: a, listeners: {} }]\n')).toEqual([
      'nso-multi.yaml:1:24: instances.0.listeners: unknown key `listeners` — remove it; known keys here: `name`, `template`, `ports`, `ipc`, `netconf`, `cli`, `webui`, `restconf`, `callHome`, `ha`, `haRaft`, `snmp`, `ssh`, `container`, `packages`, `copyPackages`, `cdbInit`, `netsim`, `dependsOn`, `lsa`',
    ]);
  });

  it('points YAML merge keys to `defaults`', async () => {
    expect(await problemsOf('instances:\n  - name: a\n    <<: { cli: { ssh: false } }\n')).toEqual([
      'nso-multi.yaml:3:5: instances.0.<<: YAML merge keys (`<<`) are not supported — put settings shared by all instances under `defaults`',
    ]);
  });

  it('reports a missing, empty or mistyped instances list', async () => {
    expect(await problemsOf('project: lab\n')).toEqual([
      'nso-multi.yaml:1:1: instances: is required but missing — add a list of instances, e.g. `instances: [{ name: nso1 }, { name: nso2 }]`',
    ]);
    expect(await problemsOf('instances: []\n')).toEqual([
      'nso-multi.yaml:1:1: instances: the list is empty — add a list of instances, e.g. `instances: [{ name: nso1 }, { name: nso2 }]`',
    ]);
    expect(await problemsOf('instances: { name: a }\n')).toEqual([
      'nso-multi.yaml:1:1: instances: expected a list, got a mapping — add a list of instances, e.g. `instances: [{ name: nso1 }, { name: nso2 }]`',
    ]);
  });

  it('reports a file that is not a mapping', async () => {
    expect(await problemsOf('- name: a\n')).toEqual([
      'nso-multi.yaml:1:1: expected a mapping (key: value), got a list — write a mapping with an `instances:` list; see instances.example.yaml',
    ]);
  });

  it('reports JSON specs with positions too', async () => {
    const root = await tempDir({
      'package.json': '{}',
      '.nso-multirc.json':
        '{\n  "instances": [{ "name": "a", "ports": { "ipc": "x" } }],\n  "layout": { "stride": 3 }\n}\n',
    });
    expect(await problemLines(loadSpec({ cwd: root, lookupGroup: fakeGroups }))).toEqual([
      `.nso-multirc.json:2:43: instances.0.ports.ipc: expected a number, got the string "x" — ${PORT_FIX}`,
      '.nso-multirc.json:3:15: layout.stride: 3 is below the minimum 4 — use an integer of at least 4',
    ]);
  });

  it('counts the problems in the error message', async () => {
    const root = await tempDir({
      'package.json': '{}',
      'nso-multi.yaml': 'instances: [{ name: a, x: 1, y: 2 }]\n',
    });
    await expect(loadSpec({ cwd: root })).rejects.toMatchObject({
      code: 'SPEC_INVALID',
      message: '2 problems in nso-multi.yaml',
      exitCode: 2,
    });
  });
});
