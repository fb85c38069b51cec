// What `export compose` writes for an HA Raft cluster forms one on real NSO 6.2.5: each node's exported ncs.conf
// (node address `<id>@<alias>`, seed nodes, cluster name, TLS files from its secrets), the certificates made for
// the containers' DNS names, and the form script the compose service runs. No container engine runs here, so
// the containers are stood in for by daemons on loopback addresses of their own (127.0.0.2 and up), each alias
// resolved to its address through an Erlang hosts file (ERL_INETRC), and each file path and listener moved
// from the container's to the host's. Nothing HA Raft reads is changed but the HA Raft port: in containers
// every node binds the standard port on its own address, which NSO binds on every address of a shared host.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { listen } from '../helpers/listen.js';
import { describeNso, type NsoProject, useNsoProject } from './nso.js';

interface ComposeService {
  networks?: { default?: { aliases?: string[] } };
  secrets?: { source: string; target: string }[];
  environment?: Record<string, string>;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
}

const NODES = ['n1', 'n2', 'n3'];

// A free TCP port on loopback, as the stand-in of a container's standard port.
async function freePort(): Promise<number> {
  const squatter = await listen(0);
  await squatter.close();
  return squatter.port;
}

// The exported ncs.conf of `node` as its stand-in daemon runs it: container paths under `root`, secrets at the
// files compose would mount, every listener on `address` at a free port; returns the text and its IPC port.
async function standIn(
  conf: string,
  root: string,
  secrets: readonly { target: string; file: string }[],
  address: string,
): Promise<{ text: string; ipcPort: number }> {
  let text = conf.replaceAll('/nso/run', join(root, 'run')).replaceAll('>/log', `>${join(root, 'log')}`);
  for (const secret of secrets) text = text.replaceAll(`>${secret.target}<`, `>${secret.file}<`);
  const listeners = [...text.matchAll(/<ip>0\.0\.0\.0<\/ip>(\s*)<port>(\d+)<\/port>/g)];
  let ipcPort = 0;
  for (const match of listeners) {
    const port = await freePort();
    if (match[2] === '4569') ipcPort = port;
    text = text.replace(match[0], `<ip>${address}</ip>${match[1]}<port>${port}</port>`);
  }
  const raft = await freePort();
  text = text.replace(
    /<min-port>\d+<\/min-port>(\s*)<max-port>\d+<\/max-port>/,
    `<min-port>${raft}</min-port>$1<max-port>${raft}</max-port>`,
  );
  return { text, ipcPort };
}

describeNso('export compose: an HA Raft cluster on real NSO', () => {
  const project = useNsoProject({
    project: 'raft-export',
    nso: { version: '6.2' },
    defaults: { haRaft: { enabled: true }, container: { image: 'cisco-nso-prod:6.2.5' } },
    instances: NODES.map((name) => ({ name })),
  });

  test('the exported files and form script form a TLS cluster named by DNS names', async () => {
    const p: NsoProject = project();
    const exported = await p.cli(['export', 'compose', '--out', 'deploy']);
    expect(exported.code, exported.stderr).toBe(0);
    const deploy = join(p.dir, 'deploy');
    const compose = parse(await readFile(join(deploy, 'compose.yaml'), 'utf8'), {
      version: '1.1',
    }) as ComposeFile;

    const hosts: string[] = [];
    const daemons: { root: string; ipcPort: number; address: string; secret: string }[] = [];
    for (const [index, node] of NODES.entries()) {
      const service = compose.services[node]!;
      const alias = service.networks?.default?.aliases?.[0];
      expect(alias).toBe(`${node}.raft-export`);
      const address = `127.0.0.${index + 2}`;
      hosts.push(`{host, {${address.replaceAll('.', ',')}}, ["${alias}"]}.`);
      const secrets = (service.secrets ?? []).map((s) => ({
        target: s.target,
        file: join(deploy, compose.secrets[s.source]!.file),
      }));
      const root = join(p.dir, 'stand-in', node);
      for (const dir of ['run/ncs-cdb', 'run/state', 'run/packages', 'run/rollbacks', 'log']) {
        await mkdir(join(root, dir), { recursive: true });
      }
      const conf = await readFile(join(deploy, node, 'ncs.conf'), 'utf8');
      expect(conf).toContain(`<node-address>ncsd_${node}@${alias}</node-address>`);
      const { text, ipcPort } = await standIn(conf, root, secrets, address);
      await writeFile(join(root, 'ncs.conf'), text);
      const secret = secrets.find((s) => s.target === '/run/secrets/ipc-access')!.file;
      daemons.push({ root, ipcPort, address, secret });
    }
    const inetrc = join(p.dir, 'stand-in', 'inetrc');
    await writeFile(inetrc, `${hosts.join('\n')}\n{lookup, [file, native]}.\n`);

    const ipcEnv = (d: (typeof daemons)[number]) =>
      `NCS_IPC_ADDR=${d.address} NCS_IPC_PORT=${d.ipcPort} NCS_IPC_ACCESS_FILE=${d.secret}`;
    try {
      // One after another: the first starts epmd, which the others then register with.
      for (const d of daemons) {
        const started = await p.shell(`ERL_INETRC=${inetrc} ncs --cd ${d.root}/run -c ${d.root}/ncs.conf`);
        expect(started.code, started.stdout + started.stderr).toBe(0);
      }
      const form = compose.services['ha-raft-raft-export']!;
      expect(form.environment).toMatchObject({ NCS_IPC_ADDR: 'n1' });
      const script = join(deploy, 'ha-raft-raft-export', 'form.sh');
      const formed = await p.shell(`${ipcEnv(daemons[0]!)} NSO_MULTI_FORM_SECONDS=60 dash ${script} form`, {
        timeoutMs: 90_000,
      });
      expect(formed.code, formed.stdout + formed.stderr).toBe(0);
      expect(formed.stdout).toContain(
        'creating HA Raft cluster raft-export with members ncsd_n2@n2.raft-export ncsd_n3@n3.raft-export',
      );
      expect(formed.stdout).toMatch(/HA Raft cluster raft-export: ncsd_n\d@n\d\.raft-export leads/);
      const check = await p.shell(`${ipcEnv(daemons[1]!)} dash ${script} check`);
      expect(check.code, check.stderr).toBe(0);
      // Every node follows one leader over TLS, and a second run adds nothing.
      const roles: string[] = [];
      for (const d of daemons) {
        const status = await p.shell(`${ipcEnv(d)} ncs_cmd -o -c 'mrtrans; x /ha-raft/status/role'`);
        roles.push(/\[(\w+)\]/.exec(status.stdout)?.[1] ?? status.stdout + status.stderr);
      }
      expect(roles.sort()).toEqual(['follower', 'follower', 'leader']);
      const again = await p.shell(`${ipcEnv(daemons[0]!)} dash ${script} form`);
      expect(again.code).toBe(0);
      expect(again.stdout).not.toContain('creating');
    } finally {
      for (const d of daemons) await p.shell(`${ipcEnv(d)} ncs --stop`);
    }
  });
});
