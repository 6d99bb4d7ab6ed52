import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../../../src/errors.js';
import type { FetchResult } from '../../../src/fetch/fetch-feed.js';
import { createMemoryCounters } from '../../../src/metrics/counters.js';
import type { FeedRecord } from '../../../src/model.js';
import { pollFeed, type PollDeps } from '../../../src/pipeline/poll-feed.js';
import { decideFailure } from '../../../workers/retry-policy.js';

const FEED: FeedRecord = {
  id: 7, url: 'https://old.example/feed.xml', title: 'T', siteUrl: null, categories: [], status: 'active', etag: '"v1"', lastModified: null, bodyHash: null,
  lastPolledAt: null, lastSuccessAt: null, nextPollAt: null, lastErrorCode: null, lastErrorMessage: null, errorCount: 0, pollIntervalSec: null, fullText: false, fullTextSelector: null, blockRule: null, keepRule: null, fixedIntervalSec: null, lastNewItemAt: null, createdAt: '2025-01-17T00:00:00.000Z',
};

const movedNotModified: FetchResult = {
  kind: 'not-modified', status: 304, contentType: null, finalUrl: 'https://new.example/feed.xml', permanentUrl: 'https://new.example/feed.xml', etag: '"v1"', lastModified: null,
  cache: { maxAgeSec: null, expiresAt: null }, bytes: 0, redirects: 1, durationMs: 1,
};

/** Top-level keys of one JSON log line, duplicates kept (JSON.parse would keep only the last). */
function topLevelKeys(line: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"(\s*:)?|[{}[\]]/g)) {
    if (m[0] === '{' || m[0] === '[') depth++;
    else if (m[0] === '}' || m[0] === ']') depth--;
    else if (m[2] && depth === 1) keys.push(m[1]!);
  }
  return keys;
}

/** Runs one poll with the per-job child logger fetch.worker.ts makes; returns the lines logged. */
async function pollAndLog(fetch: PollDeps['fetch'], updateFeed: PollDeps['store']['updateFeed'] = async () => undefined): Promise<string[]> {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).trimEnd().split('\n')), done()) });
  const root = pino({ level: 'debug' }, sink);
  const deps: PollDeps = {
    store: { getFeed: async () => ({ ...FEED }), updateFeed, listFeeds: async () => [{ ...FEED }, { ...FEED, id: 8, url: 'https://new.example/feed.xml' }] },
    fetch,
    parse: () => { throw new Error('not parsed'); },
    seen: { filterNew: async (_id, entries) => entries.map(() => 'new' as const), remember: async () => undefined, forget: async () => undefined },
    enqueueItems: async () => undefined,
    schedule: { set: async () => undefined, remove: async () => undefined },
    decideFailure,
    counters: createMemoryCounters(),
    settings: { maxItemChars: 10_000, policy: {} },
    log: root.child({ jobId: 'j1', feedId: FEED.id }),
    now: () => new Date('2025-01-17T12:00:00Z'),
  };
  await pollFeed(FEED.id, deps);
  await new Promise((r) => setImmediate(r));
  return lines;
}

describe('pollFeed log lines', () => {
  it.each<[string, PollDeps['fetch'], PollDeps['store']['updateFeed'] | undefined, string]>([
    ['a failed poll', async () => { throw new IngestError('HTTP_STATUS', 'HTTP 500', { details: { status: 500 } }); }, undefined, 'feed poll failed'],
    ['a permanent redirect', async () => movedNotModified, undefined, 'feed moved permanently'],
    ['a permanent redirect to another feed', async () => movedNotModified, async (_id, patch) => { if (patch.url) throw new Error('unique'); }, 'feed moved permanently onto another feed: retired as its duplicate'],
  ])('name the feed once in %s (the child logger binds feedId)', async (_name, fetch, updateFeed, message) => {
    const lines = await pollAndLog(fetch, updateFeed);
    const line = lines.find((l) => (JSON.parse(l) as { msg: string }).msg === message);
    expect(line).toBeDefined();
    const keys = topLevelKeys(line!);
    expect(keys.filter((k) => k === 'feedId')).toEqual(['feedId']);
    expect(keys).toEqual([...new Set(keys)]);
    expect(JSON.parse(line!)).toMatchObject({ jobId: 'j1', feedId: 7 });
  });
});
