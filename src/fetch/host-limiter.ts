/**
 * Per-host politeness: at most `maxPerHost` requests in flight to one host name, and a host-wide
 * "do not contact before" time that a 429/503 with Retry-After sets for every feed on that host.
 * This file holds the interface and the in-memory implementation (one process, tests);
 * redis-host-limiter.ts holds the one shared by every process and machine.
 */

/** A held slot. `release()` is idempotent and never throws. */
export interface HostLease {
  readonly host: string;
  release(): Promise<void>;
}

export interface AcquireOptions {
  /** How long to wait for a slot before giving up with null. Default DEFAULT_HOST_LIMITS.acquireTimeoutMs. */
  timeoutMs?: number;
  /** Gives up (null) when aborted. */
  signal?: AbortSignal;
}

export interface HostLimiter {
  readonly maxPerHost: number;
  /** A slot now, or null when the host already has `maxPerHost` leases. */
  tryAcquire(host: string): Promise<HostLease | null>;
  /** Waits up to `timeoutMs` for a slot; null on timeout or abort. */
  acquire(host: string, opts?: AcquireOptions): Promise<HostLease | null>;
  /** Nobody should contact `host` before `untilMs` (epoch ms). Only ever extends an existing block. */
  blockHost(host: string, untilMs: number): Promise<void>;
  /** Epoch ms before which `host` must not be contacted, or null when it is not blocked. */
  hostBlockedUntil(host: string): Promise<number | null>;
}

export const DEFAULT_HOST_LIMITS = {
  /** Concurrent requests per host name. */
  maxPerHost: 2,
  /** A Redis lease not released within this time expires (a crashed process frees its slots). */
  leaseMs: 120_000,
  /** Default wait in `acquire`. */
  acquireTimeoutMs: 10_000,
} as const;

/** The limiter key of a host: lower-case, no brackets, no trailing dot. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

interface HostState {
  active: number;
  waiters: (() => void)[];
}

/** An in-process HostLimiter. `now` is injectable for tests. */
export function createMemoryHostLimiter(opts: { maxPerHost?: number; now?: () => number } = {}): HostLimiter {
  const maxPerHost = opts.maxPerHost ?? DEFAULT_HOST_LIMITS.maxPerHost;
  const now = opts.now ?? Date.now;
  const hosts = new Map<string, HostState>();
  const blocked = new Map<string, number>();

  const take = (host: string): HostLease | null => {
    const state = hosts.get(host) ?? { active: 0, waiters: [] };
    if (state.active >= maxPerHost) return null;
    state.active++;
    hosts.set(host, state);
    let released = false;
    return {
      host,
      release: async () => {
        if (released) return;
        released = true;
        state.active--;
        const next = state.waiters.shift();
        if (next) next();
        else if (state.active === 0) hosts.delete(host);
      },
    };
  };

  return {
    maxPerHost,
    tryAcquire: async (host) => take(normalizeHost(host)),
    acquire: (rawHost, { timeoutMs = DEFAULT_HOST_LIMITS.acquireTimeoutMs, signal } = {}) => {
      const host = normalizeHost(rawHost);
      const lease = take(host);
      if (lease || timeoutMs <= 0 || signal?.aborted) return Promise.resolve(lease);
      return new Promise((resolve) => {
        const state = hosts.get(host)!;
        const finish = (value: HostLease | null) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          const i = state.waiters.indexOf(wake);
          if (i >= 0) state.waiters.splice(i, 1);
          resolve(value);
        };
        const wake = () => {
          const got = take(host);
          if (got) finish(got);
          else state.waiters.unshift(wake);
        };
        const onAbort = () => finish(null);
        const timer = setTimeout(() => finish(null), timeoutMs);
        signal?.addEventListener('abort', onAbort, { once: true });
        state.waiters.push(wake);
      });
    },
    blockHost: async (host, untilMs) => {
      const key = normalizeHost(host);
      if (untilMs > (blocked.get(key) ?? 0)) blocked.set(key, untilMs);
    },
    hostBlockedUntil: async (host) => {
      const key = normalizeHost(host);
      const until = blocked.get(key);
      if (until === undefined) return null;
      if (until > now()) return until;
      blocked.delete(key);
      return null;
    },
  };
}
