import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { IngestError } from '../errors.js';
import { configSchema, type Config } from './config-schema.js';

/** The DESIGN.md environment variables and the key each sets. */
export const ENV_KEYS = {
  REDIS_URL: 'redisUrl',
  DATABASE_URL: 'databaseUrl',
  FEEDS_FILE: 'feedsFile',
  TOPICS_FILE: 'topicsFile',
  CLASSIFIER_MODEL: 'classifierModel',
  HOST: 'host',
  PORT: 'port',
  QUEUE_PREFIX: 'queuePrefix',
  API_TOKEN: 'apiToken',
  ALLOW_PRIVATE_NETWORKS: 'allowPrivateNetworks',
  LOG_LEVEL: 'logLevel',
  FETCH_CONCURRENCY: 'fetch.concurrency',
  INGEST_CONCURRENCY: 'ingest.concurrency',
  SHUTDOWN_GRACE_MS: 'shutdown.graceMs',
  RETENTION_DAYS: 'retention.days',
} as const;

const GENERIC_PREFIX = 'NEWSFEED_';

export class ConfigError extends IngestError {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Defaults file; NEWSFEED_CONFIG in env, else config/default.yaml under cwd. */
  file?: string;
  /** Overrides applied last (tests), as dotted keys. */
  overrides?: Record<string, unknown>;
}

/**
 * Reads config/default.yaml, applies the environment, validates everything with one zod schema
 * and returns a deep-frozen Config. Throws ConfigError naming the key (and the variable that set it).
 */
export function loadConfig(opts: LoadConfigOptions = {}): Config {
  const env = opts.env ?? {};
  const cwd = opts.cwd ?? process.cwd();
  const file = path.resolve(cwd, opts.file ?? env.NEWSFEED_CONFIG ?? 'config/default.yaml');
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    // Run from elsewhere than the repository root (a service unit without WorkingDirectory): say so.
    const hint = (err as NodeJS.ErrnoException).code === 'ENOENT' && !opts.file && !env.NEWSFEED_CONFIG ? ' (run newsfeed from its repository root, or set NEWSFEED_CONFIG)' : '';
    throw new ConfigError(`cannot read ${file}: ${(err as Error).message}${hint}`);
  }
  if (!raw || typeof raw !== 'object') throw new ConfigError(`${file} must hold a mapping of settings`);
  const data = structuredClone(raw) as Record<string, unknown>;
  const sources = new Map<string, string>();

  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined) {
      setPath(data, key, value);
      sources.set(key, name);
    }
  }
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(GENERIC_PREFIX) || name === 'NEWSFEED_CONFIG' || value === undefined) continue;
    const key = name
      .slice(GENERIC_PREFIX.length)
      .split('__')
      .map((part) => part.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()))
      .join('.');
    setPath(data, key, value);
    sources.set(key, name);
  }
  for (const [key, value] of Object.entries(opts.overrides ?? {})) setPath(data, key, value);

  const result = configSchema.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(root)';
      const from = sources.get(key);
      return `  ${key}${from ? ` (from ${from})` : ''}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const config = { ...result.data, redisUrlExplicit: env.REDIS_URL !== undefined } as Config;
  return deepFreeze(config);
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (!next || typeof next !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
