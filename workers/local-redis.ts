import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { IngestError } from '../src/errors.js';
import { pingRedis } from '../src/queue/redis-connection.js';

export interface RedisHandle {
  url: string;
  /** Set when this process started its own redis-server. */
  child: ChildProcess | null;
  stop(): Promise<void>;
}

const HOW_TO_START =
  'start Redis first, e.g. `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --appendonly yes --maxmemory-policy noeviction`, ' +
  '`docker run -d -p 6379:6379 redis:7 --appendonly yes --maxmemory-policy noeviction`, or install it (`apt-get install redis-server`) ' +
  'so that newsfeed can start one itself; or point REDIS_URL at a running server';

function findOnPath(binary: string, envPath: string | undefined): string | null {
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Makes sure Redis answers. When nothing answers at the default REDIS_URL and `redis-server` is on
 * the PATH, runs one as a child process (data under `dataDir`, append-only file on, noeviction),
 * stopped with the service. An explicitly set REDIS_URL is never replaced: then it fails at once.
 */
export async function ensureRedis(opts: { url: string; explicit: boolean; dataDir: string; envPath?: string; log: Logger }): Promise<RedisHandle> {
  const none: RedisHandle = { url: opts.url, child: null, stop: async () => {} };
  if (await pingRedis(opts.url)) return none;
  if (opts.explicit) throw new IngestError('REDIS_UNAVAILABLE', `nothing answers at REDIS_URL=${opts.url}: ${HOW_TO_START}`);
  const binary = findOnPath('redis-server', opts.envPath);
  if (!binary) throw new IngestError('REDIS_UNAVAILABLE', `nothing answers at ${opts.url} and redis-server is not on the PATH: ${HOW_TO_START}`);

  const { hostname, port } = new URL(opts.url);
  const dir = path.resolve(opts.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    binary,
    ['--port', port || '6379', '--bind', hostname === 'localhost' ? '127.0.0.1' : hostname, '--dir', dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--logfile', path.join(dir, 'redis.log')],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 50 && child.exitCode === null; i++) {
    if (await pingRedis(opts.url, 200)) {
      opts.log.warn({ pid: child.pid, dir, url: opts.url }, 'no Redis answered: started a local redis-server for this service');
      return {
        url: opts.url,
        child,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const early = child.exitCode !== null;
  child.kill('SIGKILL');
  const logFile = path.join(dir, 'redis.log');
  const why = early ? `it exited (${lastLogLine(logFile) ?? `code ${child.exitCode}`})` : 'it did not answer';
  throw new IngestError('REDIS_UNAVAILABLE', `started redis-server (${binary}) but ${why} at ${opts.url}; see ${logFile}`);
}

/** The last line redis-server wrote to its log, without its pid and time prefix (null: no log). */
function lastLogLine(file: string): string | null {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    return lines.at(-1)!.replace(/^\d+:[A-Z] [^#*]*[#*] /, '') || null;
  } catch {
    return null;
  }
}
