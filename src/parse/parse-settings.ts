import type { Config } from '../config/config-schema.js';
import type { ParsedFeed } from '../model.js';
import { parseFeed } from './parse-feed.js';

/** parseFeed with the limits of the service's config (`parse.*`, and `fetch.maxBytes` as the byte cap). */
export function parseWithConfig(config: Config): (body: Uint8Array, opts: { contentType?: string | null; url?: string | null }) => ParsedFeed {
  const { maxItems, maxEntityExpansions, maxEntityChars, maxDepth, maxFieldChars } = config.parse;
  const limits = { maxItems, maxEntityExpansions, maxEntityChars, maxDepth, maxFieldChars, maxBytes: config.fetch.maxBytes };
  return (body, opts) => parseFeed(body, { ...opts, limits });
}
