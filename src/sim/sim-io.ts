// Where the simulator's command line prints; tests and embedding CLIs can capture it.

export interface SimIo {
  out(line: string): void;
  err(line: string): void;
}

// Prints to this process's stdout and stderr, one line per call.
export function processIo(): SimIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
}
