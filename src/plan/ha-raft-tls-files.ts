// Where HA Raft's TLS material lives: one certificate authority per cluster in the workdir, and in each node's
// run dir the files its ncs.conf names (the names NSO's raft-cluster example gives them: ca.crt, node.crt,
// node.key). Pure: paths only.
import { join } from 'node:path';

/** The files one node's `ha-raft/ssl` names. */
export interface HaRaftTlsFiles {
  /** The folder that holds them, in the node's run dir. */
  dir: string;
  caCertFile: string;
  certFile: string;
  keyFile: string;
}

// The TLS files of the node whose run dir is `runDir`.
export function haRaftTlsFiles(runDir: string): HaRaftTlsFiles {
  const dir = join(runDir, 'ha-raft');
  return {
    dir,
    caCertFile: join(dir, 'ca.crt'),
    certFile: join(dir, 'node.crt'),
    keyFile: join(dir, 'node.key'),
  };
}

// The folder of the project's certificate authorities, one folder per cluster: beside the run dirs.
export function haRaftCaRoot(workdir: string): string {
  return join(workdir, 'ha-raft-ca');
}

// The folder of a cluster's certificate authority (ca.crt, ca.key), outside every node's run dir.
export function clusterCaDir(workdir: string, clusterName: string): string {
  return join(haRaftCaRoot(workdir), clusterName);
}
