import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/helpers/cli.js';
import { listen as listenOn } from '../../test/helpers/listen.js';
import { classifyBindError, createPortProbe } from './port-probe.js';
import { rawTcpBind } from './raw-tcp-bind.js';

type Listener = Awaited<ReturnType<typeof listenOn>>;
const open = new Set<Listener>();

// A listener on `host` (port 0: any free one), closed after the test; undefined when this host lacks the
// address family (no IPv6), so that combination is left out.
async function listen(host: string, port = 0): Promise<Listener | undefined> {
  const listener = await listenOn(port, host).catch(() => undefined);
  if (listener) open.add(listener);
  return listener;
}

async function close(listener: Listener): Promise<void> {
  open.delete(listener);
  await listener.close();
}

afterEach(async () => {
  await Promise.all([...open].map(close));
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
      const port = server.port;
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
    const port = (server as Listener).port;
    await close(server as Listener);
    for (let round = 0; round < 20; round++) expect(raw('127.0.0.1', port)).toBeUndefined();
    const again = await listen('127.0.0.1', port);
    expect(again?.port).toBe(port);
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
    const port = (server as Listener).port;
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
    const port = (server as Listener).port;
    expect(await probe.probe('127.0.0.1', port)).toBe('taken');
    await close(server as Listener);
    expect(await probe.probe('127.0.0.1', port)).toBe('free');
    expect(calls).toEqual([`127.0.0.1:${port}`, `127.0.0.1:${port}`]);
  });
});
