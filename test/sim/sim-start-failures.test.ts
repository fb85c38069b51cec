// How a simulated start fails: exit 20 when a port is taken, exit 21 for a bad configuration; nothing is left.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ncs.conf values hold ${VAR} references literally.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeServer, firstBytes, freePorts, listen, ncsConf, runSim, SimSandbox } from './sim-harness.js';

const sandbox = new SimSandbox();
afterEach(() => sandbox.cleanup());

async function threePorts() {
  const [ipc, netconfSsh, cliSsh] = (await freePorts(3)) as [number, number, number];
  return { ipc, netconfSsh, cliSsh };
}

describe('a port that is taken', () => {
  it('on IPC: exit 20 with NSO message, nothing bound, no pid file', async () => {
    const ports = await threePorts();
    const holder = await listen(ports.ipc);
    try {
      const runDir = sandbox.withConf(ncsConf(ports));
      sandbox.track(runDir, { NCS_IPC_PORT: String(ports.ipc) });
      const result = await runSim(['--cd', runDir], {}, runDir);
      expect(result.code).toBe(20);
      expect(result.stderr).toBe(
        `Cannot bind to internal socket 127.0.0.1:${ports.ipc} : address already in use\nDaemon died status=20\n`,
      );
      expect(await firstBytes(ports.netconfSsh)).toBeNull();
      expect(await firstBytes(ports.cliSsh)).toBeNull();
      expect(existsSync(join(runDir, 'logs', 'ncs.pid'))).toBe(false);
    } finally {
      await closeServer(holder);
    }
  });

  it('on CLI SSH: exit 20 naming that listener, IPC and NETCONF released again', async () => {
    const ports = await threePorts();
    const holder = await listen(ports.cliSsh);
    try {
      const runDir = sandbox.withConf(ncsConf(ports));
      sandbox.track(runDir, { NCS_IPC_PORT: String(ports.ipc) });
      const result = await runSim(['--cd', runDir], {}, runDir);
      expect(result.code).toBe(20);
      expect(result.stderr).toContain(
        `Cannot bind to CLI SSH socket 127.0.0.1:${ports.cliSsh} : address already in use`,
      );
      expect(result.stderr).toContain('Daemon died status=20');
      expect(await firstBytes(ports.ipc)).toBeNull();
      expect(await firstBytes(ports.netconfSsh)).toBeNull();
      expect(existsSync(join(runDir, 'logs', 'ncs.pid'))).toBe(false);
    } finally {
      await closeServer(holder);
    }
  });

  it('in --foreground: the same exit 20, the message on stdout without `Daemon died` (as ncs)', async () => {
    const ports = await threePorts();
    const holder = await listen(ports.netconfSsh);
    try {
      const runDir = sandbox.withConf(ncsConf(ports));
      const result = await runSim(['--foreground', '--cd', runDir], {}, runDir);
      expect(result.code).toBe(20);
      expect(result.stdout).toBe(
        `Cannot bind to NETCONF SSH socket 127.0.0.1:${ports.netconfSsh} : address already in use\n`,
      );
      expect(await firstBytes(ports.ipc)).toBeNull();
    } finally {
      await closeServer(holder);
    }
  });
});

describe('a bad configuration exits 21', () => {
  it('malformed XML', async () => {
    const runDir = sandbox.withConf('<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config"><cli>');
    const result = await runSim(['--cd', runDir], {}, runDir);
    expect(result.code).toBe(21);
    expect(result.stderr).toMatch(
      /^Bad configuration: .*ncs\.conf: not well-formed XML: .*\nDaemon died status=21\n$/,
    );
  });

  it('an undefined ${VAR} without default', async () => {
    const ports = await threePorts();
    const text = ncsConf(ports).replace(
      `<port>${ports.cliSsh}</port>`,
      '<port>${NSO_MULTI_SIM_TEST_UNSET}</port>',
    );
    const runDir = sandbox.withConf(text);
    const result = await runSim(['--cd', runDir], {}, runDir);
    expect(result.code).toBe(21);
    expect(result.stderr).toContain(
      '/ncs-config/cli/ssh/port: environment variable NSO_MULTI_SIM_TEST_UNSET is not set',
    );
    expect(result.stderr).toContain('Daemon died status=21');
    expect(await firstBytes(ports.ipc)).toBeNull();
  });

  it('no -c and no ncs.conf in the current directory: the installation one, unreadable here', async () => {
    const ports = await threePorts();
    const runDir = sandbox.withConf(ncsConf(ports));
    const cwd = sandbox.runDir();
    const result = await runSim(['--cd', runDir], { NCS_DIR: cwd }, cwd);
    expect(result.code).toBe(21);
    expect(result.stderr).toContain(
      `Bad configuration: cannot read the configuration file ${join(cwd, 'etc', 'ncs', 'ncs.conf')} (ENOENT)`,
    );
  });
});

describe('the command line', () => {
  it('a missing -c file, resolved against the current directory: exit 1 as ncs', async () => {
    const cwd = sandbox.runDir();
    const result = await runSim(['-c', 'nope.conf', '--foreground'], {}, cwd);
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: '\n*** bad file nope.conf to option -c\n Try ncs --help to get usage text\n',
    });
  });

  it('a port out of range', async () => {
    const ports = await threePorts();
    const runDir = sandbox.withConf(
      ncsConf(ports).replace(`<port>${ports.cliSsh}</port>`, '<port>65536</port>'),
    );
    const result = await runSim(['--cd', runDir], {}, runDir);
    expect(result.code).toBe(21);
    expect(result.stderr).toContain('/ncs-config/cli/ssh/port: "65536" is not a port number (0..65535)');
  });
});

describe('${VAR} expansion', () => {
  it('starts with ports taken from the environment and from defaults', async () => {
    const ports = await threePorts();
    const text = ncsConf(ports)
      .replace(`<port>${ports.ipc}</port>`, '<port>${SIM_TEST_IPC_PORT}</port>')
      .replace(`<port>${ports.cliSsh}</port>`, `<port>\${SIM_TEST_UNSET_CLI:-${ports.cliSsh}}</port>`);
    const runDir = sandbox.withConf(text);
    sandbox.track(runDir, { NCS_IPC_PORT: String(ports.ipc) });
    const result = await runSim(['-c', join(runDir, 'ncs.conf'), '--cd', runDir], {
      SIM_TEST_IPC_PORT: String(ports.ipc),
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(await firstBytes(ports.ipc)).toBe('NSO-MULTI-SIM/1\n');
    expect(await firstBytes(ports.cliSsh)).toBe('SSH-2.0-nso-multi-sim\r\n');
  });
});
