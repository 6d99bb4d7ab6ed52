import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { discoverWithConfig } from '../discover/discover-with-config.js';
import { parseSelector } from '../fulltext/css-selector.js';
import { maskCredentials } from '../normalize/mask-credentials.js';
import { compileFeedRule } from '../pipeline/feed-rules.js';
import { addFeedWithSettings, findFeed, lookupFeed, parseFixedInterval, pauseFeed, resumeFeed, setFeedInterval } from '../pipeline/feed-state.js';
import { checkFeedUrl, decodeOpml, importOpml } from '../pipeline/import-opml.js';
import { createDueIndex } from '../queue/due-index.js';
import { createRedis, pingRedis } from '../queue/redis-connection.js';
import type { Config } from '../config/config-schema.js';
import type { FeedRecord } from '../model.js';
import { loadConfig } from '../config/load-config.js';
import { toFeedView } from '../api/feed-routes.js';
import { feedsToOpml } from '../api/opml-routes.js';
import { runReportingErrors, runWithStore } from './cli-context.js';
import { CliError, CLI_ERROR_CODES, fileUnreadable } from './cli-errors.js';
import { writeJsonLine, type CliIO } from './cli-io.js';
import { COMMAND_SPECS, readSubcommandArgs, writeUsageError, type CommandSpec } from './command-table.js';

const SPEC: CommandSpec = COMMAND_SPECS.feeds;
/** Operands each subcommand takes. */
const OPERANDS: Record<string, number> = { add: 1, discover: 1, rules: 1, remove: 1, 'full-text': 2, interval: 2, pause: 1, resume: 1, list: 0, import: 1, export: 0 };

/**
 * Puts feeds in the running service's schedule at once when Redis answers (else the scheduler's
 * next sync does): due now unless already there, removed, or due at `at` (replacing their time).
 */
async function scheduleNow(config: Config, feedIds: number[], change: 'add' | 'remove' | Date = 'add'): Promise<void> {
  if (feedIds.length === 0 || !(await pingRedis(config.redisUrl, 2000))) return;
  const redis = createRedis(config.redisUrl, { name: 'newsfeed:cli', failFast: true });
  try {
    const due = createDueIndex(redis, config.queuePrefix);
    if (change === 'remove') await due.remove(feedIds);
    else if (change instanceof Date) for (const id of feedIds) await due.schedule(id, change);
    else await due.addMissing(feedIds.map((feedId) => ({ feedId, at: new Date() })));
  } finally {
    redis.disconnect();
  }
}

/** 90 → "90s", 900 → "15m", 7200 → "2h", 5400 → "90m". */
function formatSeconds(seconds: number): string {
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) if (seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

/** What `feeds add` says of a known feed's settings after applying those given. */
function describeSettings(feed: FeedRecord, intervalGiven: boolean): string {
  const parts: string[] = [];
  if (feed.fullText) parts.push(`full text on${feed.fullTextSelector ? ` (selector ${feed.fullTextSelector})` : ''}`);
  if (feed.fixedIntervalSec !== null) parts.push(`every ${formatSeconds(feed.fixedIntervalSec)}`);
  else if (intervalGiven) parts.push('adaptive interval');
  return parts.join(', ');
}

/** The running service's schedule, changed at once when Redis answers (else its next sync with the store applies it). */
function runningSchedule(config: Config) {
  return { set: (id: number, at: Date) => scheduleNow(config, [id], at), remove: (ids: number[]) => scheduleNow(config, ids, 'remove') };
}

/** A --selector value: null when absent or empty (--no-selector), else checked (FULLTEXT_SELECTOR_INVALID). */
function checkSelector(value: string | undefined): string | null {
  if (!value?.trim()) return null;
  parseSelector(value);
  return value.trim();
}

/** `newsfeed feeds …`: manages the feed list in the store. */
export async function runFeeds(args: string[], io: CliIO): Promise<number> {
  const parsed = readSubcommandArgs(SPEC, args, io, OPERANDS);
  if (typeof parsed === 'number') return parsed;
  const { sub, read } = parsed;
  const rest = read.operands;
  const json = read.flags.has('--json');
  // Discovery reads the web, not the store: it works before any feed is added.
  if (sub === 'discover') {
    return runReportingErrors('feeds', io, async () => {
      const config = loadConfig({ env: io.env, cwd: io.cwd });
      for (const found of await discoverWithConfig(config)(checkFeedUrl(rest[0]!))) writeJsonLine(io.stdout, { ...found, url: maskCredentials(found.url) });
      return 0;
    });
  }
  return runWithStore('feeds', io, { create: sub === 'add' || sub === 'import' }, async ({ config, store }) => {
    switch (sub) {
      case 'add': {
        let url = checkFeedUrl(rest[0]!);
        let title: string | undefined;
        if (read.flags.has('--discover')) {
          const found = (await discoverWithConfig(config)(url))[0]!;
          if (found.via !== 'given') io.stdout.write(maskCredentials(`discovered: ${found.url} (${found.title || 'untitled'})\n`));
          url = found.url;
          title = found.title || undefined;
        }
        const selector = checkSelector(read.values['--selector']);
        const given = read.values['--interval'];
        const settings = {
          ...(read.flags.has('--full-text') || selector !== null ? { fullText: true } : {}),
          ...(selector !== null ? { fullTextSelector: selector } : {}),
          // `--interval adaptive` on a feed in the list takes its fixed interval away.
          ...(given !== undefined ? { fixedIntervalSec: parseFixedInterval(given) } : {}),
        };
        const { feed, created, updated } = await addFeedWithSettings(store, { url, title }, settings, runningSchedule(config));
        if (created) await scheduleNow(config, [feed.id]);
        const how = created ? 'added' : updated ? `already present, ${describeSettings(feed, given !== undefined)}` : 'already present';
        io.stdout.write(maskCredentials(`${how}: ${feed.id} ${feed.url}\n`));
        return 0;
      }
      case 'remove': {
        const target = rest[0]!;
        // By id, URL, or the URL as `feeds list` shows it (password masked); FEED_AMBIGUOUS names the ids when several feeds answer.
        const feed = await lookupFeed(store, target);
        if (!feed || !(await store.removeFeed(String(feed.id)))) throw new CliError(CLI_ERROR_CODES.feedNotFound, maskCredentials(`no feed ${target}`));
        await scheduleNow(config, [feed.id], 'remove');
        io.stdout.write(maskCredentials(`removed: ${feed.id} ${feed.url}\n`));
        return 0;
      }
      case 'full-text': {
        const on = { on: true, off: false }[rest[1]!.toLowerCase()];
        if (on === undefined) return writeUsageError(SPEC, 'feeds full-text takes URL|ID and on or off', io);
        if (read.flags.has('--no-selector') && read.values['--selector'] !== undefined) return writeUsageError(SPEC, 'feeds full-text takes --selector or --no-selector, not both', io);
        const given = read.flags.has('--no-selector') ? '' : read.values['--selector'];
        const selector = checkSelector(given);
        const feed = await findFeed(store, rest[0]!);
        await store.updateFeed(feed.id, { fullText: on, ...(given === undefined ? {} : { fullTextSelector: selector }) });
        const kept = given === undefined ? feed.fullTextSelector : selector;
        io.stdout.write(maskCredentials(`full text ${on ? 'on' : 'off'}${kept ? ` (selector ${kept})` : ''}: ${feed.id} ${feed.url}\n`));
        return 0;
      }
      case 'rules': {
        const patch: { blockRule?: string | null; keepRule?: string | null } = {};
        for (const [rule, name] of [['blockRule', 'block'], ['keepRule', 'keep']] as const) {
          const given = read.values[`--${name}`];
          if (given !== undefined && read.flags.has(`--no-${name}`)) return writeUsageError(SPEC, `feeds rules takes --${name} or --no-${name}, not both`, io);
          if (given !== undefined) patch[rule] = compileFeedRule(name, given) ? given.trim() : null;
          else if (read.flags.has(`--no-${name}`)) patch[rule] = null;
        }
        const feed = await findFeed(store, rest[0]!);
        if (Object.keys(patch).length) await store.updateFeed(feed.id, patch);
        const now = (await store.getFeed(feed.id))!;
        io.stdout.write(maskCredentials(`rules of ${now.id} ${now.url}: block ${now.blockRule === null ? 'none' : `/${now.blockRule}/i`}, keep ${now.keepRule === null ? 'all' : `/${now.keepRule}/i`}\n`));
        return 0;
      }
      case 'interval': {
        const seconds = parseFixedInterval(rest[1]!.toLowerCase());
        const { feed, changed } = await setFeedInterval(rest[0]!, seconds, { store, schedule: runningSchedule(config) });
        const every = feed.fixedIntervalSec === null ? 'adaptive' : `every ${formatSeconds(feed.fixedIntervalSec)}`;
        io.stdout.write(maskCredentials(`${changed ? 'interval' : 'unchanged'} (${every}${feed.nextPollAt ? `, next poll ${feed.nextPollAt}` : ''}): ${feed.id} ${feed.url}\n`));
        return 0;
      }
      case 'pause':
      case 'resume': {
        const { feed, changed } = await (sub === 'pause' ? pauseFeed : resumeFeed)(rest[0]!, { store, schedule: runningSchedule(config) });
        io.stdout.write(maskCredentials(`${changed ? (sub === 'pause' ? 'paused' : 'resumed') : `unchanged (${feed.status})`}: ${feed.id} ${feed.url}\n`));
        return 0;
      }
      case 'list': {
        const feeds = await store.listFeeds();
        if (json) {
          // The shape of GET /api/feeds' elements, from the API's own serialiser.
          for (const f of feeds) writeJsonLine(io.stdout, toFeedView(f));
        } else {
          for (const f of feeds) {
            const error = f.lastErrorCode ? `  ${f.lastErrorCode}: ${f.lastErrorMessage ?? ''}` : '';
            const every = f.fixedIntervalSec === null ? '' : `  every ${formatSeconds(f.fixedIntervalSec)}`;
            io.stdout.write(maskCredentials(`${String(f.id).padStart(5)}  ${f.status.padEnd(8)} ${f.url}${f.title ? `  (${f.title})` : ''}${every}${error}\n`));
          }
        }
        return 0;
      }
      case 'import': {
        const bytes = await readFile(path.resolve(io.cwd, rest[0]!)).catch((err: unknown) => {
          throw fileUnreadable(rest[0]!, err);
        });
        const result = await importOpml(decodeOpml(bytes), store);
        for (const r of result.rejected) io.stderr.write(maskCredentials(`skipped ${r.url}: ${r.reason}\n`));
        for (const w of result.warnings) io.stderr.write(maskCredentials(`added ${w.url} without a setting: ${w.warning}\n`));
        const ids = (await store.listFeedSchedule()).filter((f) => f.nextPollAt === null).map((f) => f.id);
        await scheduleNow(config, ids);
        io.stdout.write(`imported: ${result.added} added, ${result.existing} already present, ${result.rejected.length} skipped\n`);
        return 0;
      }
      default: {
        const feeds = await store.listFeeds();
        io.stdout.write(feedsToOpml(feeds));
        return 0;
      }
    }
  });
}
