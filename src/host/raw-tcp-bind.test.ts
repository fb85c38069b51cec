import { execFile } from 'node:child_process';
import type { AddressInfo, Server } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/helpers/cli.js';
import { classifyBindError, createPortProbe } from './port-probe.js';
import { rawTcpBind } from './raw-tcp-bind.js';

const servers: Server[] = [];

function listen(host: string, port = 0): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.destroy());
    // An address family this host lacks (no IPv6): the combination is left out.
    server.once('error', () => resolve(undefined));
    server.listen({ host, port, exclusive: true }, () => {
      servers.push(server);
      resolve(server);
    });
  });
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;

function close(server: Server): Promise<void> {
  servers.splice(servers.indexOf(server), 1);
  return new Promise((resolve) => server.close(() => resolve()));
}

afterEach(async () => {
  await Promise.all([...servers].map(close));
});

const raw = rawTcpBind();
const viaNet = createPortProbe({ raw: null });

describe('rawTcpBind', () => {
  const ADDRESSES = ['127.0.0.1', '0.0.0.0', '127.0.0.2', '::', '::1'];

  it('answers like net.Server for every listener address against every probed address', async () => {
    if (raw === undefined) throw new Error('no raw bind test on this Node.js');
    let compared = 0;
    for (const held of ADDRESSES) {
      const server = await listen(held);
      if (server === undefined) continue;
      const port = portOf(server);
      for (const probed of ADDRESSES) {
        const expected = await viaNet.probe(probed, port);
        const code = raw(probed, port);
        const got = code === undefined ? 'free' : classifyBindError(code);
        expect({ held, probed, result: got }).toEqual({ held, probed, result: expected });
        compared++;
      }
      await close(server);
    }
    // At least the IPv4 half ran; where IPv6 exists the whole matrix did.
    expect(compared).toBeGreaterThanOrEqual(9);
  });

  it('leaves a free port bindable the moment it returns', async () => {
    if (raw === undefined) throw new Error('no raw bind test on this Node.js');
    const server = await listen('127.0.0.1');
    const port = portOf(server as Server);
    await close(server as Server);
    for (let round = 0; round < 20; round++) expect(raw('127.0.0.1', port)).toBeUndefined();
    const again = await listen('127.0.0.1', port);
    expect(again && portOf(again)).toBe(port);
  });

  it('reports an address that is not on this host, as net.Server does', () => {
    if (raw === undefined) throw new Error('no raw bind test on this Node.js');
    expect(classifyBindError(raw('192.0.2.1', 40123))).toBe('unavailable');
  });

  it('is not used when the process asks to hear of pending deprecations, or the binding is missing', () => {
    const loader = () => {
      throw new Error('must not be loaded');
    };
    expect(rawTcpBind({ execArgv: ['--pending-deprecation'], env: {}, loader })).toBeUndefined();
    expect(
      rawTcpBind({ execArgv: [], env: { NODE_OPTIONS: '--pending-deprecation' }, loader }),
    ).toBeUndefined();
    expect(rawTcpBind({ execArgv: [], env: { NODE_PENDING_DEPRECATION: '1' }, loader })).toBeUndefined();
    expect(rawTcpBind({ execArgv: [], env: {}, loader: () => undefined })).toBeUndefined();
  });

  it('prints no deprecation warning when a process with --pending-deprecation probes', async () => {
    const module = pathToFileURL(join(REPO_ROOT, 'dist', 'host', 'port-probe.js')).href;
    const server = await listen('127.0.0.1');
    const port = portOf(server as Server);
    const script = `const { createPortProbe } = await import(${JSON.stringify(module)});
      console.log(await createPortProbe().probe('127.0.0.1', ${port}));`;
    const run = (args: string[], env: NodeJS.ProcessEnv) =>
      new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
        execFile(
          process.execPath,
          [...args, '--input-type=module', '-e', script],
          { env: { ...process.env, ...env }, timeout: 20_000 },
          (error, stdout, stderr) => (error ? reject(error) : resolve({ stdout, stderr })),
        ),
      );
    for (const [args, env] of [
      [['--pending-deprecation'], {}],
      [[], { NODE_OPTIONS: '--pending-deprecation' }],
    ] as const) {
      const { stdout, stderr } = await run([...args], env);
      expect(stdout.trim()).toBe('taken');
      expect(stderr).not.toContain('DEP0111');
    }
  });
});

describe('createPortProbe with the raw bind test', () => {
  it('leaves an error that says nothing about the port to net.Server, whose answer counts', async () => {
    const calls: string[] = [];
    const probe = createPortProbe({
      raw: (address, port) => {
        calls.push(`${address}:${port}`);
        return 'EMFILE';
      },
    });
    const server = await listen('127.0.0.1');
    const port = portOf(server as Server);
    expect(await probe.probe('127.0.0.1', port)).toBe('taken');
    await close(server as Server);
    expect(await probe.probe('127.0.0.1', port)).toBe('free');
    expect(calls).toEqual([`127.0.0.1:${port}`, `127.0.0.1:${port}`]);
  });
});
