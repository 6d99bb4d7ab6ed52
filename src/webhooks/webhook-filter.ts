import { ApiError } from '../api/api-errors.js';
import type { TopicInfo } from '../api/api-deps.js';
import { resolveEntity } from '../api/resolve-entity.js';
import { resolveTopics } from '../api/resolve-topics.js';
import { parseInclude, parseLanguages } from '../api/story-params.js';
import type { WebhookFilter } from '../model.js';
import { isEmptySearch } from '../store/story-query.js';
import type { StoryQuery } from '../store/story-store.js';

/** A subscription as a client gives it (POST /api/webhooks, `newsfeed webhooks add`). */
export interface WebhookInput {
  url: unknown;
  topic?: unknown;
  entity?: unknown;
  q?: unknown;
  feed?: unknown;
  category?: unknown;
  /** Language codes, a list or comma-separated (`en,fr`). */
  language?: unknown;
  secret?: unknown;
  /** `"text"` (or `["text"]`): deliveries carry each story's stored text. */
  include?: unknown;
}

const MAX_TEXT = 500;
const FIELDS = ['url', 'topic', 'entity', 'q', 'feed', 'category', 'language', 'secret', 'include'];

function optionalText(name: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ApiError('BAD_REQUEST', `${name}: must be a string`);
  const text = value.trim();
  if (text === '') throw new ApiError('BAD_REQUEST', `${name}: must not be empty (leave it out to match every story)`);
  if (text.length > MAX_TEXT) throw new ApiError('BAD_REQUEST', `${name}: at most ${MAX_TEXT} characters`);
  return text;
}

/**
 * Checks a subscription: an absolute http(s) URL, the filters /api/stories takes (topic ids known
 * to the taxonomy, as a list or comma-separated; entity, q, feed as there) and an optional secret
 * of 16 to 500 characters; category and language as there. Throws a coded ApiError (BAD_REQUEST, TOPIC_UNKNOWN) naming the field.
 */
export function checkWebhookInput(input: WebhookInput, topics: TopicInfo[]): { url: string; filter: WebhookFilter; secret: string | null; includeText: boolean } {
  // A misspelt field (`topics`) would otherwise subscribe to every story.
  const unknown = Object.keys(input).filter((k) => !FIELDS.includes(k));
  if (unknown.length) throw new ApiError('BAD_REQUEST', `${unknown[0]!.slice(0, 100)}: not a field of a subscription; it takes ${FIELDS.join(', ')}`);
  if (typeof input.url !== 'string') throw new ApiError('BAD_REQUEST', 'url: required, an http(s) URL');
  let url: URL;
  try {
    url = new URL(input.url.trim());
  } catch {
    throw new ApiError('BAD_REQUEST', 'url: not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ApiError('BAD_REQUEST', 'url: must be an http(s) URL');
  const topic = input.topic === undefined || input.topic === null ? [] : resolveTopics(input.topic, topics);
  if (input.topic !== undefined && input.topic !== null && topic.length === 0) throw new ApiError('BAD_REQUEST', 'topic: give one or more topic ids (leave it out to match every topic)');
  const q = optionalText('q', input.q);
  if (q !== null && isEmptySearch(q)) throw new ApiError('BAD_REQUEST', 'q: give at least one word of letters or digits');
  // The secret as given, spaces included: the receiver signs with the same bytes.
  const secret = optionalText('secret', input.secret) === null ? null : (input.secret as string);
  if (secret !== null && secret.length < 16) throw new ApiError('BAD_REQUEST', 'secret: at least 16 characters');
  const noLanguage = input.language === undefined || input.language === null || (Array.isArray(input.language) && input.language.length === 0);
  const language = noLanguage ? [] : parseLanguages(input.language, 'BAD_REQUEST');
  const filter = { topic, entity: optionalText('entity', input.entity), q, feed: optionalText('feed', input.feed), category: optionalText('category', input.category), language };
  return { url: url.href, filter, secret, includeText: readInclude(input.include) };
}

/** `include`: absent or null (nothing more), or `text` as /api/stories takes it (a list too); BAD_REQUEST otherwise. */
function readInclude(value: unknown): boolean {
  return value !== undefined && value !== null && parseInclude(value, 'BAD_REQUEST').text;
}

/** The store query that picks, among `ids`, the stories a subscription wants (as /api/stories would). */
export function webhookQuery(filter: WebhookFilter, ids: string[]): StoryQuery {
  const query: StoryQuery = { ids, limit: Math.max(1, ids.length) };
  if (filter.topic.length) query.topic = filter.topic;
  if (filter.entity) query.entity = resolveEntity(filter.entity);
  if (filter.q) query.q = filter.q;
  if (filter.feed) query.feed = filter.feed;
  if (filter.category) query.category = filter.category;
  if (filter.language?.length) query.language = filter.language;
  return query;
}
