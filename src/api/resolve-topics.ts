import { ApiError } from './api-errors.js';
import type { TopicInfo } from './api-deps.js';

/**
 * The `topic` parameter as taxonomy ids: a comma list (`topic=energy,trade`), possibly repeated,
 * matched case-insensitively. A story matches any of them. Returns [] when no id is given; an id
 * the taxonomy does not have is a TOPIC_UNKNOWN error naming it.
 */
export function resolveTopics(raw: unknown, topics: TopicInfo[]): string[] {
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const byKey = new Map(topics.map((t) => [t.id.toLowerCase(), t.id]));
  const ids = new Set<string>();
  const unknown: string[] = [];
  for (const part of values.flatMap((v) => String(v).split(','))) {
    const key = part.trim().toLowerCase();
    if (!key) continue;
    const id = byKey.get(key);
    if (id) ids.add(id);
    else if (!unknown.includes(part.trim())) unknown.push(part.trim());
  }
  if (unknown.length) {
    const names = unknown.slice(0, 5).map((u) => `"${u.slice(0, 100)}"`).join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : '');
    throw new ApiError('TOPIC_UNKNOWN', `topic: unknown topic ${names}; GET /api/topics lists the topic ids`);
  }
  return [...ids];
}
