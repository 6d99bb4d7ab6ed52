import { describe, expect, it } from 'vitest';
import type { FeedRecord } from '../../../src/model.js';
import { maskCredentials } from '../../../src/normalize/mask-credentials.js';
import { matchFeed } from '../../../src/pipeline/match-feed.js';

const feed = (id: number, url: string): FeedRecord => ({
  id,
  url,
  title: null,
  siteUrl: null,
  categories: [],
  status: 'active',
  etag: null,
  lastModified: null,
  bodyHash: null,
  lastPolledAt: null,
  lastSuccessAt: null,
  nextPollAt: null,
  lastErrorCode: null,
  lastErrorMessage: null,
  errorCount: 0,
  pollIntervalSec: null,
  fullText: false,
  fullTextSelector: null,
  blockRule: null,
  keepRule: null,
  fixedIntervalSec: null,
  lastNewItemAt: null,
  createdAt: '2025-01-01T00:00:00.000Z',
});

const FEEDS = [
  feed(1, 'https://example.com/feed'),
  feed(2, 'https://user:pw@private.example/feed.xml'),
  feed(3, 'https://news.example/Feed.XML?Section=World'),
  feed(4, 'https://alice:one@shared.example/rss'),
  feed(5, 'https://alice:two@shared.example/rss'),
  feed(6, 'https://bob@nopass.example/rss'),
  feed(7, 'https://bob:pw@nopass.example/rss'),
  feed(12, 'https://twelve.example/feed'),
];

describe('matchFeed', () => {
  it.each<[string, string, number | null]>([
    ['the id', '2', 2],
    ['an id no feed has', '99', null],
    ['a number is an id, never part of one (1 is not 12)', '1', 1],
    ['the stored URL', 'https://example.com/feed', 1],
    ['the stored URL with its password', 'https://user:pw@private.example/feed.xml', 2],
    ['the scheme and host in upper case', 'HTTPS://Example.COM/feed', 1],
    ['the host in another case, with the password', 'https://user:pw@PRIVATE.example/feed.xml', 2],
    ['the path in another case: another URL', 'https://example.com/FEED', null],
    ['the query in another case: another URL', 'https://news.example/Feed.XML?section=World', null],
    ['the path and query as stored, the host in upper case', 'https://NEWS.EXAMPLE/Feed.XML?Section=World', 3],
    ['the URL as listings mask it', maskCredentials('https://user:pw@private.example/feed.xml'), 2],
    ['masked, the host in upper case', 'HTTPS://user:***@Private.Example/feed.xml', 2],
    ['the user without a password', 'https://user@private.example/feed.xml', 2],
    ['another user', 'https://someone:***@private.example/feed.xml', null],
    ['a wrong password', 'https://user:wrong@private.example/feed.xml', null],
    ['no user at all: another URL', 'https://private.example/feed.xml', null],
    ['the user without a password, stored so', 'https://bob@nopass.example/rss', 6],
    ['masked: the one with a password, as listings show it', 'https://bob:***@nopass.example/rss', 7],
    ['not a URL', 'example.com/feed', null],
    ['empty', '', null],
  ])('%s: %s', (_name, given, id) => {
    expect(matchFeed(FEEDS, given)?.id ?? null).toBe(id);
  });

  it.each([
    ['masked', 'https://alice:***@shared.example/rss'],
    ['without the password', 'https://alice@SHARED.example/rss'],
  ])('refuses a URL %s that several feeds answer to, naming their ids', (_name, given) => {
    expect(() => matchFeed(FEEDS, given)).toThrow(expect.objectContaining({ code: 'FEED_AMBIGUOUS', message: expect.stringContaining('matches feeds 4, 5'), details: { ids: [4, 5] } }));
  });

  it.each([
    ['by its full URL', 'https://alice:two@shared.example/rss', 5],
    ['by its id', '4', 4],
  ])('finds one of the feeds a masked URL cannot tell apart %s', (_name, given, id) => {
    expect(matchFeed(FEEDS, given)?.id).toBe(id);
  });

  it('never shows a password given in its error', () => {
    const twins = [feed(1, 'https://u:a@Host.example/x'), feed(2, 'https://u:a@host.example/x')];
    expect(() => matchFeed(twins, 'https://u:a@HOST.example/x')).toThrow(expect.objectContaining({ code: 'FEED_AMBIGUOUS', message: 'https://u:***@HOST.example/x matches feeds 1, 2: give the id of the one meant' }));
  });
});
