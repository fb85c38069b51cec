// Looks up Unix groups in /etc/group, so a spec's `group` can be checked and turned into a gid.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface GroupEntry {
  name: string;
  gid: number;
}

/** Parses the text of /etc/group into entries; malformed lines are skipped. */
export function parseGroupFile(text: string): GroupEntry[] {
  const entries: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [name, , gidText] = line.split(':');
    if (!name || gidText === undefined || !/^\d+$/.test(gidText)) continue;
    entries.push({ name, gid: Number(gidText) });
  }
  return entries;
}

/** Finds a group by name or numeric gid (a number, or a string of digits) in the given entries. */
export function findGroup(
  entries: readonly GroupEntry[],
  nameOrGid: string | number,
): GroupEntry | undefined {
  if (typeof nameOrGid === 'number' || /^\d+$/.test(nameOrGid)) {
    const gid = Number(nameOrGid);
    return entries.find((e) => e.gid === gid);
  }
  return entries.find((e) => e.name === nameOrGid);
}

let cached: Promise<GroupEntry[]> | undefined;

// Reads /etc/group once per process; an unreadable file yields no entries (numeric gids still resolve).
export function readGroups(path = '/etc/group'): Promise<GroupEntry[]> {
  if (path !== '/etc/group') return readFile(path, 'utf8').then(parseGroupFile, () => []);
  cached ??= readFile(path, 'utf8').then(parseGroupFile, () => []);
  return cached;
}

// Asks the name service (LDAP, sssd, …) through getent, for groups that /etc/group does not list.
function getentGroup(nameOrGid: string | number): Promise<GroupEntry | undefined> {
  return new Promise((resolve) => {
    execFile('getent', ['group', String(nameOrGid)], { timeout: 5000 }, (error, stdout) => {
      resolve(error ? undefined : parseGroupFile(stdout)[0]);
    });
  });
}

// Resolves a group name or gid to an entry, or undefined when no such group exists.
export async function lookupGroup(nameOrGid: string | number): Promise<GroupEntry | undefined> {
  return findGroup(await readGroups(), nameOrGid) ?? getentGroup(nameOrGid);
}
