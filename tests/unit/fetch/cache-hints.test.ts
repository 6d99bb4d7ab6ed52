import { describe, expect, it } from 'vitest';
import { parseCacheHints, parseRetryAfter } from '../../../src/fetch/cache-hints.js';

const NOW = Date.parse('2025-01-17T10:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    ['0', 0],
    [' 30 ', 30_000],
    ['1.5', 1_500],
    ['Fri, 17 Jan 2025 10:01:30 GMT', 90_000],
    ['Friday, 17-Jan-25 10:00:10 GMT', 10_000],
    ['Fri Jan 17 10:00:05 2025', 5_000],
    ['Fri, 17 Jan 2025 09:00:00 GMT', 0],
    ['99999999', 86_400_000],
    ['soon', null],
    ['-5', null],
    ['', null],
    [undefined, null],
  ])('%j -> %j ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it('honours a custom cap', () => {
    expect(parseRetryAfter('3600', NOW, 60_000)).toBe(60_000);
  });
});

describe('parseCacheHints', () => {
  it.each([
    [{ 'cache-control': 'public, max-age=600' }, { maxAgeSec: 600, expiresAt: null }],
    [{ 'cache-control': 'max-age="60", must-revalidate' }, { maxAgeSec: 60, expiresAt: null }],
    [{ 'cache-control': 'no-cache' }, { maxAgeSec: 0, expiresAt: null }],
    [{ 'cache-control': 'private, no-store, max-age=100' }, { maxAgeSec: 0, expiresAt: null }],
    [{ 'cache-control': 'max-age=abc' }, { maxAgeSec: null, expiresAt: null }],
    [{ expires: 'Fri, 17 Jan 2025 11:00:00 GMT' }, { maxAgeSec: null, expiresAt: '2025-01-17T11:00:00.000Z' }],
    // Server clock 5 minutes behind: the freshness lifetime (1 h) is kept, not the absolute time.
    [{ expires: 'Fri, 17 Jan 2025 10:55:00 GMT', date: 'Fri, 17 Jan 2025 09:55:00 GMT' }, { maxAgeSec: null, expiresAt: '2025-01-17T11:00:00.000Z' }],
    [{ expires: '0' }, { maxAgeSec: null, expiresAt: null }],
    [{ 'retry-after': '30' }, { maxAgeSec: null, expiresAt: null, retryAfterMs: 30_000 }],
  ])('%j -> %j', (headers, expected) => {
    expect(parseCacheHints(headers, NOW)).toEqual(expected);
  });
});
