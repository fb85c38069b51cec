// Instance names must be unique, also ignoring case: they name run folders and env files.
import { dottedPath } from '../spec-path.js';
import type { Rule } from './rule.js';

// Reports the second of two instances with the same name (or names that differ only in case).
// Works on the names as written, so a duplicate is reported even when either instance has other problems.
export const uniqueNames: Rule = ({ rawNames }) => {
  const seen = new Map<string, { name: string; index: number }>();
  return rawNames.flatMap((name, index) => {
    if (typeof name !== 'string') return [];
    const first = seen.get(name.toLowerCase());
    if (!first) {
      seen.set(name.toLowerCase(), { name, index });
      return [];
    }
    const where = dottedPath(['instances', first.index]);
    const message =
      first.name === name
        ? `instance name \`${name}\` is already used by ${where}`
        : `instance name \`${name}\` differs from \`${first.name}\` (${where}) only in case; their files would collide on case-insensitive file systems`;
    return [{ path: ['instances', index, 'name'], message, fix: 'give every instance a different name' }];
  });
};
