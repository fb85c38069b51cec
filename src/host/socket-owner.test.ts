import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../test/helpers/listen.js';
import { portsNotHeld } from './socket-owner.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

// A child process listening on a free loopback port; resolves with the port once bound.
async function foreignListener(): Promise<number> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))"],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  cleanup.push(() => child.kill('SIGKILL'));
  const [data] = (await once(child.stdout!, 'data')) as [Buffer];
  return Number(data.toString().trim());
}

describe.skipIf(process.platform !== 'linux')('portsNotHeld', () => {
  it('finds a port this process listens on held, and one another process listens on not held', async () => {
    const own = await listen();
    cleanup.push(own.close);
    const foreign = await foreignListener();
    expect(await portsNotHeld(process.pid, [own.port])).toEqual([]);
    expect(await portsNotHeld(process.pid, [own.port, foreign])).toEqual([foreign]);
  });

  it('counts what a child in the process group holds (an ncs wrapper that does not exec)', async () => {
    const script = `"${process.execPath}" -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))" & wait`;
    const leader = spawn('/bin/sh', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    cleanup.push(() => process.kill(-leader.pid!, 'SIGKILL'));
    const [data] = (await once(leader.stdout!, 'data')) as [Buffer];
    const port = Number(data.toString().trim());
    expect(await portsNotHeld(leader.pid!, [port])).toEqual([]);
    expect(await portsNotHeld(process.pid, [port])).toEqual([port]);
  });

  it('finds a port nobody listens on not held, and claims nothing for a process it cannot see', async () => {
    const free = await listen();
    await free.close();
    expect(await portsNotHeld(process.pid, [free.port])).toEqual([free.port]);
    expect(await portsNotHeld(2 ** 22 + 1, [free.port])).toEqual([]);
  });
});
