import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/thrown.js';
import { checkNamespace, dnsBaseName, instanceNames, labelValue, portNames } from './k8s-names.js';

describe('Kubernetes names', () => {
  it('maps instance names to DNS-1035 labels deterministically', () => {
    expect(dnsBaseName('nso1')).toBe('nso1');
    expect(dnsBaseName('Core__Node_')).toBe('core-node');
    expect(dnsBaseName('-9lives')).toBe('nso-9lives');
    expect(dnsBaseName('___')).toBe('nso');
    const long = dnsBaseName('X'.repeat(63));
    expect(long).toMatch(/^x{43}-[0-9a-f]{8}$/);
    expect(dnsBaseName('X'.repeat(63))).toBe(long);
  });

  it('keeps valid label values and trims the others', () => {
    expect(labelValue('my.lab_1')).toBe('my.lab_1');
    expect(labelValue('-lab_')).toBe('lab');
    expect(labelValue('_')).toBe('nso');
  });

  it('refuses two instances whose labels would select each other’s pods', () => {
    expect(thrown(() => instanceNames(['a_', 'a-']))).toMatchObject({ code: 'SPEC_INVALID' });
    expect(instanceNames(['a', 'b']).map((n) => n.base)).toEqual(['a', 'b']);
  });

  it('checks namespaces as DNS-1123 labels', () => {
    expect(() => checkNamespace('nso-lab-2')).not.toThrow();
    for (const bad of ['', 'Lab', 'lab-', 'a.b', 'x'.repeat(64)]) {
      expect(thrown(() => checkNamespace(bad))).toMatchObject({ code: 'USAGE' });
    }
  });

  it('names ports by key, falling back to protocol and port when the key will not do', () => {
    const names = portNames([
      { key: 'restconfSsl', protocol: 'tcp', containerPort: 8889 },
      { key: 'restconfSsl.haPrimaryListen.12', protocol: 'tcp', containerPort: 31002 },
      { key: 'snmp', protocol: 'udp', containerPort: 4000 },
    ]);
    expect(names).toEqual(['restconf-ssl', 'tcp-31002', 'snmp']);
    const twice = [
      { key: 'ipc', protocol: 'tcp', containerPort: 4569 },
      { key: 'ipc', protocol: 'tcp', containerPort: 4569 },
    ];
    expect(thrown(() => portNames(twice))).toMatchObject({ code: 'INTERNAL' });
  });
});
