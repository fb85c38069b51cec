// Which TCP ports a process listens on, from Linux's /proc: after NSO reports itself started, `up` checks that
// the daemon itself holds each of its listeners. NSO 6.2.5 exits 20 only when its IPC port is taken; a taken
// NETCONF or CLI SSH port is logged (eaddrinuse) and the daemon starts without that listener (measured).
import { readdir, readFile, readlink } from 'node:fs/promises';

/** TCP's LISTEN state in /proc/net/tcp{,6}. */
const LISTEN = '0A';

// The inodes of the sockets `pid` holds; undefined where /proc cannot tell (not Linux, or not ours to read).
async function socketInodes(pid: number): Promise<Set<string> | undefined> {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => undefined);
  if (fds === undefined) return undefined;
  const links = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  const inodes = new Set<string>();
  for (const link of links) {
    const match = /^socket:\[(\d+)\]$/.exec(link);
    if (match) inodes.add(match[1]!);
  }
  return inodes;
}

// The members of the process group `leader` leads, itself first: an `ncs` started through a wrapper that does
// not exec may hold its sockets in a child, which stays in the group.
async function groupMembers(leader: number): Promise<number[]> {
  const members = [leader];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry) || Number(entry) === leader) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Field 5 (pgrp), counted after the parenthesised command name, which may hold spaces.
    const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    if (pgrp === leader) members.push(Number(entry));
  }
  return members;
}

// Port → inodes of the TCP sockets listening on it (IPv4 and IPv6).
async function listeningSockets(): Promise<Map<number, string[]> | undefined> {
  const tables = await Promise.all(
    ['/proc/net/tcp', '/proc/net/tcp6'].map((file) => readFile(file, 'utf8').catch(() => undefined)),
  );
  if (tables.every((table) => table === undefined)) return undefined;
  const byPort = new Map<number, string[]>();
  for (const table of tables) {
    for (const line of (table ?? '').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (local === undefined || fields[3] !== LISTEN) continue;
      const port = Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
      const inode = fields[9] ?? '';
      byPort.set(port, [...(byPort.get(port) ?? []), inode]);
    }
  }
  return byPort;
}

// The ports of `ports` on which the process group led by `pid` (a daemon `up` started) holds no listening TCP
// socket; empty when every one is held or when /proc cannot tell (then nothing is claimed missing). The leader
// is asked first (the daemon `up` starts is the leader itself); the rest of the group only for what it lacks.
export async function portsNotHeld(pid: number, ports: readonly number[]): Promise<number[]> {
  if (ports.length === 0) return [];
  const [held, sockets] = await Promise.all([socketInodes(pid), listeningSockets()]);
  if (held === undefined || sockets === undefined) return [];
  const notHeld = (inodes: Set<string>) =>
    ports.filter((port) => !(sockets.get(port) ?? []).some((inode) => inodes.has(inode)));
  if (notHeld(held).length === 0) return [];
  for (const member of (await groupMembers(pid)).slice(1)) {
    for (const inode of (await socketInodes(member)) ?? []) held.add(inode);
  }
  return notHeld(held);
}
