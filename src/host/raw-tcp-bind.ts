// A TCP bind test without net.Server: the bind(2), listen(2) and close(2) that `server.listen()` then
// `server.close()` make, done synchronously on Node's own TCP handle (the `tcp_wrap` binding that net uses
// underneath), with none of the Server object, its events and its two trips through the event loop. For
// 4000 ports that is ~70 ms instead of ~200 ms, which is most of what `plan` spends probing.
//
// The binding is Node's internal API (process.binding is documentation-deprecated, DEP0111), so it is only
// used when it is there and looks as expected, and never when the process asked to hear about pending
// deprecations (then process.binding would print a warning): otherwise the probe uses net.Server, which
// gives the same answers (test/host/raw-tcp-bind.test.ts compares them).
import { isIP } from 'node:net';
import { getSystemErrorName } from 'node:util';

interface TcpHandle {
  bind(address: string, port: number): number;
  bind6(address: string, port: number, flags: number): number;
  listen(backlog: number): number;
  close(): void;
}

interface TcpBinding {
  TCP: new (type: number) => TcpHandle;
  constants: { SERVER: number };
}

/** Binds address:port and listens, then closes at once; the error code (EADDRINUSE …) or undefined. */
export type RawTcpBind = (address: string, port: number) => string | undefined;

function wantsPendingDeprecations(env: NodeJS.ProcessEnv, execArgv: readonly string[]): boolean {
  return (
    execArgv.includes('--pending-deprecation') ||
    /(^|\s)--pending-deprecation(\s|$)/.test(env.NODE_OPTIONS ?? '') ||
    env.NODE_PENDING_DEPRECATION === '1'
  );
}

function loadBinding(): TcpBinding | undefined {
  try {
    const binding = (process as unknown as { binding: (name: string) => unknown }).binding('tcp_wrap');
    const candidate = binding as Partial<TcpBinding> | undefined;
    if (typeof candidate?.TCP !== 'function' || typeof candidate.constants?.SERVER !== 'number')
      return undefined;
    const probe = new candidate.TCP(candidate.constants.SERVER);
    const complete = ['bind', 'bind6', 'listen', 'close'].every(
      (method) => typeof (probe as unknown as Record<string, unknown>)[method] === 'function',
    );
    probe.close();
    return complete ? (candidate as TcpBinding) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The raw bind test when this Node.js offers it, else undefined (use net.Server). `loader` is for tests.
 * For `::` it binds dual-stack (no IPV6ONLY flag), as net.Server and NSO do.
 */
export function rawTcpBind(
  options: {
    env?: NodeJS.ProcessEnv;
    execArgv?: readonly string[];
    loader?: () => TcpBinding | undefined;
  } = {},
): RawTcpBind | undefined {
  if (wantsPendingDeprecations(options.env ?? process.env, options.execArgv ?? process.execArgv))
    return undefined;
  const binding = (options.loader ?? loadBinding)();
  if (binding === undefined) return undefined;
  const { TCP, constants } = binding;
  return (address, port) => {
    const handle = new TCP(constants.SERVER);
    try {
      let error = isIP(address) === 6 ? handle.bind6(address, port, 0) : handle.bind(address, port);
      if (error === 0) error = handle.listen(1);
      return error === 0 ? undefined : getSystemErrorName(error);
    } finally {
      // libuv closes the socket inside this call; only the handle's memory waits for the loop.
      handle.close();
    }
  };
}

let ofThisProcess: { bind: RawTcpBind | undefined } | undefined;

/** rawTcpBind() for this process, looked up once. */
export function processRawTcpBind(): RawTcpBind | undefined {
  ofThisProcess ??= { bind: rawTcpBind() };
  return ofThisProcess.bind;
}
