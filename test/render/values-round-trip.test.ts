// Every value of the spec that reaches ncs.conf or an env file goes through the real pipeline (spec → plan →
// texts) with random content and is read back the way its consumers read it: ncs.conf by two XML parsers
// (xmldom and Python's expat), env files by bash, dash and dotenv. Nothing may come back changed; a value
// a format cannot carry must be refused with a usage error, never written wrong.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dotenv from 'dotenv';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NsoMultiError } from '../../src/errors.js';
import type { InstanceSpec, Plan, Spec } from '../../src/model.js';
import type { ListenerKey } from '../../src/nso/listeners.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { envFileText, ncsConfText } from '../../src/project/instance-texts.js';
import { dotenvCanCarry } from '../../src/render/dotenv-quote.js';
import { SHELLS, shellSkipReason, sourceAndRead } from './shell-read.js';
import { leavesAt } from './xml-read.js';

const BUNDLED = readFileSync(new URL('../../templates/ncs.conf.xml', import.meta.url), 'utf8');
const MINIMAL = '<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config"/>\n';

// Characters that trip up XML, shells, dotenv or NSO's ${VAR} expansion, plus ones XML cannot carry at all.
const HOSTILE = [
  ...'<>&"\'$`\\#=;{}*?[]~!% \t\n\r',
  ']]>',
  '${',
  '&amp;',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u2028',
  '\uFFFE',
  'é',
  '😀',
];

const segment = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => parts.join('').replaceAll('/', '_').replaceAll('\0', '_'))
  .filter((s) => s !== '.' && s !== '..');

const folder = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join('/')}`);
const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,10}$/);
const address = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('127.0.0.1', '::1', '0.0.0.0', '::'));

const instanceSpec = fc.record({
  ipc: fc.record({
    address,
    accessCheck: fc.record({ enabled: fc.boolean(), mode: fc.constant('0400' as const) }),
  }),
  netconf: fc.record({ ssh: fc.boolean(), tcp: fc.boolean(), address }),
  cli: fc.record({ ssh: fc.boolean(), address }),
});

const caseArb = fc.record({
  project: name,
  workdir: folder,
  envDir: folder,
  template: fc.constantFrom(BUNDLED, MINIMAL),
  nsoVersion: fc.constantFrom('6.2', '6.4'),
  instances: fc.uniqueArray(fc.tuple(name, instanceSpec), {
    minLength: 1,
    maxLength: 3,
    selector: (t) => t[0],
  }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function planOf(c: Case): Plan {
  const instances: InstanceSpec[] = c.instances.map(([n, i]) => ({
    name: n,
    template: 'tpl',
    ports: {},
    ...i,
  }));
  const spec: Spec = {
    file: '/spec/nso-multi.yaml',
    dir: '/spec',
    project: c.project,
    workdir: c.workdir,
    envDir: c.envDir,
    nso: {},
    ncs: {},
    layout: { base: 20000, stride: 10 },
    instances,
  };
  const assigned: Record<string, Partial<Record<ListenerKey, number>>> = {};
  instances.forEach((i, n) => {
    const base = 20000 + (n + 1) * 10;
    assigned[i.name] = {
      ipc: base,
      ...(i.netconf.ssh ? { netconfSsh: base + 1 } : {}),
      ...(i.netconf.tcp ? { netconfTcp: base + 2 } : {}),
      ...(i.cli.ssh ? { cliSsh: base + 3 } : {}),
    };
  });
  return buildPlan(spec, assigned, [], c.nsoVersion);
}

/** What the rendered ncs.conf must hold for one instance, leaf path → text. */
function expectedLeaves(plan: Plan, index: number): Record<string, string> {
  const instance = plan.instances[index]!;
  const { spec, ports } = instance;
  const leaves: Record<string, string> = {
    'ncs-ipc-address/ip': spec.ipc.address,
    'ncs-ipc-address/port': String(ports.ipc),
  };
  if (instance.secretFile !== null) leaves['ncs-ipc-access-check/filename'] = instance.secretFile;
  const listeners = [
    ['netconf-north-bound/transport/ssh', spec.netconf.ssh, spec.netconf.address, ports.netconfSsh],
    ['netconf-north-bound/transport/tcp', spec.netconf.tcp, spec.netconf.address, ports.netconfTcp],
    ['cli/ssh', spec.cli.ssh, spec.cli.address, ports.cliSsh],
  ] as const;
  for (const [path, on, ip, port] of listeners) {
    leaves[`${path}/enabled`] = String(on);
    if (on) {
      leaves[`${path}/ip`] = ip;
      leaves[`${path}/port`] = String(port);
    }
  }
  return leaves;
}

// XML 1.0 Char, no NSO variable reference and no U+FFFD (which XML readers flag as an encoding error): what
// renderNcsConf must accept and write exactly.
const xmlCarries = (value: string) =>
  !/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFC\u{10000}-\u{10FFFF}]/u.test(value) && !value.includes('${');

/** The ncs.conf text of each instance, or the usage error when a value cannot be carried. */
function renderConfs(plan: Plan, template: string): (string | NsoMultiError)[] {
  return plan.instances.map((instance) => {
    try {
      return ncsConfText(plan, instance, template);
    } catch (error) {
      if (error instanceof NsoMultiError) return error;
      throw error;
    }
  });
}

let dir = '';
let count = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nso-multi-round-trip-'));
});
afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

function writeTemp(text: string, suffix: string): string {
  count += 1;
  const file = join(dir, `${count}${suffix}`);
  writeFileSync(file, text);
  return file;
}

describe('ncs.conf: every value reads back exactly, or is refused', () => {
  it('through xmldom, for random paths and addresses (property)', () => {
    let carriedCount = 0;
    let refusedCount = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const plan = planOf(c);
        renderConfs(plan, c.template).forEach((conf, i) => {
          const expected = expectedLeaves(plan, i);
          const carried = Object.values(expected).every(xmlCarries);
          if (!carried) {
            expect(conf).toBeInstanceOf(NsoMultiError);
            expect((conf as NsoMultiError).code).toBe('USAGE');
            refusedCount += 1;
            return;
          }
          if (conf instanceof NsoMultiError) throw conf;
          // Through the bytes a file holds, then a strict parse.
          const reread = Buffer.from(conf, 'utf8').toString('utf8');
          expect(leavesAt(reread, Object.keys(expected))).toEqual(expected);
          carriedCount += 1;
        });
      }),
      { numRuns: 200 },
    );
    // Both outcomes must really be exercised, or the property proves little.
    expect(carriedCount).toBeGreaterThan(50);
    expect(refusedCount).toBeGreaterThan(20);
  });

  const python = spawnSync('python3', ['-c', 'import xml.etree.ElementTree'], { encoding: 'utf8' });
  const noPython = python.status === 0 ? null : 'python3 with xml.etree is not installed';

  it.skipIf(noPython !== null)(
    `through Python's expat parser, an independent reader (sampled)${noPython ? ` (skipped: ${noPython})` : ''}`,
    () => {
      const checks: { file: string; expected: Record<string, string> }[] = [];
      for (const c of fc.sample(caseArb, { numRuns: 150, seed: 7 })) {
        const plan = planOf(c);
        renderConfs(plan, c.template).forEach((conf, i) => {
          if (typeof conf === 'string')
            checks.push({ file: writeTemp(conf, '.xml'), expected: expectedLeaves(plan, i) });
        });
      }
      expect(checks.length).toBeGreaterThan(20);
      const script = [
        'import json, sys, xml.etree.ElementTree as ET',
        'NS = "{http://tail-f.com/yang/tailf-ncs-config}"',
        'out = []',
        'for case in json.load(sys.stdin):',
        '    root = ET.parse(case["file"]).getroot()',
        '    got = {}',
        '    for path in case["paths"]:',
        '        el = root.find("/".join(NS + p for p in path.split("/")))',
        '        got[path] = None if el is None else (el.text or "")',
        '    out.append(got)',
        'json.dump(out, sys.stdout)',
      ].join('\n');
      const input = JSON.stringify(checks.map((c) => ({ file: c.file, paths: Object.keys(c.expected) })));
      const run = spawnSync('python3', ['-c', script], {
        input,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(run.stderr).toBe('');
      const results = JSON.parse(run.stdout) as Record<string, string | null>[];
      for (const [i, got] of results.entries()) expect(got, checks[i]!.file).toEqual(checks[i]!.expected);
    },
  );
});

describe.each(SHELLS.filter((s) => s !== 'zsh'))('env files: %s reads every value back exactly', (shell) => {
  const reason = shellSkipReason(shell);
  it.skipIf(reason !== null)(
    `for random paths and names (property)${reason ? ` (skipped: ${reason})` : ''}`,
    () => {
      fc.assert(
        fc.property(caseArb, (c) => {
          const plan = planOf(c);
          const files = plan.instances.map((instance) => writeTemp(envFileText(plan, instance).text, '.env'));
          plan.instances.forEach((instance, i) => {
            const names = Object.keys(instance.env);
            expect(sourceAndRead(shell, files[i]!, names)).toEqual(Object.values(instance.env));
          });
        }),
        { numRuns: 40 },
      );
    },
  );
});

describe('env files: dotenv reads back every value it can carry, and the render warns about the others', () => {
  it('for random paths and names (property)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const plan = planOf(c);
        for (const instance of plan.instances) {
          const { text, notices } = envFileText(plan, instance);
          const parsed = [dotenv.parse(text), dotenv.parse(text, { fast: true })];
          for (const [key, value] of Object.entries(instance.env)) {
            if (dotenvCanCarry(value)) for (const read of parsed) expect(read[key], key).toBe(value);
            else expect(notices.some((n) => n.message.includes(` ${key} `))).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
