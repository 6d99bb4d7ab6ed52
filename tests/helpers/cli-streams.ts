import { PassThrough, Readable } from 'node:stream';
import type { CliIO } from '../../src/cli/cli-io.js';

/** In-memory stdin/stdout/stderr for driving a CLI command in a test. */
export function memoryIo(input = '', env: Record<string, string | undefined> = {}): { io: CliIO; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { io: { stdin: Readable.from([input]), stdout, stderr, env, cwd: process.cwd() }, out: () => out, err: () => err };
}
