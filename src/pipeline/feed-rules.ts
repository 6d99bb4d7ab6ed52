import { IngestError } from '../errors.js';
import type { FeedItem } from '../model.js';

/** A feed's item rules as stored: regular expressions, null when not set. */
export interface FeedRuleSource {
  blockRule: string | null;
  keepRule: string | null;
}

export interface FeedRules {
  block: RegExp | null;
  keep: RegExp | null;
}

/** Longest rule accepted: rules are short patterns of words, not programs. */
const MAX_RULE_CHARS = 500;

/**
 * Compiles a block or keep rule: a JavaScript regular expression, matched case-insensitively;
 * throws FEED_RULE_INVALID naming the problem. An empty rule is none (null).
 */
export function compileFeedRule(name: 'block' | 'keep', source: string | null | undefined): RegExp | null {
  const text = source?.trim();
  if (!text) return null;
  if (text.length > MAX_RULE_CHARS) throw new IngestError('FEED_RULE_INVALID', `${name} rule: longer than ${MAX_RULE_CHARS} characters`);
  let re: RegExp;
  try {
    re = new RegExp(text, 'i');
  } catch (err) {
    throw new IngestError('FEED_RULE_INVALID', `${name} rule: ${(err as Error).message}`);
  }
  if (hasNestedQuantifier(text)) {
    // `(a+)+` backtracks exponentially on a near miss, and would hold the fetcher up for good.
    throw new IngestError('FEED_RULE_INVALID', `${name} rule: a repeated group that holds a repetition, such as (a+)+, can take exponential time; write it without the nesting`);
  }
  return re;
}

/** Whether a group with `+`, `*` or `{n,}` inside is itself repeated by one of them (star height above 1, as safe-regex checks). */
function hasNestedQuantifier(pattern: string): boolean {
  /** Per open group: whether an unbounded repetition occurs inside it. */
  const groups: boolean[] = [];
  const unboundedAt = (i: number) => pattern[i] === '+' || pattern[i] === '*' || (pattern[i] === '{' && /^\{\d*,\}/.test(pattern.slice(i)));
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i];
    if (c === '\\') {
      i += 1;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') groups.push(false);
    else if (c === ')') {
      const repeatedInside = groups.pop() ?? false;
      if (repeatedInside && unboundedAt(i + 1)) return true;
      if ((repeatedInside || unboundedAt(i + 1)) && groups.length) groups[groups.length - 1] = true;
    } else if (unboundedAt(i) && groups.length) groups[groups.length - 1] = true;
  }
  return false;
}

/**
 * Which items of a poll a feed's rules let through, as Miniflux's block and keep rules do: an item
 * whose title, link, author or any category matches the block rule is dropped; with a keep rule,
 * only items where it matches one of those are kept. Rules are matched case-insensitively.
 */
export function applyFeedRules<T extends Pick<FeedItem, 'title' | 'url' | 'author' | 'categories'>>(items: T[], rules: FeedRules): { kept: T[]; blocked: number } {
  if (!rules.block && !rules.keep) return { kept: items, blocked: 0 };
  const fields = (item: T) => [item.title, item.url ?? '', item.author ?? '', ...(item.categories ?? [])];
  const kept = items.filter((item) => {
    const values = fields(item);
    if (rules.block && values.some((v) => rules.block!.test(v))) return false;
    return !rules.keep || values.some((v) => rules.keep!.test(v));
  });
  return { kept, blocked: items.length - kept.length };
}
