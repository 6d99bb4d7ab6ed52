import { describe, expect, it } from 'vitest';
import { maskCredentials } from '../../../src/normalize/mask-credentials.js';

describe('maskCredentials', () => {
  it.each([
    ['https://user:hunter2@feeds.example/rss', 'https://user:***@feeds.example/rss'],
    ['http://:token@feeds.example/rss', 'http://:***@feeds.example/rss'],
    ['https://user@feeds.example/rss', 'https://user@feeds.example/rss'],
    ['https://feeds.example/rss?a=b:c@d', 'https://feeds.example/rss?a=b:c@d'],
    ['redirect loop: https://u:p@a.example/x -> https://u:p@b.example/y was already visited', 'redirect loop: https://u:***@a.example/x -> https://u:***@b.example/y was already visited'],
    ['no URL here: user:pass@host', 'no URL here: user:pass@host'],
  ])('%s → %s', (text, masked) => {
    expect(maskCredentials(text)).toBe(masked);
  });
});
