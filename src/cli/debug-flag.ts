// Whether nso-multi itself was asked for --debug. A module of its own so that main.ts can ask before it
// loads the rest of the CLI.

// --debug before the command or among its options counts; after a `--` it belongs to the command `exec` runs.
export function debugRequested(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--debug');
}
