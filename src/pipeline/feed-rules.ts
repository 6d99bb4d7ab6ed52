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
  const risk = backtrackingRisk(text);
  // No regex engine here stops on time, so a rule must not be able to backtrack for long on a title.
  if (risk) throw new IngestError('FEED_RULE_INVALID', `${name} rule: ${risk}`);
  return re;
}

/** Matched text per field at most: with the limits below, the worst backtracking stays small. */
const MAX_FIELD_CHARS = 500;
const MAX_QUANTIFIERS = 6;
const MAX_UNBOUNDED = 2;

/**
 * Why a pattern could backtrack for long, or null. Rules are kept to the shape of news filters
 * (words, alternations, anchors, classes, a few repetitions): no repeated group (`(a|aa)+`,
 * `(a{1,5})+`), no back-reference, at most 6 quantifiers of which at most 2 unbounded or over 10
 * (`*`, `+`, `{5,}`, `{0,500}`). With fields cut to 500 characters, a rule then costs at most on
 * the order of 500² × 2⁴ steps.
 */
function backtrackingRisk(pattern: string): string | null {
  let quantifiers = 0;
  let unbounded = 0;
  let inClass = false;
  /** The previous token: a group's end, a quantifier, an opening parenthesis, or anything else. */
  let previous: 'group-end' | 'quantifier' | 'open' | 'atom' = 'atom';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i]!;
    if (c === '\\') {
      if (/[1-9k]/.test(pattern[i + 1] ?? '')) return 'back-references are not allowed';
      i += 1;
      previous = 'atom';
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      previous = 'atom';
      continue;
    }
    const bounded = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    const isQuantifier = c === '*' || c === '+' || c === '?' || bounded !== null;
    if (!isQuantifier) {
      previous = c === ')' ? 'group-end' : c === '(' ? 'open' : 'atom';
      continue;
    }
    // `(?:`, `(?=`, `(?<name>`: a group's opening, not a quantifier; `*?`, `+?`: a lazy quantifier's mark.
    if (c === '?' && (previous === 'open' || previous === 'quantifier')) {
      previous = 'atom';
      continue;
    }
    if (previous === 'group-end') return 'a repeated group, such as (a|aa)+ or (a{1,5})+, can take exponential time; repeat single characters or classes instead';
    previous = 'quantifier';
    quantifiers += 1;
    if (c === '*' || c === '+' || (bounded && (bounded[2] !== undefined && (bounded[3] === '' || Number(bounded[3]) > 10)))) unbounded += 1;
    if (bounded) i += bounded[0].length - 1;
  }
  if (quantifiers > MAX_QUANTIFIERS) return `more than ${MAX_QUANTIFIERS} repetitions (*, +, ?, {n,m})`;
  if (unbounded > MAX_UNBOUNDED) return `more than ${MAX_UNBOUNDED} open-ended repetitions (*, +, {n,}, {n,m} over 10)`;
  return null;
}

/**
 * Which items of a poll a feed's rules let through, as Miniflux's block and keep rules do: an item
 * whose title, link, author or any category matches the block rule is dropped; with a keep rule,
 * only items where it matches one of those are kept. Rules are matched case-insensitively.
 */
export function applyFeedRules<T extends Pick<FeedItem, 'title' | 'url' | 'author' | 'categories'>>(items: T[], rules: FeedRules): { kept: T[]; blocked: number } {
  if (!rules.block && !rules.keep) return { kept: items, blocked: 0 };
  const fields = (item: T) => [item.title, item.url ?? '', item.author ?? '', ...(item.categories ?? []).slice(0, 20)].map((v) => v.slice(0, MAX_FIELD_CHARS));
  const kept = items.filter((item) => {
    const values = fields(item);
    if (rules.block && values.some((v) => rules.block!.test(v))) return false;
    return !rules.keep || values.some((v) => rules.keep!.test(v));
  });
  return { kept, blocked: items.length - kept.length };
}
