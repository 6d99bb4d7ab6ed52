import type { FastifyInstance } from 'fastify';
import type { Story } from '../model.js';
import type { LabelCount } from '../store/label-counts.js';
import { entityKey } from '../store/story-rows.js';
import { ApiError } from './api-errors.js';
import type { ApiDeps } from './api-deps.js';
import { rejectRepeated, rejectUnknown } from './story-params.js';
import { readTimeWindow } from './time-window.js';

const DEFAULT_TRENDS = 20;
/** The earliest time a Date holds. */
const MIN_DATE_MS = -8.64e15;
const KINDS = ['place', 'person', 'organization'] as const;
type EntityKind = (typeof KINDS)[number];
/** Ranked entities whose names are looked up at once; a `kind` filter looks further, this many at a time. */
const NAME_CHUNK = 100;
const MAX_NAME_CHUNKS = 5;

interface Trend {
  stories: number;
  clusters: number;
  previousStories: number;
  change: number;
}

/**
 * GET /api/trends?since=&until=&limit=&sort=count|rising&kind=place|person|organization — what the
 * news of a window is about, against the window of the same length before it: the entities
 * (places, people, organisations; a city's stories count for its country too) and the topics of
 * the window's stories, each with its stories, events (clusters) and stories in the previous
 * window. `sort=count` (default) ranks by stories; `sort=rising` by the change from the previous
 * window. Defaults: the 24 hours before `until` (or now), 20 of each.
 */
export function registerTrendRoutes(app: FastifyInstance, deps: ApiDeps, now: () => Date = () => new Date()): void {
  app.get('/api/trends', async (request) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    rejectUnknown(query, ['since', 'until', 'limit', 'sort', 'kind']);
    rejectRepeated(query, ['since', 'until', 'limit', 'sort', 'kind']);
    const window = readTimeWindow(query, { now: now(), defaultLimit: DEFAULT_TRENDS, maxLimit: deps.settings.maxLimit });
    if (window.since >= window.end) throw new ApiError('QUERY_INVALID', 'since: must be before until (or now)');
    const sort = typeof query.sort === 'string' ? query.sort.toLowerCase() : 'count';
    if (sort !== 'count' && sort !== 'rising') throw new ApiError('QUERY_INVALID', 'sort: count or rising');
    const kind = typeof query.kind === 'string' ? (query.kind.toLowerCase() as EntityKind) : undefined;
    if (kind !== undefined && !KINDS.includes(kind)) throw new ApiError('QUERY_INVALID', `kind: one of ${KINDS.join(', ')}`);
    const span = Date.parse(window.end) - Date.parse(window.since);
    const previousStart = Date.parse(window.since) - span;
    // Dates reach back to about 271,821 BC: a window longer than the time before it has no previous one.
    if (!(previousStart >= MIN_DATE_MS)) throw new ApiError('QUERY_INVALID', 'since: too far back (the window before it would start before the earliest date)');
    const previous = { since: new Date(previousStart).toISOString(), until: window.since };
    const current = { since: window.since, until: window.end };

    const ranked = async (namespace: 't' | 'e') => {
      const [now, before] = await Promise.all([deps.store.countLabels({ ...current, namespace }), deps.store.countLabels({ ...previous, namespace })]);
      return rankTrends(now, before, sort);
    };
    const [topics, entities] = await Promise.all([ranked('t'), ranked('e')]);
    const labels = new Map(deps.topics.map((t) => [t.id, t.label]));
    return {
      since: window.since,
      until: window.end,
      previous,
      entities: await nameEntities(entities, deps, kind, window.limit),
      topics: topics
        .slice(0, window.limit)
        .map(({ count, trend }) => ({ id: count.label.slice(2), label: labels.get(count.label.slice(2)) ?? null, ...trend })),
    };
  });
}

/** The window's labels with their previous counts, ranked by stories or by their rise (then stories, then name). */
function rankTrends(current: LabelCount[], previous: LabelCount[], sort: 'count' | 'rising'): Array<{ count: LabelCount; trend: Trend }> {
  const before = new Map(previous.map((c) => [c.label, c.stories]));
  const rows = current.map((count) => {
    const previousStories = before.get(count.label) ?? 0;
    return { count, trend: { stories: count.stories, clusters: count.clusters, previousStories, change: count.stories - previousStories } };
  });
  if (sort === 'rising') rows.sort((a, b) => b.trend.change - a.trend.change || b.trend.stories - a.trend.stories || (a.count.label < b.count.label ? -1 : 1));
  return rows;
}

/**
 * The display name and kind of each ranked entity label, read from one of its stories (the label
 * is a lower-cased key): the place, person or organisation of that key, or the country of one of
 * its places. Labels whose story names no such entity (none expected) are left out.
 */
async function nameEntities(ranked: Array<{ count: LabelCount; trend: Trend }>, deps: ApiDeps, kind: EntityKind | undefined, limit: number) {
  const out: Array<{ name: string; kind: EntityKind } & Trend> = [];
  for (let chunk = 0; chunk < MAX_NAME_CHUNKS && out.length < limit; chunk += 1) {
    const part = ranked.slice(chunk * NAME_CHUNK, (chunk + 1) * NAME_CHUNK);
    if (part.length === 0) break;
    const ids = [...new Set(part.map((r) => r.count.sampleStoryId))];
    const stories = new Map((await deps.store.queryStories({ ids, limit: ids.length })).stories.map((s) => [s.id, s]));
    for (const { count, trend } of part) {
      const story = stories.get(count.sampleStoryId);
      const named = story && nameOf(story, count.label.slice(2));
      if (!named || (kind && named.kind !== kind)) continue;
      out.push({ ...named, ...trend });
      if (out.length === limit) break;
    }
  }
  return out;
}

function nameOf(story: Story, key: string): { name: string; kind: EntityKind } | null {
  const lists: Array<[EntityKind, Story['entities']['places']]> = [
    ['place', story.entities.places],
    ['person', story.entities.people],
    ['organization', story.entities.organizations],
  ];
  for (const [kind, list] of lists) for (const e of list ?? []) if (entityKey(e.name) === key) return { name: e.name, kind };
  for (const p of story.entities.places ?? []) {
    const country = (p as { country?: unknown }).country;
    if (typeof country === 'string' && entityKey(country) === key) return { name: country, kind: 'place' };
  }
  return null;
}
