import { collapseWhitespace } from '../parse/html-to-text.js';
import { tokenizeHtml } from '../parse/tokenize-html.js';
import { escapeHtmlText } from '../parse/xml-tree.js';
import { isWordCharacter } from '../dedup/word-hashes.js';

/** The article of a web page: its paragraphs as simple HTML, and their word count. */
export interface ExtractedArticle {
  /** `<p>`, `<h2>`, `<li>`, `<blockquote>` paragraphs, text only (escaped), in page order. */
  html: string;
  words: number;
}

/** Elements whose whole content is never the article (page furniture, code, forms). */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'nav', 'header', 'footer', 'aside', 'form', 'button', 'select', 'svg', 'iframe', 'object', 'menu', 'dialog']);
/** class or id of page furniture: its subtree is skipped. */
const FURNITURE = /(^|[\s_-])(comments?|footer|foot|nav|navbar|menu|sidebar|side-bar|related|recommended|share|sharing|social|promo|advert|ads?|ad-slot|banner|subscribe|newsletter|cookie|consent|breadcrumbs?|popup|modal|masthead|outbrain|taboola|paywall|most-read|trending)([\s_-]|$)/i;
/** class or id of an article body: its paragraphs weigh more. */
const ARTICLE_HINT = /(^|[\s_-])(article|content|entry|post|story|body|text|main)([\s_-]|$)/i;
/** Containers whose paragraphs are scored together. */
const CONTAINERS = new Set(['article', 'main', 'section', 'div', 'td', 'body']);
/** Text blocks collected as paragraphs (and the tag each becomes). */
const BLOCKS: Record<string, string> = { p: 'p', h2: 'h2', h3: 'h2', li: 'li', blockquote: 'blockquote', pre: 'p' };
/** Opening one of these ends an open text block (HTML lets `</p>` be left out). */
const BLOCK_BREAKERS = new Set(['p', 'div', 'section', 'article', 'ul', 'ol', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'figure', 'hr']);
const VOID = new Set(['br', 'img', 'hr', 'meta', 'link', 'input', 'source', 'wbr', 'area', 'base', 'col', 'embed', 'track', 'param']);

/** A paragraph shorter than this (characters) scores nothing; in the output only under a heading's rule. */
const MIN_PARAGRAPH = 25;
/** Fewer words than this in the best container: no article found. */
const MIN_WORDS = 50;

interface Frame {
  name: string;
  /** Index of the container this element is or is inside, -1 when none. */
  container: number;
}

interface Container {
  parent: number;
  score: number;
  hinted: boolean;
}

interface Paragraph {
  tag: string;
  text: string;
  linkChars: number;
  /** The containers holding it, innermost first. */
  containers: number[];
}

/**
 * Finds the article in a web page the way reader modes do: every paragraph of 25 characters or
 * more scores its container (1, plus a point per comma and per 100 characters up to 3) and half
 * that to the container's parent; page furniture (nav, header, footer, aside, forms, and elements
 * whose class or id says comments, sidebar, related, share, promo, newsletter...) is skipped, and
 * containers whose class or id says article, content, story, body... weigh a quarter more. The
 * best container's paragraphs, links-only ones dropped, are the article. Returns null when it has
 * fewer than 50 words. Linear in the page; never throws.
 */
export function extractArticle(page: string): ExtractedArticle | null {
  const stack: Frame[] = [];
  const containers: Container[] = [];
  const paragraphs: Paragraph[] = [];
  let skipDepth = 0;
  let block: { tag: string; depth: number; text: string; linkChars: number; container: number } | null = null;
  let inLink = 0;

  const currentContainer = () => (stack.length ? stack[stack.length - 1]!.container : -1);
  const closeBlock = () => {
    if (!block) return;
    const text = collapseWhitespace(block.text);
    if (text) {
      const chain: number[] = [];
      for (let c = block.container; c >= 0; c = containers[c]!.parent) chain.push(c);
      paragraphs.push({ tag: block.tag, text, linkChars: block.linkChars, containers: chain });
    }
    block = null;
  };

  tokenizeHtml(page, {
    open(name, attrs, selfClosing) {
      if (VOID.has(name) || selfClosing) {
        if (name === 'br' && block) block.text += ' ';
        return;
      }
      const marks = attrs.filter(([k]) => k === 'class' || k === 'id').map(([, v]) => v).join(' ');
      if (skipDepth > 0 || SKIPPED.has(name) || (marks && FURNITURE.test(marks) && !ARTICLE_HINT.test(name))) {
        skipDepth += 1;
        stack.push({ name, container: currentContainer() });
        return;
      }
      if (block && BLOCK_BREAKERS.has(name)) closeBlock();
      let container = currentContainer();
      if (CONTAINERS.has(name)) {
        containers.push({ parent: container, score: 0, hinted: name === 'article' || name === 'main' || ARTICLE_HINT.test(marks) });
        container = containers.length - 1;
      }
      stack.push({ name, container });
      if (name === 'a') inLink += 1;
      if (!block && BLOCKS[name]) block = { tag: BLOCKS[name]!, depth: stack.length, text: '', linkChars: 0, container };
    },
    close(name) {
      // Close up to the nearest open element of this name (unclosed children close with it).
      let at = stack.length - 1;
      while (at >= 0 && stack[at]!.name !== name) at -= 1;
      if (at < 0) return;
      while (stack.length > at) {
        const frame = stack.pop()!;
        if (skipDepth > 0) {
          skipDepth -= 1;
          continue;
        }
        if (frame.name === 'a' && inLink > 0) inLink -= 1;
        if (block && stack.length < block.depth) closeBlock();
      }
    },
    text(text) {
      if (skipDepth > 0 || !block) return;
      block.text += text;
      if (inLink > 0) block.linkChars += text.trim().length;
    },
  });
  closeBlock();

  for (const p of paragraphs) {
    if (p.text.length < MIN_PARAGRAPH || p.tag !== 'p' || p.containers.length === 0) continue;
    const points = 1 + (p.text.match(/[,，、]/g)?.length ?? 0) + Math.min(3, Math.floor(p.text.length / 100));
    containers[p.containers[0]!]!.score += points;
    if (p.containers.length > 1) containers[p.containers[1]!]!.score += points / 2;
  }
  let best = -1;
  let bestScore = 0;
  containers.forEach((c, i) => {
    const score = c.hinted ? c.score * 1.25 : c.score;
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  if (best < 0) return null;

  const kept = paragraphs.filter((p) => p.containers.includes(best) && p.linkChars <= p.text.length / 2 && (p.tag !== 'li' || p.text.length >= MIN_PARAGRAPH));
  const words = kept.reduce((n, p) => n + countWords(p.text), 0);
  if (words < MIN_WORDS) return null;
  return { html: kept.map((p) => `<${p.tag}>${escapeHtmlText(p.text)}</${p.tag}>`).join(''), words };
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
