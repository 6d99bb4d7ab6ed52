/**
 * Evaluates the story language detector (src/classify/language) on text nobody on this team wrote
 * (research-only data in ../shared: read here, never shipped):
 *   - the BBC News and Reuters-21578 stories, all English: the share read as `en` from the text;
 *   - the items of every feed in ../shared/corpora that declares its language (RSS <language>,
 *     dc:language, Atom xml:lang, JSON Feed language): how often the text alone reads as the
 *     declared language, per language, and how often it gives no reading (too little text);
 *     the declarations themselves may be wrong, so disagreements are listed for reading;
 *   - throughput in stories/s on one core (the BBC stories, title and text).
 * Exits 1 when English is read below its target, 2 when the data is missing.
 *
 *   npm run eval:language [-- --errors N]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { detectLanguage, normalizeLanguageTag } from '../src/classify/language/detect-language.js';
import { htmlToText } from '../src/parse/html-to-text.js';
import { parseFeed } from '../src/parse/parse-feed.js';
import { readJsonl } from './read-jsonl.js';

const DATA = '../shared/datasets';
const CORPORA = '../shared/corpora';
/** English read as another language at most; corpora items read, as their feed declares at least; stories/s. */
const TARGETS = { englishMisread: 0.005, corporaAgreement: 0.95, storiesPerSecond: 10_000 } as const;

const args = process.argv.slice(2);
const errorsToShow = Number(args[args.indexOf('--errors') + 1] ?? 0) || 10;

interface Row { title: string; text: string }

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (/\.(xml|rss|atom|rdf|json|feed)$/i.test(name)) out.push(path);
  }
  return out;
}

function englishStories(): { read: number; none: number; total: number; others: Map<string, number>; rows: Row[] } {
  const rows = [...readJsonl<Row>(`${DATA}/bbc-news.jsonl`), ...readJsonl<Row>(`${DATA}/reuters-21578.jsonl`)];
  const others = new Map<string, number>();
  let read = 0;
  let none = 0;
  for (const r of rows) {
    const language = detectLanguage({ title: r.title, text: r.text });
    if (language === 'en') read += 1;
    else if (language === null) none += 1;
    else others.set(language, (others.get(language) ?? 0) + 1);
  }
  return { read, none, total: rows.length, others, rows };
}

interface Agreement { items: number; agree: number; none: number; feeds: Set<string> }

function corporaAgreement(): { byLanguage: Map<string, Agreement>; disagreements: string[] } {
  const byLanguage = new Map<string, Agreement>();
  const disagreements: string[] = [];
  for (const path of files(CORPORA)) {
    let feed;
    try {
      feed = parseFeed(readFileSync(path));
    } catch {
      continue;
    }
    for (const item of feed.items) {
      const declared = normalizeLanguageTag(item.language);
      if (!declared) continue;
      const text = `${htmlToText(item.summary)} ${htmlToText(item.contentHtml)}`.trim();
      if (!item.title && !text) continue;
      const a = byLanguage.get(declared) ?? { items: 0, agree: 0, none: 0, feeds: new Set<string>() };
      byLanguage.set(declared, a);
      a.items += 1;
      a.feeds.add(path);
      const read = detectLanguage({ title: item.title, text });
      if (read === declared) a.agree += 1;
      else if (read === null) a.none += 1;
      else disagreements.push(`${declared} read ${read}: ${path.replace(`${CORPORA}/`, '')} "${`${item.title} ${text}`.slice(0, 90).replace(/\s+/g, ' ')}"`);
    }
  }
  return { byLanguage, disagreements };
}

function throughput(rows: Row[]): number {
  const sample = rows.slice(0, 5000);
  for (const r of sample) detectLanguage(r); // warm-up
  const runs: number[] = [];
  for (let k = 0; k < 3; k += 1) {
    const t = performance.now();
    for (const r of sample) detectLanguage(r);
    runs.push(sample.length / ((performance.now() - t) / 1000));
  }
  return runs.sort((a, b) => a - b)[1]!;
}

function main(): number {
  if (!existsSync(DATA) || !existsSync(CORPORA)) {
    console.error(`eval:language: ${DATA} or ${CORPORA} is missing`);
    return 2;
  }
  const en = englishStories();
  const misread = (en.total - en.read - en.none) / en.total;
  console.log(`English news (BBC + Reuters, n=${en.total}): read as en ${en.read} (${((en.read / en.total) * 100).toFixed(2)}%), no reading ${en.none} (${((en.none / en.total) * 100).toFixed(2)}%: text without function words, such as earnings tables), read as another language ${en.total - en.read - en.none} (${(misread * 100).toFixed(2)}%: ${[...en.others].map(([l, n]) => `${l} ${n}`).join(', ') || 'none'})`);
  const { byLanguage, disagreements } = corporaAgreement();
  let items = 0, agree = 0, none = 0;
  console.log('Corpora items whose feed declares a language: the text alone read as declared / no reading / items (feeds)');
  for (const [language, a] of [...byLanguage].sort((x, y) => y[1].items - x[1].items)) {
    items += a.items;
    agree += a.agree;
    none += a.none;
    console.log(`  ${language.padEnd(4)} ${String(a.agree).padStart(5)} / ${String(a.none).padStart(4)} / ${String(a.items).padStart(5)} (${a.feeds.size})`);
  }
  console.log(`  all  ${agree} of ${items} read as declared (${((agree / Math.max(1, items)) * 100).toFixed(1)}%), ${none} without a reading, ${items - agree - none} read otherwise`);
  for (const d of disagreements.slice(0, errorsToShow)) console.log(`    ${d}`);
  const perSecond = throughput(en.rows);
  console.log(`Throughput: ${Math.round(perSecond)} stories/s on one core (BBC + Reuters stories, title and text)`);
  const missed: string[] = [];
  const agreement = agree / Math.max(1, agree + (items - agree - none));
  console.log(`  of the items with a reading, ${(agreement * 100).toFixed(1)}% read as declared`);
  if (misread > TARGETS.englishMisread) missed.push(`English read as another language ${(misread * 100).toFixed(2)}% > ${TARGETS.englishMisread * 100}%`);
  if (agreement < TARGETS.corporaAgreement) missed.push(`corpora agreement ${(agreement * 100).toFixed(1)}% < ${TARGETS.corporaAgreement * 100}%`);
  if (perSecond < TARGETS.storiesPerSecond) missed.push(`throughput ${Math.round(perSecond)} < ${TARGETS.storiesPerSecond}/s`);
  console.log(missed.length ? `Targets missed: ${missed.join('; ')}` : 'Targets met.');
  return missed.length ? 1 : 0;
}

process.exitCode = main();
