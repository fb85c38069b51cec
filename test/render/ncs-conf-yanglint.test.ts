import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NcsConfInput } from '../../src/render/ncs-conf.js';
import { renderNcsConf } from '../../src/render/ncs-conf.js';
import { instanceInput } from './ncs-conf-input.js';
import { elementsAt } from './xml-read.js';
import { yanglint, yanglintSkipReason } from './yanglint.js';

const TEMPLATE = readFileSync(new URL('../../templates/ncs.conf.xml', import.meta.url), 'utf8');
const MINIMAL =
  '<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">\n  <state-dir>./state</state-dir>\n</ncs-config>\n';
const skipReason = yanglintSkipReason();
const off = { enabled: false, address: '127.0.0.1', port: null };

const variants: [string, NcsConfInput][] = [
  ['every listener on, access check on', instanceInput()],
  [
    'IPv6 loopback everywhere',
    instanceInput({
      ipc: { address: '::1', port: 20020 },
      netconfSsh: { enabled: true, address: '::1', port: 20021 },
      netconfTcp: { enabled: true, address: '::1', port: 20022 },
      cliSsh: { enabled: true, address: '::1', port: 20023 },
    }),
  ],
  [
    'every listener off, access check off',
    instanceInput({
      accessCheck: { enabled: false, filename: '' },
      netconfSsh: off,
      netconfTcp: off,
      cliSsh: off,
    }),
  ],
  [
    'a hostile secret path',
    instanceInput({ accessCheck: { enabled: true, filename: `/tmp/a&b<c>"d'e ]]> 😀/s` } }),
  ],
];

describe.skipIf(skipReason !== null)(
  `ncs.conf validates against NSO's schema${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('the bundled template', () => {
      const result = yanglint(TEMPLATE);
      expect(result.output).not.toMatch(/err/i);
      expect(result.ok).toBe(true);
    });

    it.each(variants)('the template rendered with %s', (_what, input) => {
      const result = yanglint(renderNcsConf(TEMPLATE, input));
      expect(result.ok, result.output).toBe(true);
    });

    it.each(variants)('a minimal template completed with %s', (_what, input) => {
      const result = yanglint(renderNcsConf(MINIMAL, input));
      expect(result.ok, result.output).toBe(true);
    });

    it("localIpc 'disable': valid once ncs-local-ipc (absent from the 6.2 schema) is taken out", () => {
      const omitted = renderNcsConf(TEMPLATE, instanceInput({ localIpc: 'omit' }));
      const disabled = renderNcsConf(TEMPLATE, instanceInput({ localIpc: 'disable' }));
      const block = '  <ncs-local-ipc>\n    <enabled>false</enabled>\n  </ncs-local-ipc>\n';
      expect(disabled.replace(block, '')).toBe(omitted);
      expect(yanglint(omitted).ok).toBe(true);
      // The element itself: exactly one, holding only enabled=false (6.4+ schema: container with enabled, path).
      const [local, ...more] = elementsAt(disabled, 'ncs-local-ipc');
      expect(more).toHaveLength(0);
      expect(elementsAt(disabled, 'ncs-local-ipc/enabled').map((e) => e.textContent)).toEqual(['false']);
      expect(local?.textContent?.trim()).toBe('false');
      // And the 6.2 schema indeed rejects it, which is why 'omit' exists.
      expect(yanglint(disabled).ok).toBe(false);
    });

    it('rejects a broken file: a port that is not a number', () => {
      const result = yanglint(TEMPLATE.replace('<port>2024</port>', '<port>x</port>'));
      expect(result.ok).toBe(false);
      expect(result.output).toContain('uint16');
    });

    it('rejects a rendered file with an address that is not an IP address', () => {
      const result = yanglint(
        renderNcsConf(TEMPLATE, instanceInput({ ipc: { address: 'localhost', port: 20010 } })),
      );
      expect(result.ok).toBe(false);
      expect(result.output).toContain('ncs-ipc-address/ip');
    });
  },
);
