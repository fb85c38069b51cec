import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isSocketListening } from './port-listening.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function socketDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nso-multi-sock-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function listen(path: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}

describe('isSocketListening', () => {
  it('is true while something accepts on the socket, false once it closed', async () => {
    const path = join(await socketDir(), 'ipc.sock');
    const server = await listen(path);
    cleanup.push(() => new Promise((resolve) => server.close(() => resolve())));
    expect(await isSocketListening(path)).toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await isSocketListening(path)).toBe(false);
  });

  it('is false for a path where no socket exists', async () => {
    expect(await isSocketListening(join(await socketDir(), 'none.sock'))).toBe(false);
  });
});
