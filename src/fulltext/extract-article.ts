import { isWordCharacter } from '../dedup/word-hashes.js';
import { collapseWhitespace } from '../parse/html-to-text.js';
import { tokenizeHtml } from '../parse/tokenize-html.js';
import { escapeHtmlText } from '../parse/xml-tree.js';
import { matchesSelector, type Selector } from './css-selector.js';

/** The article of a web page: its paragraphs as simple HTML, and their word count. */
export interface ExtractedArticle {
  /** `<p>`, `<h2>`, `<li>`, `<blockquote>` paragraphs, text only (escaped), in page order. */
  html: string;
  words: number;
  /** `selector`: what the feed's selector names; `reader`: the reader-mode heuristic's choice. */
  via: 'selector' | 'reader';
}

/** Elements whose content is never text to read (code, embeds, form controls), even inside an element a selector names. */
const NEVER_TEXT = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'textarea', 'select', 'button']);
/**
 * Elements whose whole content is never the article: those, and page furniture. A `<form>` is not
 * one: ASP.NET pages wrap the whole page in one; comment and newsletter forms are furniture by their class.
 */
const SKIPPED = new Set([...NEVER_TEXT, 'nav', 'header', 'footer', 'aside', 'menu', 'dialog']);
/**
 * A class or id token of page furniture (the whole token, or its first part before - or _):
 * `sidebar`, `related-posts`, `comments_area`, `jp-relatedposts`; not `has-sidebar`, `js-ads`.
 */
const FURNITURE = /^(comments?|comment-list|discussion|footer|nav|navbar|navigation|menu|sidebar|related|relatedposts|jp-relatedposts|recommended|share|sharing|social|promo|advert|adverts?|ads?|ad-slot|banner|subscribe|newsletter|cookie|cookies|consent|breadcrumbs?|popup|modal|masthead|outbrain|taboola|paywall|most-read|mostread|trending)([-_].*)?$/;
/** A class or id token of an article body: its paragraphs weigh more. */
const ARTICLE_HINT = /^(article|content|entry|post|story|body|text|main)([-_].*)?$|[-_](article|content|body|text)$/;
/** Containers whose paragraphs are scored together. */
const CONTAINERS = new Set(['article', 'main', 'section', 'div', 'td', 'body']);
/** Text blocks collected as paragraphs (and the tag each becomes). */
const BLOCKS: Record<string, string> = { p: 'p', h2: 'h2', h3: 'h2', li: 'li', blockquote: 'blockquote', pre: 'p' };
/** Opening one of these ends an open text block (HTML lets `</p>` be left out). */
const BLOCK_BREAKERS = new Set(['p', 'div', 'section', 'article', 'ul', 'ol', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'figure', 'hr']);
const VOID = new Set(['br', 'img', 'hr', 'meta', 'link', 'input', 'source', 'wbr', 'area', 'base', 'col', 'embed', 'track', 'param']);

/** A paragraph shorter than this (characters) scores nothing. */
const MIN_PARAGRAPH = 25;
/** Fewer words than this in the best container: no article found. */
const MIN_WORDS = 50;
/** Elements nested deeper than this are read as part of the one at this depth (bounds the work per element). */
const MAX_DEPTH = 128;
/** A close tag is matched against this many open elements at most (a stray one costs no more). */
const MAX_CLOSE_SCAN = 32;
/** A paragraph's score reaches this many containers: its own, then its ancestors at 1/2, 1/3, 1/4. */
const SCORED_LEVELS = 4;

interface Frame {
  name: string;
  /** Index of the container this element is or is inside, -1 when none. */
  container: number;
  /** The element's attributes when a selector is matched (else none). */
  attrs: Array<[string, string]>;
  /** The selector matched this element. */
  selected: boolean;
  /** Page furniture, or inside it: its text is no article. */
  skip: boolean;
}

const NO_ATTRIBUTES: Array<[string, string]> = [];

interface Container {
  parent: number;
  depth: number;
  score: number;
  hinted: boolean;
  /** Scoring paragraphs (not mostly links) anywhere inside. */
  paragraphs: number;
}

interface Paragraph {
  tag: string;
  text: string;
  linkChars: number;
  container: number;
  /** Inside an element the selector matched. */
  selected: boolean;
}

interface Block {
  tag: string;
  depth: number;
  text: string;
  linkChars: number;
  container: number;
  selected: boolean;
  /** Text outside any block element (in a div, between `<br>`s): ended by two `<br>` in a row too. */
  implicit: boolean;
  brs: number;
}

/** The tokens of a class or id attribute, lower-cased. */
function tokensOf(attrs: Array<[string, string]>): string[] {
  const out: string[] = [];
  for (const [k, v] of attrs) if (k === 'class' || k === 'id') for (const t of v.toLowerCase().split(/\s+/)) if (t) out.push(t);
  return out;
}

/**
 * Finds the article in a web page the way reader modes do: every paragraph of 25 characters or
 * more scores its container (1, plus a point per comma and per 100 characters up to 3), and its
 * three nearest ancestor containers a half, a third and a quarter of that; text directly in a
 * container (between `<br>`s) counts as paragraphs too. Page furniture is skipped: nav, header,
 * footer, aside, forms, and elements whose class or id token says comments, sidebar, related,
 * share, promo, newsletter... Containers whose class or id says article, content, story, body...
 * and `<article>`, `<main>` weigh a quarter more. The best container, or the nearest ancestor
 * holding half as many paragraphs again (an article split into columns), gives the article: its
 * paragraphs, links-only ones dropped. Returns null when it has fewer than 50 words. The work per element is
 * bounded (nesting read to 128 levels, a close tag matched within 32 open elements), so the time
 * is linear in the page; never throws.
 */
export function extractArticle(page: string, opts: { selector?: Selector | null } = {}): ExtractedArticle | null {
  const selector = opts.selector ?? null;
  const stack: Frame[] = [];
  /** Open elements the selector matched (their paragraphs are the article when there are any). */
  let selectedOpen = 0;
  const containers: Container[] = [];
  const paragraphs: Paragraph[] = [];
  let block: Block | null = null;
  let inLink = 0;
  /** Open elements not pushed because the stack was at MAX_DEPTH (their closes are ignored). */
  let overflow = 0;

  const currentContainer = () => (stack.length ? stack[stack.length - 1]!.container : -1);
  const skipping = () => stack.length > 0 && stack[stack.length - 1]!.skip;
  const popFrame = () => {
    const frame = stack.pop()!;
    if (frame.skip) return;
    if (frame.name === 'a' && inLink > 0) inLink -= 1;
    if (frame.selected) selectedOpen -= 1;
    if (block && (stack.length < block.depth || frame.selected)) closeBlock();
  };
  const closeBlock = () => {
    if (!block) return;
    const text = collapseWhitespace(block.text);
    if (text) paragraphs.push({ tag: block.tag, text, linkChars: block.linkChars, container: block.container, selected: block.selected });
    block = null;
  };

  tokenizeHtml(page, {
    open(name, attrs, selfClosing) {
      if (VOID.has(name) || selfClosing) {
        if (name === 'br' && block) {
          block.text += ' ';
          block.brs += 1;
          if (block.implicit && block.brs >= 2) closeBlock();
        }
        return;
      }
      if (stack.length >= MAX_DEPTH) {
        overflow += 1;
        return;
      }
      // A block opened inside a <p> left open ends it, as HTML parsers end it.
      if (BLOCK_BREAKERS.has(name) && stack.length > 0 && stack[stack.length - 1]!.name === 'p') popFrame();
      const tokens = tokensOf(attrs);
      // The element the selector names is taken whatever its class says; furniture inside it is still skipped.
      const kept = selector ? attrs : NO_ATTRIBUTES;
      // The element a selector names is read even inside furniture (a page wrapped in a <form>);
      // furniture inside it is skipped as anywhere.
      const selected = selector !== null && !NEVER_TEXT.has(name) && matchesSelector(selector, stack, { name, attrs });
      const inSkipped = skipping();
      if (!selected && (inSkipped || SKIPPED.has(name) || tokens.some((t) => FURNITURE.test(t)))) {
        if (block && !inSkipped) closeBlock();
        stack.push({ name, container: currentContainer(), attrs: kept, selected: false, skip: true });
        return;
      }
      if (block && (selected || BLOCK_BREAKERS.has(name) || (block.implicit && BLOCKS[name]))) closeBlock();
      let container = currentContainer();
      if (CONTAINERS.has(name)) {
        const depth = container >= 0 ? containers[container]!.depth + 1 : 0;
        containers.push({ parent: container, depth, score: 0, hinted: name === 'article' || name === 'main' || tokens.some((t) => ARTICLE_HINT.test(t)), paragraphs: 0 });
        container = containers.length - 1;
      }
      stack.push({ name, container, attrs: kept, selected, skip: false });
      if (selected) selectedOpen += 1;
      if (name === 'a') inLink += 1;
      if (!block && BLOCKS[name]) block = { tag: BLOCKS[name]!, depth: stack.length, text: '', linkChars: 0, container, selected: selectedOpen > 0, implicit: false, brs: 0 };
    },
    close(name) {
      if (overflow > 0 && stack.length >= MAX_DEPTH && stack[stack.length - 1]!.name !== name) {
        overflow -= 1;
        return;
      }
      // Close up to the nearest open element of this name (unclosed children close with it).
      let at = stack.length - 1;
      const stop = Math.max(0, stack.length - MAX_CLOSE_SCAN);
      while (at >= stop && stack[at]!.name !== name) at -= 1;
      if (at < stop) return;
      while (stack.length > at) popFrame();
    },
    text(text) {
      if (skipping()) return;
      if (!block) {
        if (!text.trim() || stack.length === 0) return;
        block = { tag: 'p', depth: stack.length, text: '', linkChars: 0, container: currentContainer(), selected: selectedOpen > 0, implicit: true, brs: 0 };
      }
      block.text += text;
      if (text.trim()) block.brs = 0;
      if (inLink > 0) block.linkChars += text.trim().length;
    },
  });
  closeBlock();

  if (selector && paragraphs.some((p) => p.selected)) {
    // The operator's selector found the article: its paragraphs, whatever their length or score.
    const kept = paragraphs.filter((p) => p.selected && p.linkChars <= p.text.length / 2);
    if (kept.length > 0) return toArticle(kept, 'selector');
  }

  for (const p of paragraphs) {
    if (p.text.length < MIN_PARAGRAPH || p.tag !== 'p' || p.container < 0) continue;
    const points = 1 + (p.text.match(/[,，、]/g)?.length ?? 0) + Math.min(3, Math.floor(p.text.length / 100));
    let c = p.container;
    for (let level = 1; level <= SCORED_LEVELS && c >= 0; level += 1, c = containers[c]!.parent) containers[c]!.score += points / level;
    if (p.linkChars <= p.text.length / 2) for (c = p.container; c >= 0; c = containers[c]!.parent) containers[c]!.paragraphs += 1;
  }
  let best = -1;
  let bestScore = 0;
  containers.forEach((c, i) => {
    const score = c.hinted ? c.score * 1.25 : c.score;
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  if (best < 0) return null;
  // An article split into columns or blocks between ads scores its blocks apart: climb to an
  // ancestor (within 4 levels, then again from there) holding half as many paragraphs again.
  for (let up = containers[best]!.parent, levels = 1; up >= 0 && levels <= 4; up = containers[up]!.parent, levels += 1) {
    if (containers[up]!.paragraphs >= 1.5 * containers[best]!.paragraphs) [best, levels] = [up, 0];
  }

  // A paragraph is the best container's when the container is among its ancestors: walk up from its
  // own container, never above the best one's depth (bounded by MAX_DEPTH).
  const bestDepth = containers[best]!.depth;
  const within = (c: number): boolean => {
    while (c >= 0 && containers[c]!.depth > bestDepth) c = containers[c]!.parent;
    return c === best;
  };
  const kept = paragraphs.filter((p) => within(p.container) && p.linkChars <= p.text.length / 2 && (p.tag !== 'li' || p.text.length >= MIN_PARAGRAPH));
  const article = toArticle(kept, 'reader');
  return article.words < MIN_WORDS ? null : article;
}

function toArticle(kept: Paragraph[], via: ExtractedArticle['via']): ExtractedArticle {
  const words = kept.reduce((n, p) => n + countWords(p.text), 0);
  return { html: kept.map((p) => `<${p.tag}>${escapeHtmlText(p.text)}</${p.tag}>`).join(''), words, via };
}

/** Words separated by spaces, each ideograph or kana counting as one (Chinese and Japanese have no spaces). */
function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3040 && isWordCharacter(c)) {
      n += 1;
      inWord = false;
    } else if (c === 0x20 || c === 0x0a || c === 0x09) {
      inWord = false;
    } else if (!inWord) {
      inWord = true;
      n += 1;
    }
  }
  return n;
}
