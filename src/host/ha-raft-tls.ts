// HA Raft's TLS material, made with the `openssl` command as NSO's raft-cluster example makes it (EC P-384
// keys, a self-signed certificate authority per cluster, a certificate per node whose subject alternative
// names carry the address in its node address). Made once and kept across renders; a node's certificate is
// made again only when its node address or its cluster's authority changes. Every file is made in a scratch
// folder and moved in, the key before the certificate that names it, so an interrupted run leaves no half.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { pathExists } from './fs-steps.js';

/** The files one node's ha-raft/ssl names, and the folder that holds them. */
export interface NodeTlsFiles {
  dir: string;
  caCertFile: string;
  certFile: string;
  keyFile: string;
}

/** Ten years, as NSO's example makes them: a lab's certificates should not expire under it. */
const DAYS = '3652';
const KEY_ARGS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp384r1', '-nodes'];
/** What a node's certificate was made for, beside it: node address and the authority's certificate hash. */
const STAMP_FILE = 'node.for';

function runOpenssl(openssl: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(openssl, args, { cwd, timeout: 30_000 }, (error, _stdout, stderr) => {
      if (error === null) return resolve();
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(
          new NsoMultiError('IO', `cannot make HA Raft's TLS certificates: ${openssl} is not installed`, {
            cause: error,
            hint: 'install OpenSSL (e.g. `apt-get install openssl`), or switch HA Raft off',
          }),
        );
      }
      const why = String(stderr).trim().split('\n').slice(-2).join(' ') || error.message;
      reject(new NsoMultiError('IO', `openssl ${args[0]} failed: ${why}`, { cause: error }));
    });
  });
}

// Runs `make` in a scratch folder beside `dir` and removes the folder whatever happens.
async function inScratch<T>(dir: string, make: (scratch: string) => Promise<T>): Promise<T> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const scratch = await mkdtemp(join(dirname(dir), '.ha-raft-tls-'));
  try {
    return await make(scratch);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

// Makes sure `caDir` holds the cluster's authority (ca.crt, and ca.key mode 0600); resolves true when it made one.
export async function ensureClusterCa(
  caDir: string,
  clusterName: string,
  openssl = 'openssl',
): Promise<boolean> {
  const cert = join(caDir, 'ca.crt');
  if (await pathExists(cert)) return false;
  return inScratch(caDir, async (scratch) => {
    const subject = `/CN=nso-multi HA Raft CA ${clusterName}`;
    await runOpenssl(
      openssl,
      [
        'req',
        '-x509',
        ...KEY_ARGS,
        '-keyout',
        'ca.key',
        '-subj',
        subject,
        '-sha384',
        '-days',
        DAYS,
        '-out',
        'ca.crt',
      ],
      scratch,
    );
    await chmod(join(scratch, 'ca.key'), 0o600);
    await rename(join(scratch, 'ca.key'), join(caDir, 'ca.key'));
    await rename(join(scratch, 'ca.crt'), cert);
    return true;
  });
}

// The subject alternative names NSO checks a peer's certificate against: the host of its node address. An IP
// goes in as both IP and DNS name, as NSO's example writes it (Erlang/OTP 25+ matches the DNS entry).
export function subjectAltNames(host: string): string {
  return isIP(host) === 0 ? `DNS:${host}` : `IP:${host}, DNS:${host}`;
}

// Makes sure a node's files (ha-raft/ca.crt, node.crt, node.key mode 0600) are there and made for
// `nodeAddress` (`name@host`) by the authority in `caDir`; resolves true when it made them.
export async function ensureNodeTls(
  caDir: string,
  files: NodeTlsFiles,
  nodeAddress: string,
  openssl = 'openssl',
): Promise<boolean> {
  const caCert = await readFile(join(caDir, 'ca.crt'));
  const stamp = `${nodeAddress}\n${createHash('sha256').update(caCert).digest('hex')}\n`;
  const current = await readFile(join(files.dir, STAMP_FILE), 'utf8').catch(() => undefined);
  const complete =
    (await pathExists(files.certFile)) &&
    (await pathExists(files.keyFile)) &&
    (await pathExists(files.caCertFile));
  if (current === stamp && complete) return false;
  const host = nodeAddress.slice(nodeAddress.indexOf('@') + 1);
  return inScratch(files.dir, async (scratch) => {
    await writeFile(join(scratch, 'san.cnf'), `subjectAltName=${subjectAltNames(host)}\n`);
    await runOpenssl(
      openssl,
      ['req', ...KEY_ARGS, '-keyout', 'node.key', '-subj', `/CN=${host}`, '-out', 'node.csr'],
      scratch,
    );
    const serial = `0x${randomBytes(16).toString('hex')}`;
    await runOpenssl(
      openssl,
      [
        'x509',
        '-req',
        '-in',
        'node.csr',
        '-CA',
        join(caDir, 'ca.crt'),
        '-CAkey',
        join(caDir, 'ca.key'),
      ].concat(['-set_serial', serial, '-extfile', 'san.cnf', '-sha384', '-days', DAYS, '-out', 'node.crt']),
      scratch,
    );
    await chmod(join(scratch, 'node.key'), 0o600);
    await copyFile(join(caDir, 'ca.crt'), join(scratch, 'ca.crt'));
    await rename(join(scratch, 'ca.crt'), files.caCertFile);
    await rename(join(scratch, 'node.key'), files.keyFile);
    await rename(join(scratch, 'node.crt'), files.certFile);
    await writeFile(join(files.dir, STAMP_FILE), stamp, { mode: 0o600 });
    return true;
  });
}
