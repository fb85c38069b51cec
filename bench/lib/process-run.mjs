// Runs one command as a child process and times it from spawn to exit. Every child is tracked so that an
// error or Ctrl-C can end it (and its process group) by pid; every run is bounded by a timeout.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

const live = new Set();
const TIME_BIN = '/usr/bin/time';
export const HAS_TIME_BIN = existsSync(TIME_BIN);

// Sends `signal` to the process group of every child still running (each was started as a group leader).
export function killLiveChildren(signal = 'SIGKILL') {
  for (const child of live) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }
}

// The peak RSS (VmHWM, KB) of a running process, or 0 when it cannot be read.
function readHwm(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    return line ? Number.parseInt(line.split(/\s+/)[1], 10) : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `command args` and resolves with { ms, code, stdout, stderr, rssKb?, cpuMs? }; rejects on a non-zero
 * exit (unless allowFail), a timeout or a spawn error. With `resources` the peak resident set size and the CPU
 * time (user + system) are measured too, through /usr/bin/time -f "%M %U %S": both cover the command and the
 * children it waited for. Without /usr/bin/time only the RSS is measured, by sampling VmHWM of the child.
 */
export async function runTimed(command, args, options = {}) {
  const { cwd, env, timeoutMs = 120_000, allowFail = false, resources = false, tmp } = options;
  let file = command;
  let argv = args;
  const rssFile = resources && HAS_TIME_BIN ? join(tmp, `time-${process.pid}-${performance.now()}`) : '';
  if (rssFile) {
    file = TIME_BIN;
    argv = ['-f', '%M %U %S', '-o', rssFile, command, ...args];
  }
  const started = performance.now();
  const child = spawn(file, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  live.add(child);
  const closed = new Promise((resolve) => child.once('close', resolve));
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d) => {
    stderr += d;
  });
  let sampledKb = 0;
  const sampler =
    resources && !rssFile
      ? setInterval(() => {
          sampledKb = Math.max(sampledKb, readHwm(child.pid));
        }, 20)
      : undefined;
  let timer;
  const outcome = await new Promise((resolve) => {
    timer = setTimeout(() => {
      killLiveGroup(child);
      resolve({ timedOut: true });
    }, timeoutMs);
    child.once('error', (error) => resolve({ error }));
    child.once('exit', (code, signal) => resolve({ code, signal, ms: performance.now() - started }));
  });
  clearTimeout(timer);
  if (sampler) clearInterval(sampler);
  // Output may still be in flight after 'exit'; wait for the pipes, bounded.
  let closeTimer;
  await Promise.race([closed, new Promise((r) => (closeTimer = setTimeout(r, 5000)))]);
  clearTimeout(closeTimer);
  live.delete(child);
  const what = `${command} ${args.join(' ')}`.slice(0, 200);
  if (outcome.timedOut) throw new Error(`${what}: no exit within ${timeoutMs / 1000} s`);
  if (outcome.error) throw new Error(`${what}: ${outcome.error.message}`);
  if (outcome.code !== 0 && !allowFail) {
    throw new Error(`${what}: exit ${outcome.code ?? outcome.signal}\n${stderr.slice(-2000)}`);
  }
  let rssKb;
  let cpuMs;
  if (rssFile) {
    const [kb, user, system] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ');
    rssKb = Number.parseInt(kb, 10);
    cpuMs = (Number(user) + Number(system)) * 1000;
    await rm(rssFile, { force: true });
  } else if (resources) {
    rssKb = sampledKb || undefined;
  }
  return { ms: outcome.ms, code: outcome.code, stdout, stderr, rssKb, cpuMs };
}

function killLiveGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
