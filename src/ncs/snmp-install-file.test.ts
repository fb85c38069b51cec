import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INSTALL_SNMP_INIT, ncsInstallDirs, readInstallSnmpInit } from './snmp-install-file.js';

let root: string;

// An installation folder with an executable bin/ncs and, unless told otherwise, an etc/ncs/snmp/snmp_init.xml.
async function install(
  name: string,
  text: string | null = `<config><!-- ${name} --></config>`,
): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'bin'), { recursive: true });
  await writeFile(join(dir, 'bin', 'ncs'), '#!/bin/sh\nexit 0\n');
  await chmod(join(dir, 'bin', 'ncs'), 0o755);
  if (text !== null) {
    await mkdir(join(dir, 'etc', 'ncs', 'snmp'), { recursive: true });
    await writeFile(join(dir, INSTALL_SNMP_INIT), text);
  }
  return dir;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'nso-multi-snmp-install-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ncsInstallDirs', () => {
  it('takes NCS_DIR first, whatever the command says', async () => {
    const other = await install('other');
    expect(
      await ncsInstallDirs({ env: { NCS_DIR: join(root, 'nso') }, ncsCommand: join(other, 'bin', 'ncs') }),
    ).toEqual([join(root, 'nso')]);
  });

  it('derives the folder above bin/ from an executable ncs.command, by path or on PATH', async () => {
    const dir = await install('nso');
    expect(await ncsInstallDirs({ env: {}, ncsCommand: join(dir, 'bin', 'ncs') })).toEqual([dir]);
    expect(await ncsInstallDirs({ env: { PATH: join(dir, 'bin') }, ncsCommand: 'ncs' })).toEqual([dir]);
  });

  it('follows a symlinked ncs to the installation it belongs to', async () => {
    const dir = await install('nso');
    await mkdir(join(root, 'local', 'bin'), { recursive: true });
    await symlink(join(dir, 'bin', 'ncs'), join(root, 'local', 'bin', 'ncs'));
    expect(await ncsInstallDirs({ env: {}, ncsCommand: join(root, 'local', 'bin', 'ncs') })).toEqual([
      join(root, 'local'),
      dir,
    ]);
  });

  it('has none for the simulator, no command, a missing or non-executable file, or a file not at bin/ncs', async () => {
    const dir = await install('nso');
    await writeFile(join(dir, 'bin', 'ncs-plain'), 'not executable');
    await writeFile(join(dir, 'run-ncs'), '#!/bin/sh\n', { mode: 0o755 });
    for (const ncsCommand of [
      undefined,
      'sim',
      join(root, 'absent', 'bin', 'ncs'),
      join(dir, 'bin', 'ncs-plain'),
    ]) {
      expect(await ncsInstallDirs({ env: { PATH: join(dir, 'bin') }, ncsCommand })).toEqual([]);
    }
    expect(await ncsInstallDirs({ env: {}, ncsCommand: join(dir, 'run-ncs') })).toEqual([]);
  });
});

describe('readInstallSnmpInit', () => {
  it("reads NCS_DIR's etc/ncs/snmp/snmp_init.xml", async () => {
    const dir = await install('nso', '<config>site</config>');
    expect(await readInstallSnmpInit({ env: { NCS_DIR: dir } })).toEqual({
      install: { file: join(dir, INSTALL_SNMP_INIT), text: '<config>site</config>' },
      notices: [],
    });
  });

  it('finds the file through a symlinked command when the link folder has none', async () => {
    const dir = await install('nso', '<config>real</config>');
    await mkdir(join(root, 'local', 'bin'), { recursive: true });
    await symlink(join(dir, 'bin', 'ncs'), join(root, 'local', 'bin', 'ncs'));
    const found = await readInstallSnmpInit({ env: {}, ncsCommand: join(root, 'local', 'bin', 'ncs') });
    expect(found.install?.file).toBe(join(dir, INSTALL_SNMP_INIT));
  });

  it('gives nothing, quietly, when the installation has no such file', async () => {
    const dir = await install('nso', null);
    expect(await readInstallSnmpInit({ env: { NCS_DIR: dir } })).toEqual({ install: null, notices: [] });
    expect(await readInstallSnmpInit({ env: {} })).toEqual({ install: null, notices: [] });
  });

  it('warns, naming the file, when it is there but cannot be read', async () => {
    const dir = await install('nso', null);
    await mkdir(join(dir, INSTALL_SNMP_INIT), { recursive: true });
    const found = await readInstallSnmpInit({ env: { NCS_DIR: dir } });
    expect(found.install).toBeNull();
    expect(found.notices).toEqual([
      {
        level: 'warning',
        message: expect.stringContaining(`cannot read ${join(dir, INSTALL_SNMP_INIT)} (EISDIR)`),
      },
    ]);
  });
});
