// Preload for diagnostic runs (`node --import bench/probes/instrument.mjs ...`; never used in timed runs):
// counts TCP and Unix listens, fsyncs and child processes of this one process, logs every module loaded, and
// writes it all as JSON to $BENCH_INSTRUMENT_OUT when the process exits.
import childProcess from 'node:child_process';
import fs from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire, register, syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

const out = process.env.BENCH_INSTRUMENT_OUT;
const moduleLog = `${out}.modules`;
const counts = { tcpListen: 0, unixListen: 0, fsync: 0, childProcesses: 0 };

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function countedListen(...args) {
  const first = args[0];
  const isPath = typeof first === 'string' || (first && typeof first === 'object' && 'path' in first);
  if (isPath) counts.unixListen++;
  else counts.tcpListen++;
  return listen.apply(this, args);
};

const spawn = childProcess.ChildProcess.prototype.spawn;
childProcess.ChildProcess.prototype.spawn = function countedSpawn(...args) {
  counts.childProcesses++;
  return spawn.apply(this, args);
};

const handle = await open(process.execPath, 'r');
const handleProto = Object.getPrototypeOf(handle);
await handle.close();
for (const method of ['sync', 'datasync']) {
  const original = handleProto[method];
  handleProto[method] = function countedSync(...args) {
    counts.fsync++;
    return original.apply(this, args);
  };
}
for (const name of ['fsync', 'fsyncSync', 'fdatasync', 'fdatasyncSync']) {
  const original = fs[name];
  fs[name] = function countedFsync(...args) {
    counts.fsync++;
    return original.apply(this, args);
  };
}
syncBuiltinESMExports();

fs.writeFileSync(moduleLog, '');
register('./instrument-hooks.mjs', import.meta.url, { data: { file: moduleLog } });

process.on('exit', () => {
  const require = createRequire(import.meta.url);
  const urls = new Set(fs.readFileSync(moduleLog, 'utf8').split('\n').filter(Boolean));
  for (const file of Object.keys(require.cache)) urls.add(`file://${file}`);
  const files = [...urls].filter((u) => u.startsWith('file://') && !u.includes('/bench/probes/'));
  fs.writeFileSync(out, JSON.stringify({ ...counts, modules: files }));
});
