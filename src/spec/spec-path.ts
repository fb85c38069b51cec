// Paths of keys inside a spec: arrays of keys and list indexes, shown dotted in problems.

/** A key path inside the spec, e.g. ['instances', 1, 'ports', 'ipc']. */
export type SpecPath = readonly (string | number)[];

/** A problem before it is placed in a file: where (as a path) and what. */
export interface PathProblem {
  path: SpecPath;
  message: string;
  fix?: string;
}

// Renders a path the way problems show it: `instances.1.ports.ipc`.
export function dottedPath(path: SpecPath): string {
  return path.map(String).join('.');
}
