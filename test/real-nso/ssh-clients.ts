// Northbound logins over SSH with a password, the way a person tests them: OpenSSH's client fed by sshpass.
import { spawn } from 'node:child_process';

const SSH_OPTIONS = [
  '-o',
  'StrictHostKeyChecking=no',
  '-o',
  'UserKnownHostsFile=/dev/null',
  '-o',
  'LogLevel=ERROR',
  '-o',
  'PubkeyAuthentication=no',
  '-o',
  'NumberOfPasswordPrompts=1',
  '-o',
  'ConnectTimeout=10',
];
const END = ']]>]]>';
const NETCONF = 'urn:ietf:params:xml:ns:netconf:base:1.0';

interface SshRun {
  port: number;
  user: string;
  password: string;
  args: string[];
  /** Called with everything read so far; returns what to write next, or undefined. */
  onOutput?: (stdout: string, write: (text: string, end?: boolean) => void) => void;
  input?: string;
}

// Runs ssh to 127.0.0.1:port as user, bounded to 30 s; resolves with stdout when it exits 0 or `done()` says
// the exchange is complete (NSO may drop the connection after close-session); rejects with stderr otherwise.
function ssh({ port, user, password, args, onOutput, input }: SshRun, done = () => false): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'sshpass',
      ['-e', 'ssh', ...SSH_OPTIONS, '-p', String(port), `${user}@127.0.0.1`, ...args],
      {
        env: { ...process.env, SSHPASS: password },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    const write = (text: string, end = false) => {
      child.stdin.write(text);
      if (end) child.stdin.end();
    };
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      onOutput?.(stdout, write);
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.on('error', () => {});
    if (input !== undefined) write(input, true);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0 || done()) resolve(stdout);
      else reject(new Error(`ssh -p ${port} ${user}@127.0.0.1 exited ${code}: ${stderr.trim()}`));
    });
  });
}

// NETCONF over SSH: hello, one get-config of the running datastore with `filter`, close-session; the reply.
export async function netconfGetConfig(
  port: number,
  user: string,
  password: string,
  filter: string,
): Promise<string> {
  let sent = false;
  let reply = '';
  await ssh(
    {
      port,
      user,
      password,
      args: ['-s', 'netconf'],
      onOutput: (stdout, write) => {
        if (!sent && stdout.includes(END)) {
          sent = true;
          write(
            `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NETCONF}"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>${END}` +
              `<rpc message-id="1" xmlns="${NETCONF}"><get-config><source><running/></source><filter>${filter}</filter></get-config></rpc>${END}`,
          );
        } else if (sent && reply === '' && stdout.includes('</rpc-reply>')) {
          reply = stdout.slice(stdout.indexOf(END) + END.length);
          write(`<rpc message-id="2" xmlns="${NETCONF}"><close-session/></rpc>${END}`, true);
        }
      },
    },
    () => reply !== '',
  );
  return reply;
}

// The CLI over SSH running one command (NSO's SSH CLI starts in its J style); its output.
export function sshCli(port: number, user: string, password: string, command: string): Promise<string> {
  return ssh({ port, user, password, args: [command], input: '' });
}
