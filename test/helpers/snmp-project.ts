// A project folder for SNMP e2e tests, beside a stand-in NSO installation (NCS_DIR) that has only its shared
// snmp folder: the file every ncs-setup project's load path points at.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SnmpProjectFiles {
  /** The ncs.conf template, written as snmp-template.xml. */
  template: string;
  /** nso-multi.yaml. */
  spec: string;
  /** The installation's etc/ncs/snmp/snmp_init.xml. */
  snmpInit: string;
}

// Writes the files into `dir` (the installation under dir/nso); returns the env that points the CLI at it and
// the installation's snmp_init.xml.
export async function writeSnmpProject(
  dir: string,
  files: SnmpProjectFiles,
): Promise<{ env: NodeJS.ProcessEnv; installFile: string }> {
  const ncsDir = join(dir, 'nso');
  const snmpDir = join(ncsDir, 'etc', 'ncs', 'snmp');
  await mkdir(snmpDir, { recursive: true });
  const installFile = join(snmpDir, 'snmp_init.xml');
  await writeFile(installFile, files.snmpInit);
  await writeFile(join(dir, 'snmp-template.xml'), files.template);
  await writeFile(join(dir, 'nso-multi.yaml'), files.spec);
  return { env: { NCS_DIR: ncsDir }, installFile };
}
