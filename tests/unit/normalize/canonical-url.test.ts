import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../../src/normalize/canonical-url.js';

describe('canonicalUrl', () => {
  it.each([
    // scheme, host, port
    ['HTTPS://Example.COM/News/Story', 'https://example.com/News/Story'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['https://example.com:8443/a', 'https://example.com:8443/a'],
    ['https://example.com./a', 'https://example.com/a'],
    ['https://www.example.com/a', 'https://www.example.com/a'],
    ['https://user:secret@example.com/a', 'https://example.com/a'],
    ['  https://example.com/a  ', 'https://example.com/a'],
    ['https://bücher.example/a', 'https://xn--bcher-kva.example/a'],
    // fragment
    ['https://example.com/a#comments', 'https://example.com/a'],
    ['https://example.com/#!/story/42', 'https://example.com/#!/story/42'],
    // path: index pages, trailing slash, dot segments
    ['https://example.com', 'https://example.com/'],
    ['https://example.com/', 'https://example.com/'],
    ['https://example.com/index.html', 'https://example.com/'],
    ['https://example.com/news/', 'https://example.com/news'],
    ['https://example.com/news/index.html', 'https://example.com/news'],
    ['https://example.com/news/Default.aspx', 'https://example.com/news'],
    ['https://example.com/news/index.php?id=4', 'https://example.com/news?id=4'],
    ['https://example.com/news/indexes.html', 'https://example.com/news/indexes.html'],
    ['https://example.com/a/./b/../c/', 'https://example.com/a/c'],
    // percent-encoding
    ['https://example.com/%7euser/%41rticle', 'https://example.com/~user/Article'],
    ['https://example.com/a%2fb%3a', 'https://example.com/a%2Fb%3A'],
    ['https://example.com/caf%c3%a9', 'https://example.com/caf%C3%A9'],
    ['https://example.com/café', 'https://example.com/caf%C3%A9'],
    ['https://example.com/a b', 'https://example.com/a%20b'],
    ['https://example.com/s?q=a%2bb&q2=a+b', 'https://example.com/s?q=a%2Bb&q2=a+b'],
    // tracking parameters
    ['https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x', 'https://example.com/a'],
    ['https://example.com/a?UTM_Source=rss&id=7', 'https://example.com/a?id=7'],
    ['https://example.com/a?fbclid=IwAR0&gclid=x&dclid=y&msclkid=z&yclid=1&igshid=2', 'https://example.com/a'],
    ['https://example.com/a?mc_cid=1&mc_eid=2&_ga=3&_gl=4', 'https://example.com/a'],
    ['https://example.com/a?CMP=twt_gu&smid=tw-share', 'https://example.com/a'],
    ['https://example.com/a?ref_src=twsrc%5Etfw', 'https://example.com/a'],
    ['https://example.com/a?ref=rss', 'https://example.com/a'],
    ['https://example.com/a?ref=twitter_share', 'https://example.com/a'],
    ['https://example.com/a?ref=main', 'https://example.com/a?ref=main'],
    ['https://example.com/a?source=feed', 'https://example.com/a'],
    ['https://example.com/a?source=reuters', 'https://example.com/a?source=reuters'],
    ['https://example.com/a?from=2024-01-01', 'https://example.com/a?from=2024-01-01'],
    // ordering and empty pieces
    ['https://example.com/a?b=2&a=1&c', 'https://example.com/a?a=1&b=2&c'],
    ['https://example.com/a?a=2&a=1', 'https://example.com/a?a=1&a=2'],
    ['https://example.com/a?&&a=1&', 'https://example.com/a?a=1'],
    ['https://example.com/a?', 'https://example.com/a'],
    ['https://example.com/a/?utm_source=x#top', 'https://example.com/a'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['not a url', 'unparseable'],
    ['/relative/path', 'relative'],
    ['//example.com/a', 'protocol-relative'],
    ['ftp://example.com/a', 'not http'],
    ['javascript:alert(1)', 'script'],
    ['mailto:a@example.com', 'mailto'],
    ['https://', 'no host'],
  ])('%s gives null (%s)', (input) => {
    expect(canonicalUrl(input)).toBeNull();
  });

  it('gives null past the length limit', () => {
    const long = `https://example.com/${'a'.repeat(5000)}`;
    expect(canonicalUrl(long)).toBeNull();
    expect(canonicalUrl(long, { maxLength: 10_000 })).toBe(long);
  });

  it.each([
    ['https://Example.com/a/?b=2&utm_source=x&a=1#f'],
    ['https://example.com/%7Ea/index.html?x=%2f'],
    ['http://example.com:80/a?ref=rss&z=1'],
  ])('is idempotent on %s', (input) => {
    const once = canonicalUrl(input);
    expect(once).not.toBeNull();
    expect(canonicalUrl(once as string)).toBe(once);
  });
});
