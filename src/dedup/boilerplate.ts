/**
 * Lines a feed adds around the story itself: bylines, wire credits, share and subscribe prompts,
 * "Read more" links, WordPress "The post ... appeared first on ..." footers, copyright lines.
 * Wire datelines ("MOSCOW, Jan 17 (Reuters) -") are always trimmed, so a copy with and a copy
 * without one read the same.
 */

/** Paragraphs longer than this are never treated as boilerplate lines (except footers below). */
const MAX_BOILERPLATE_WORDS = 30;

const LINE_PATTERNS: readonly RegExp[] = [
  /^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|research|produced|translated|fact[- ]check(?:ed|ing)?)\s+by\b/i,
  /^(?:written|posted|story|words|text|photos?|pictures?|images?|video|graphics?|interview)\s+by\s+\S/i,
  /^(?:read|see|watch|view)\s+more(?:\s*(?::|…|\.\.\.|»|›|>|$)|\s+(?:at|on|here|about|from|news|stories|coverage|of\s+our)\b)/i,
  /^(?:read|see|watch|listen\s+to|view)\s+(?:the\s+full\s+(?:story|article|report|interview)|the\s+original|full\s+(?:story|article|coverage)|also|next|related)\b/i,
  /^(?:continue|keep)\s+reading\b/i,
  /^(?:more|related)\s*(?:stories|articles|coverage|reading|news|content)?\s*:?\s*$/i,
  /^related(?:\s+(?:stories|articles|topics|coverage|links))?\s*:/i,
  /^(?:click|tap)\s+here\b/i,
  /^share\s+(?:this|on|via|the)\b/i,
  /^share\s*$/i,
  /^(?:subscribe|sign\s+up)\b.*\b(?:newsletter|updates|subscribe|inbox|alerts|free|today|now|here)\b/i,
  /^(?:follow|like)\s+us\s+on\b/i,
  /^(?:advertisement|sponsored(?:\s+content)?|ad)\s*$/i,
  /^(?:image|media|video)\s+caption\b/i,
  /^(?:photo|image|picture)\s*(?:credit)?\s*:\s*/i,
  /^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\))?\s*\d{4})/i,
  /^all\s+rights\s+reserved\.?$/i,
  /^our\s+standards\s*:/i,
  /^this\s+(?:article|story|post)\s+(?:originally\s+)?(?:appeared|was\s+(?:originally\s+)?published)\s+(?:first\s+)?(?:on|in|at)\b/i,
  /^(?:updated|published|last\s+updated|posted)\s*:?\s*(?:on\s+)?(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|today|yesterday)/i,
  /^\d+\s+min(?:ute)?s?\s+read$/i,
  /^\(?(?:reuters|ap|afp|bloomberg)\)?\s*$/i,
];

/** Footers recognised at any length. */
const FOOTER_PATTERNS: readonly RegExp[] = [
  /^the\s+post\s+.+\s+appeared\s+first\s+on\s+.+$/i,
  /^the\s+article\s+.+\s+(?:first\s+)?appeared\s+(?:first\s+)?on\s+.+$/i,
];

/** Trailing wire credit inside a paragraph: "... said. (Reporting by A; Editing by B)". */
const TRAILING_CREDIT = /\s*\(\s*(?:additional\s+)?(?:reporting|writing|editing|compiled)\s+by\b[^()]*\)\s*$/i;

/** Lower-case words allowed in a byline ("By Jane Doe and John Roe, staff reporter"). */
const BYLINE_FILLERS = new Set([
  'and', 'in', 'of', 'the', 'at', 'for', 'with', 'from', 'on', 'staff', 'reporter', 'reporters',
  'correspondent', 'correspondents', 'writer', 'writers', 'editor', 'editors', 'updated', 'published',
  'am', 'pm', 'gmt', 'utc', 'et', 'bst', 'cet', 'min', 'mins', 'read', 'news', 'desk', 'agencies',
  'via', 'de', 'van', 'von', 'der', 'al', 'bin', 'da', 'del', 'la', 'le',
]);

/** The patterns above as one alternation each: one regular-expression run per paragraph. */
const ANY_FOOTER = new RegExp(FOOTER_PATTERNS.map((p) => `(?:${p.source})`).join('|'), 'i');
const ANY_LINE = new RegExp(LINE_PATTERNS.map((p) => `(?:${p.source})`).join('|'), 'i');

export function isBoilerplateParagraph(paragraph: string): boolean {
  if (ANY_FOOTER.test(paragraph)) return true;
  if (countSpaces(paragraph, MAX_BOILERPLATE_WORDS) >= MAX_BOILERPLATE_WORDS) return false;
  if (/^by:?\s/i.test(paragraph) && isByline(paragraph.split(' '))) return true;
  return ANY_LINE.test(paragraph);
}

/** "By Jane Doe", "By JANE DOE | Updated 17 Jan", "By Jane Doe and John Roe, Reuters". */
function isByline(words: string[]): boolean {
  if (words.length < 2 || words.length > 16 || !/^by:?$/i.test(words[0] ?? '')) return false;
  const rest = words.slice(1).map((w) => w.replace(/^[^\p{L}\p{N}@]+|[^\p{L}\p{N}]+$/gu, '')).filter((w) => w !== '');
  if (rest.length === 0 || !/^\p{Lu}/u.test(rest[0] as string)) return false;
  for (const word of rest) {
    if (/^\p{Lu}/u.test(word) || /\d/.test(word) || word.includes('@')) continue;
    if (BYLINE_FILLERS.has(word.toLowerCase())) continue;
    return false;
  }
  return true;
}

export function stripTrailingCredit(paragraph: string): string {
  return paragraph.endsWith(')') ? paragraph.replace(TRAILING_CREDIT, '') : paragraph;
}

/** Spaces in text, counting stops at max. */
function countSpaces(text: string, max: number): number {
  let n = 0;
  for (let i = text.indexOf(' '); i >= 0 && n < max; i = text.indexOf(' ', i + 1)) n++;
  return n;
}

const AGENCIES = 'Reuters|AP|AFP|Bloomberg|dpa|DPA|Xinhua|UPI|ANSA|EFE|PA|IANS|PTI|Kyodo|Yonhap|TASS|Interfax|RIA|CNN|BBC|Anadolu|WAFA|IRNA|Bernama|AAP|CP|APA';
/** "MOSCOW, Jan 17 (Reuters) - ", "(AP) — ", "Tehran (AFP) – ". */
const AGENCY_DATELINE = new RegExp(
  `^(?:[\\p{L}][\\p{L}.'’ -]{0,40}?(?:,\\s*[\\p{L}][\\p{L}.]*\\s+\\d{1,2}(?:,\\s*\\d{4})?)?\\s*)?\\((?:${AGENCIES})\\)\\s*[-–—:]+\\s*`,
  'u',
);
/** "WASHINGTON — ", "NEW YORK, Jan. 17 -- " (an upper-case place, then a dash). */
const PLACE_DATELINE = /^\p{Lu}[\p{Lu}.'’ -]{1,40}?(?:,\s*\p{L}[\p{L}.]*\s+\d{1,2}(?:,\s*\d{4})?)?\s+(?:[–—]|--?)\s+/u;

export function stripDateline(paragraph: string): string {
  const agency = AGENCY_DATELINE.exec(paragraph);
  if (agency) return paragraph.slice(agency[0].length);
  const place = PLACE_DATELINE.exec(paragraph);
  if (place && !/[\p{Ll}]/u.test(place[0].replace(/,.*$/, ''))) return paragraph.slice(place[0].length);
  return paragraph;
}
