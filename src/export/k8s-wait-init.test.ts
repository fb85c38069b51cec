import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForDependencies } from './k8s-wait-init.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

// A listener on a free loopback port; closed after the test (or right away, for a port nothing listens on).
async function listener(): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => socket.destroy());
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, server };
}

// Runs the init container's command with a real bash, as the image would, with its env (and overrides).
function runWait(
  targets: { service: string; port: number }[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const init = waitForDependencies('cisco-nso-prod:6.4.1', targets);
  const [shell, ...args] = init.command!;
  const vars = Object.fromEntries((init.env ?? []).map((e) => [e.name, e.value]));
  // stdin not a socket: bash would read ~/.bashrc, taking itself for a remote shell.
  const child = spawn(shell!, args, {
    env: { PATH: process.env.PATH, ...vars, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('the dependsOn init container', () => {
  it('waits 600 s at most, in the NSO image', () => {
    const init = waitForDependencies('cisco-nso-prod:6.4.1', [{ service: 'nso1', port: 4569 }]);
    expect(init.image).toBe('cisco-nso-prod:6.4.1');
    expect(init.env).toEqual([
      { name: 'NSO_MULTI_WAIT_FOR', value: 'nso1:4569' },
      { name: 'NSO_MULTI_WAIT_SECONDS', value: '600' },
    ]);
  });

  it('ends 0 once every dependency takes a connection', async () => {
    const one = await listener();
    const two = await listener();
    const result = await runWait([
      { service: '127.0.0.1', port: one.port },
      { service: '127.0.0.1', port: two.port },
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`127.0.0.1:${two.port} is ready`);
  });

  it('fails with a message when a dependency does not answer within the bound', async () => {
    const closed = await listener();
    await new Promise((resolve) => closed.server.close(resolve));
    const result = await runWait([{ service: '127.0.0.1', port: closed.port }], {
      NSO_MULTI_WAIT_SECONDS: '0',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`127.0.0.1:${closed.port} not ready after 0 seconds`);
  });
});
