// HA Raft's TLS material with the real `openssl`: a cluster authority, node certificates it signs for the
// address in the node address, keys only the owner reads, kept across calls and made again on a change.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureClusterCa, ensureNodeTls, subjectAltNames } from './ha-raft-tls.js';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });
const mode = (file: string) => statSync(file).mode & 0o777;

describe.skipIf(!hasOpenssl)('HA Raft TLS material (openssl)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nso-multi-raft-tls-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const nodeFiles = (name: string) => {
    const dir = join(root, name, 'ha-raft');
    return {
      dir,
      caCertFile: join(dir, 'ca.crt'),
      certFile: join(dir, 'node.crt'),
      keyFile: join(dir, 'node.key'),
    };
  };

  it('makes a cluster authority once, its key readable by the owner only', async () => {
    const caDir = join(root, 'ha-raft-ca', 'lab');
    expect(await ensureClusterCa(caDir, 'lab')).toBe(true);
    expect(mode(join(caDir, 'ca.key'))).toBe(0o600);
    expect(openssl('x509', '-in', join(caDir, 'ca.crt'), '-noout', '-subject')).toContain('HA Raft CA lab');
    const before = readFileSync(join(caDir, 'ca.crt'), 'utf8');
    expect(await ensureClusterCa(caDir, 'lab')).toBe(false);
    expect(readFileSync(join(caDir, 'ca.crt'), 'utf8')).toBe(before);
    // Nothing of the scratch folder is left beside it.
    expect(readdirSync(join(root, 'ha-raft-ca'))).toEqual(['lab']);
  });

  it('signs a node certificate for the host of its node address, keeps it, and makes it again on a change', async () => {
    const caDir = join(root, 'ha-raft-ca', 'lab');
    await ensureClusterCa(caDir, 'lab');
    const files = nodeFiles('n1');
    expect(await ensureNodeTls(caDir, files, 'nso_multi_lab_n1@127.0.0.1')).toBe(true);
    expect(mode(files.keyFile)).toBe(0o600);
    expect(mode(files.dir)).toBe(0o700);
    expect(openssl('verify', '-CAfile', files.caCertFile, files.certFile)).toContain('OK');
    const text = openssl('x509', '-in', files.certFile, '-noout', '-subject', '-ext', 'subjectAltName');
    expect(text).toContain('CN = 127.0.0.1');
    expect(text).toMatch(/IP Address:127\.0\.0\.1, DNS:127\.0\.0\.1/);

    const cert = readFileSync(files.certFile, 'utf8');
    expect(await ensureNodeTls(caDir, files, 'nso_multi_lab_n1@127.0.0.1')).toBe(false);
    expect(readFileSync(files.certFile, 'utf8')).toBe(cert);

    // Another address: a new certificate for it.
    expect(await ensureNodeTls(caDir, files, 'nso_multi_lab_n1@127.0.0.2')).toBe(true);
    expect(openssl('x509', '-in', files.certFile, '-noout', '-subject')).toContain('CN = 127.0.0.2');
    // A lost key: made again, with a certificate that matches it.
    rmSync(files.keyFile);
    expect(await ensureNodeTls(caDir, files, 'nso_multi_lab_n1@127.0.0.2')).toBe(true);
    const pub = (args: string[]) => openssl(...args);
    expect(pub(['pkey', '-in', files.keyFile, '-pubout'])).toBe(
      pub(['x509', '-in', files.certFile, '-noout', '-pubkey']),
    );
  });

  it('names a missing openssl with what to install', async () => {
    const caDir = join(root, 'ha-raft-ca', 'lab');
    await expect(ensureClusterCa(caDir, 'lab', join(root, 'no-openssl'))).rejects.toMatchObject({
      code: 'IO',
      message: expect.stringContaining('is not installed'),
      hint: expect.stringContaining('apt-get install openssl'),
    });
  });
});

describe('subject alternative names', () => {
  it('carry an IP as IP and DNS name, a host name as DNS name', () => {
    expect(subjectAltNames('127.0.0.1')).toBe('IP:127.0.0.1, DNS:127.0.0.1');
    expect(subjectAltNames('::1')).toBe('IP:::1, DNS:::1');
    expect(subjectAltNames('nso1.lab')).toBe('DNS:nso1.lab');
  });
});
