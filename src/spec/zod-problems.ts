// Turns zod issues into spec problems with plain messages and a fix for each.
import type { z } from 'zod';
import { describeValue } from './describe-value.js';
import { didYouMean } from './did-you-mean.js';
import { type FixMeta, fixes } from './schema-fixes.js';
import { knownKeysAt, schemaAt, schemaLayers } from './schema-walk.js';
import type { PathProblem, SpecPath } from './spec-path.js';

type Issue = z.core.$ZodIssue & { input?: unknown };

// Converts the issues of a `safeParse(..., { reportInput: true })` against `root` into problems.
export function issuesToProblems(issues: readonly Issue[], root: z.ZodType): PathProblem[] {
  return issues.flatMap((issue): PathProblem[] => {
    const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
    return issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => unknownKeyProblem(root, path, key))
      : [problemAt(root, path, issue)];
  });
}

function problemAt(root: z.ZodType, path: SpecPath, issue: Issue): PathProblem {
  const meta = metaAt(root, path);
  const message = meta?.message?.(issue.input) ?? messageFor(issue);
  if (isQuotedNumber(issue)) return { path, message, fix: 'remove the quotes: this key takes a number' };
  if (meta === undefined) return { path, message, ...genericFix(issue, path) };
  return { path, message, fix: typeof meta.fix === 'function' ? meta.fix(issue.input) : meta.fix };
}

// A number written in quotes where a number belongs: the fix is to drop the quotes, whatever the key.
function isQuotedNumber(issue: Issue): boolean {
  return (
    issue.code === 'invalid_type' &&
    (issue.expected === 'number' || issue.expected === 'int') &&
    typeof issue.input === 'string' &&
    /^-?\d+(\.\d+)?$/.test(issue.input.trim())
  );
}

function unknownKeyProblem(root: z.ZodType, parent: SpecPath, key: string): PathProblem {
  const path = [...parent, key];
  if (key === 'name' && parent.length === 1 && parent[0] === 'defaults') {
    return { path, message: '`name` cannot have a default', fix: 'give each instance its own `name`' };
  }
  if (key === '<<') {
    return {
      path,
      message: 'YAML merge keys (`<<`) are not supported',
      fix: 'put settings shared by all instances under `defaults`',
    };
  }
  const known = knownKeysAt(root, parent).filter((k) => k !== '$schema');
  const guess = didYouMean(key, known);
  const fix = guess
    ? `did you mean \`${guess}\`?`
    : `remove it; known keys here: ${known.map((k) => `\`${k}\``).join(', ')}`;
  return { path, message: `unknown key \`${key}\``, fix };
}

function messageFor(issue: Issue): string {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required but missing';
      return `expected ${expectedName(issue.expected)}, got ${describeValue(input)}`;
    case 'too_small':
      if (issue.origin === 'array')
        return issue.minimum === 1 ? 'the list is empty' : `needs ${issue.minimum} items`;
      if (issue.origin === 'string') return 'must not be empty';
      return `${String(input)} is below the minimum ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `is longer than ${issue.maximum} characters`;
      return `${String(input)} is above the maximum ${issue.maximum}`;
    case 'invalid_format':
      return `${JSON.stringify(input)} is not allowed here`;
    default:
      return issue.message;
  }
}

function metaAt(root: z.ZodType, path: SpecPath): FixMeta | undefined {
  const node = schemaAt(root, path);
  for (const layer of node === undefined ? [] : schemaLayers(node)) {
    const meta = fixes.get(layer);
    if (meta) return meta;
  }
  return undefined;
}

// For nodes without their own fix text (the mappings that group keys).
function genericFix(issue: Issue, path: SpecPath): { fix?: string } {
  if (issue.code !== 'invalid_type') return {};
  if (issue.input === null) {
    return {
      fix: typeof path.at(-1) === 'number' ? 'remove the empty item' : 'give it a value, or remove the key',
    };
  }
  if (issue.expected === 'object')
    return { fix: 'write keys under it (see instances.example.yaml), or remove it' };
  return {};
}

function expectedName(expected: string): string {
  const names: Record<string, string> = {
    int: 'an integer',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    object: 'a mapping (key: value)',
    array: 'a list',
  };
  return names[expected] ?? expected;
}
