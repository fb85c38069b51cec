// What every CLI command module exports, and the streams it writes to.

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (for progress displays and colour). */
  isTTY: boolean;
}

export interface CliCommand {
  /** Runs with the command's own arguments (after the command name); returns the exit code. */
  run(args: string[], global: GlobalOptions, io: CliIo): Promise<number>;
}

export interface GlobalOptions {
  config?: string;
  debug: boolean;
}

export interface CommandEntry {
  summary: string;
  usage: string;
  load: () => Promise<CliCommand>;
}
