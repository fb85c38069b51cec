// SNMP on a real NSO: with `snmp: true` each instance's own daemon binds its own UDP port (and not the
// installation's UDP 4000), and answers an SNMP GET there.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeNso, useNsoProject } from './nso.js';
import { processTree, udpPortOwners } from './udp-owner.js';

const SPEC = {
  project: 'snmp-real',
  instances: [
    { name: 'a', snmp: true },
    { name: 'b', snmp: true },
  ],
};

/** The port the installation's own snmp_init.xml opens. */
const SHARED_AGENT_PORT = 4000;

/** SNMPv2-MIB::sysDescr.0, numeric: Debian's snmp package ships without the MIB files. */
const SYS_DESCR = '1.3.6.1.2.1.1.1.0';

interface StatusDoc {
  instances: {
    name: string;
    status: string;
    pid: number | null;
    ports: { snmp: number | null };
    runDir: string;
  }[];
}

describeNso('SNMP on real NSO', () => {
  const project = useNsoProject(SPEC);

  test('two SNMP instances each bind their own UDP port and answer an SNMP GET there', async () => {
    const p = project();
    const up = await p.cli(['up']);
    expect(up.code, up.stderr).toBe(0);
    const status = JSON.parse((await p.cli(['status', '--json'])).stdout) as StatusDoc;
    expect(status.instances.map((i) => i.status)).toEqual(['running', 'running']);
    const ports = status.instances.map((i) => i.ports.snmp);
    expect(new Set(ports).size).toBe(2);

    for (const instance of status.instances) {
      const port = instance.ports.snmp;
      expect(port, instance.name).not.toBeNull();
      const daemon = await processTree(instance.pid!);
      expect(await udpPortOwners(port!, daemon), `${instance.name}: UDP ${port}`).not.toEqual([]);
      expect(await udpPortOwners(SHARED_AGENT_PORT, daemon), `${instance.name}: UDP 4000`).toEqual([]);

      const get = await p.shell(`snmpget -v2c -c public -t 2 -r 2 127.0.0.1:${port} ${SYS_DESCR}`);
      expect(get.code, get.stderr).toBe(0);
      expect(get.stdout).toMatch(/STRING: "[^"]+"/);

      // NSO loaded the instance's own file, not the installation's (the first on the load path wins).
      const log = await readFile(join(instance.runDir, 'logs', 'ncs.log'), 'utf8');
      expect(log).toContain('Loading file ./snmp/snmp_init.xml');
      expect(log).not.toMatch(/etc\/ncs\/snmp\/snmp_init\.xml/);
    }

    // Stopping one frees only its port.
    const down = await p.cli(['down', 'a']);
    expect(down.code, down.stderr).toBe(0);
    const [a, b] = status.instances;
    const silent = await p.shell(`snmpget -v2c -c public -t 1 -r 0 127.0.0.1:${a!.ports.snmp} ${SYS_DESCR}`);
    expect(silent.code).not.toBe(0);
    const still = await p.shell(`snmpget -v2c -c public -t 2 -r 2 127.0.0.1:${b!.ports.snmp} ${SYS_DESCR}`);
    expect(still.code, still.stderr).toBe(0);
  });
});
