// Reads the bad-spec fixtures: NN-name.yaml, its NN-name.expected stderr, an optional NN-name.files/ folder
// copied beside it, and directives in its leading comments (`# run: render, plan`, `# read-only: DIR`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BadSpecCase {
  /** The fixture's file name, e.g. `05-duplicate-keys.yaml`; the CLI gets it with -c. */
  file: string;
  /** The file holding the exact stderr, the project folder written as <project>. */
  expected: string;
  /** A folder whose contents are copied into the project beside the spec. */
  companions: string | undefined;
  /** Commands to run, each with its flags, e.g. `up --sim`; default `render`. */
  commands: string[];
  /** Folders (relative to the project) made read-only before the run. */
  readOnly: string[];
}

function directive(lines: string[], name: string): string[] {
  const prefix = `# ${name}:`;
  const line = lines.find((l) => l.startsWith(prefix));
  if (line === undefined) return [];
  return line
    .slice(prefix.length)
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

// Lists the cases in `dir`, in file-name order.
export function readBadSpecCases(dir: string): BadSpecCase[] {
  return readdirSync(dir)
    .filter((file) => /^\d+-[a-z0-9-]+\.yaml$/.test(file))
    .sort()
    .map((file) => {
      const base = file.replace(/\.yaml$/, '');
      const comments = readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('#'));
      const commands = directive(comments, 'run');
      return {
        file,
        expected: `${base}.expected`,
        companions: existsSync(join(dir, `${base}.files`)) ? `${base}.files` : undefined,
        commands: commands.length > 0 ? commands : ['render'],
        readOnly: directive(comments, 'read-only'),
      };
    });
}
