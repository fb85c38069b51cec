import { describe, expect, it } from 'vitest';
import { isNsoMultiError } from '../../src/errors.js';
import { isAlive } from '../../src/host/process-identity.js';
import { waitUntil } from '../../src/host/wait-until.js';
import { TEMPLATE_LISTENER_KEYS } from '../../src/nso/listeners.js';
import { down } from '../../src/project/down.js';
import { status } from '../../src/project/status.js';
import { openStateStore } from '../../src/state/state-store.js';
import { useSimProject } from '../helpers/start-sim-cluster.js';

// Ports of this file's specs: a block region no other test file uses.
const BASE = 26000;
const SPEC = `project: lab
layout: { base: ${BASE}, stride: 10 }
instances:
  - name: one
  - name: two
    netconf: { tcp: false }
    ipc: { accessCheck: { enabled: false } }
`;

const project = useSimProject(SPEC);
// The bundled template enables none of the template listeners (Web UI, RESTCONF, call-home, HA).
// Every listener that is off unless the template or the spec turns it on: SNMP (spec only) and the template's.
const NO_EXTRAS = Object.fromEntries([...TEMPLATE_LISTENER_KEYS, 'snmp'].map((key) => [key, null]));

describe('status', () => {
  it('reports running instances with pid, ports, paths and every enabled port listening', async () => {
    const pids = await project().start();
    const state = await project().state();
    const doc = await status({ cwd: project().dir });
    expect(doc.project).toBe('lab');
    expect(doc.instances.map((i) => i.name)).toEqual(['one', 'two']);
    const [one, two] = doc.instances;
    expect(one).toEqual({
      name: 'one',
      status: 'running',
      pid: pids.one,
      ports: {
        ipc: state.instances.one!.ports.ipc,
        netconfSsh: state.instances.one!.ports.netconfSsh,
        netconfTcp: state.instances.one!.ports.netconfTcp,
        cliSsh: state.instances.one!.ports.cliSsh,
        ...NO_EXTRAS,
      },
      listening: { ipc: true, netconfSsh: true, netconfTcp: true, cliSsh: true, ...NO_EXTRAS },
      additionalListeners: [],
      envFile: state.instances.one!.envFile,
      ncsConf: state.instances.one!.ncsConf,
      runDir: state.instances.one!.runDir,
    });
    expect(two).toMatchObject({ status: 'running', pid: pids.two });
    expect(two!.ports.netconfTcp).toBeNull();
    expect(two!.listening).toEqual({
      ipc: true,
      netconfSsh: true,
      netconfTcp: null,
      cliSsh: true,
      ...NO_EXTRAS,
    });
  });

  it('reports stopped instances with no pid and nothing listening after down', async () => {
    await project().start();
    await down({ cwd: project().dir });
    const doc = await status({ cwd: project().dir });
    for (const instance of doc.instances) {
      expect(instance).toMatchObject({ status: 'stopped', pid: null });
      expect(instance.error).toBeUndefined();
    }
    expect(doc.instances[0]!.listening).toEqual({
      ipc: false,
      netconfSsh: false,
      netconfTcp: false,
      cliSsh: false,
      ...NO_EXTRAS,
    });
    expect(doc.instances[1]!.listening.netconfTcp).toBeNull();
  });

  it('reports a rendered but never started instance as stopped', async () => {
    await project().render();
    const doc = await status({ cwd: project().dir, names: ['two'] });
    expect(doc.instances).toEqual([expect.objectContaining({ name: 'two', status: 'stopped', pid: null })]);
  });

  it('reports a daemon that died (kill -9) as failed: gone, and keeps the recorded error of a failed start', async () => {
    const pids = await project().start();
    process.kill(pids.one!, 'SIGKILL');
    expect(await waitUntil(async () => !(await isAlive({ pid: pids.one! })), 5000)).toBe(true);
    const store = await openStateStore(project().stateFile);
    await store.update((doc) => {
      doc.instances.two!.runtime!.status = 'failed';
      doc.instances.two!.runtime!.error = 'exit 20: failed to bind a socket (a port is in use)';
    });
    const doc = await status({ cwd: project().dir });
    expect(doc.instances[0]).toMatchObject({
      status: 'failed',
      pid: null,
      error: `the daemon (pid ${pids.one}) is gone`,
    });
    // The kernel closes a killed process's sockets as it exits; allow a moment before the port refuses.
    const refused = async () =>
      (await status({ cwd: project().dir, names: ['one'] })).instances[0]!.listening.ipc === false;
    expect(await waitUntil(refused, 5000)).toBe(true);
    // two's daemon still runs, so its pid stays visible next to the recorded failure.
    expect(doc.instances[1]).toMatchObject({
      status: 'failed',
      pid: pids.two,
      error: 'exit 20: failed to bind a socket (a port is in use)',
    });
  });

  it('lists the selected instances in the order given, each once', async () => {
    await project().render();
    const doc = await status({ cwd: project().dir, names: ['two', 'one', 'two'] });
    expect(doc.instances.map((i) => i.name)).toEqual(['two', 'one']);
  });

  it('rejects an unknown name with UNKNOWN_INSTANCE, the known names and a suggestion', async () => {
    await project().render();
    const error = await status({ cwd: project().dir, names: ['tow'] }).catch((e: unknown) => e);
    expect(isNsoMultiError(error)).toBe(true);
    if (!isNsoMultiError(error)) return;
    expect(error.code).toBe('UNKNOWN_INSTANCE');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('unknown instance tow');
    expect(error.hint).toContain('did you mean two?');
    expect(error.hint).toContain('instances: one, two');
  });

  it('returns an empty list before the first render', async () => {
    const doc = await status({ cwd: project().dir });
    expect(doc).toEqual({ project: expect.any(String), instances: [] });
  });
});
