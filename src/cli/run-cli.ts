import type { EventEmitter } from 'node:events';
import { main } from './main.js';

/** True for the error a write gives when the reading end of its pipe has closed (`| head`, a pager that quit). */
export function isBrokenPipe(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'EPIPE';
}

/**
 * When `stream` reports a closed pipe, ends the process at once, quietly and with `exit(0)`: the
 * reader has all it wanted and nothing more can be said to it (as git and coreutils stop, without
 * a message, when their reader goes away). Any other stream error is thrown, as before.
 */
export function exitQuietlyOnBrokenPipe(stream: EventEmitter, exit: (code: number) => void): void {
  stream.on('error', (err: unknown) => {
    if (isBrokenPipe(err)) exit(0);
    else throw err;
  });
}

/** The process around `main` (bin/newsfeed.js): broken pipes end it quietly, the exit code is main's. */
export async function runCli(argv: string[]): Promise<void> {
  const exit = (code: number) => process.exit(code);
  exitQuietlyOnBrokenPipe(process.stdout, exit);
  exitQuietlyOnBrokenPipe(process.stderr, exit);
  try {
    process.exitCode = await main(argv);
  } catch (err) {
    process.stderr.write(`newsfeed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
}
