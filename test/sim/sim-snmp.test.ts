import { createSocket, type Socket } from 'node:dgram';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderSnmpInit } from '../../src/render/snmp-init.js';
import { type RunningDaemon, startDaemon } from '../../src/sim/daemon.js';
import { udpBound } from '../helpers/udp-bound.js';
import { ncsConf } from './sim-harness.js';

// Ports of this file (the SNMP engineer's range); IPC on 0 lets the OS pick.
const AGENT_PORT = 14901;

let runDir: string;
const daemons: RunningDaemon[] = [];
const sockets: Socket[] = [];

// ncs.conf with the given load-path dirs (text as written, `${VAR}` and relative ones included).
const withLoadPath = (dirs: string[]) =>
  ncsConf({}).replace(
    '</ncs-config>',
    `  <load-path>${dirs.map((d) => `<dir>${d}</dir>`).join('')}</load-path>\n</ncs-config>`,
  );

async function writeInit(dir: string, text: string): Promise<void> {
  await mkdir(join(runDir, dir), { recursive: true });
  await writeFile(join(runDir, dir, 'snmp_init.xml'), text);
}

async function start(dirs: string[], env: NodeJS.ProcessEnv = {}): Promise<RunningDaemon> {
  await writeFile(join(runDir, 'ncs.conf'), withLoadPath(dirs));
  const daemon = await startDaemon({ runDir, confFile: join(runDir, 'ncs.conf'), env, version: 'test' });
  daemons.push(daemon);
  return daemon;
}

beforeEach(async () => {
  runDir = await mkdtemp(join(tmpdir(), 'nso-multi-sim-snmp-'));
});

afterEach(async () => {
  for (const daemon of daemons.splice(0)) {
    daemon.stop('test over');
    await daemon.stopped;
  }
  await Promise.all(sockets.splice(0).map((s) => new Promise<void>((done) => s.close(() => done()))));
  await rm(runDir, { recursive: true, force: true });
});

describe('the simulator SNMP agent', () => {
  it('binds the UDP port of the first snmp_init.xml on the load path, expanding variables and relative dirs', async () => {
    await writeInit('own/snmp', renderSnmpInit({ address: '127.0.0.1', port: AGENT_PORT, instance: 'x' }));
    await writeInit('later', renderSnmpInit({ address: '127.0.0.1', port: AGENT_PORT + 1, instance: 'y' }));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR}, as ncs.conf holds it
    const daemon = await start(['./missing', '${OWN}/snmp', './later'], { OWN: join(runDir, 'own') });
    expect(daemon.listeners.map((l) => [l.listener.key, l.listener.protocol])).toContainEqual([
      'snmp',
      'udp',
    ]);
    expect(await udpBound(AGENT_PORT)).toBe(true);
    expect(await udpBound(AGENT_PORT + 1)).toBe(false);
    daemon.stop('done');
    await daemon.stopped;
    daemons.splice(0);
    expect(await udpBound(AGENT_PORT)).toBe(false);
  });

  it('binds no UDP port without an snmp_init.xml, or when the first one disables the agent', async () => {
    await writeInit(
      'off',
      renderSnmpInit({ address: '127.0.0.1', port: AGENT_PORT, instance: 'x' }).replace(
        '<enabled>true</enabled>',
        '<enabled>false</enabled>',
      ),
    );
    await writeInit('on', renderSnmpInit({ address: '127.0.0.1', port: AGENT_PORT + 2, instance: 'y' }));
    const daemon = await start(['./off', './on']);
    expect(daemon.listeners.map((l) => l.listener.key)).toEqual(['ipc']);
    expect(await udpBound(AGENT_PORT + 2)).toBe(false);
  });

  it('fails to start (exit 20) when the agent port is taken', async () => {
    const holder = createSocket('udp4');
    await new Promise<void>((done) => holder.bind({ address: '127.0.0.1', port: AGENT_PORT + 3 }, done));
    sockets.push(holder);
    await writeInit('snmp', renderSnmpInit({ address: '127.0.0.1', port: AGENT_PORT + 3, instance: 'x' }));
    await expect(start(['./snmp'])).rejects.toMatchObject({ exitCode: 20 });
    expect(daemons).toEqual([]);
  });
});
