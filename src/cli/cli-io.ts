import type { Readable, Writable } from 'node:stream';

/** What a CLI command reads and writes; tests pass in-memory streams. */
export interface CliIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Environment for commands that load config (defaults to process.env in main). */
  env: Record<string, string | undefined>;
  cwd: string;
}

/** A command takes its arguments (after the command name) and returns the exit code. */
export type CliCommand = (args: string[], io: CliIO) => Promise<number>;

/** Writes one line of JSON. */
export function writeJsonLine(out: Writable, value: unknown): void {
  out.write(`${JSON.stringify(value)}\n`);
}
