/**
 * The table of duplicate-detection cases run against both indexes (memory: dedup-cases.test.ts,
 * Redis: tests/integration/dedup/redis-dedup-index.test.ts), so both must decide the same.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { DedupDecision, DedupInput, DedupMatch } from '../../../src/dedup/assign-stories.js';
import { cleanStoryText } from '../../../src/dedup/clean-text.js';
import { canonicalUrl } from '../../../src/normalize/canonical-url.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/dedup/', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

const SHORT = JSON.parse(fixture('short-items.json')) as Record<string, { title: string; text: string }>;
const NOTICES = JSON.parse(fixture('daily-notices.json')) as Record<'monday' | 'tuesday' | 'wednesday', { title: string; text: string }>;

/** The contents of a fixture's <p> elements, in order. */
export function paragraphsOf(name: string): string[] {
  return [...fixture(name).matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => m[1] as string);
}

const CYCLONE_PARAGRAPHS = paragraphsOf('cyclone-original.html');

export interface ItemSpec {
  itemKey: string;
  guid?: string;
  url?: string | null;
  title: string;
  summaryHtml?: string;
  contentHtml?: string;
}

/** A DedupInput the way the ingest worker builds one: cleaned text, canonical URL. */
export function dedupInput(spec: ItemSpec): DedupInput {
  const cleaned = cleanStoryText({ title: spec.title, summaryHtml: spec.summaryHtml, contentHtml: spec.contentHtml });
  return {
    itemKey: spec.itemKey,
    guid: spec.guid ?? spec.itemKey,
    canonicalUrl: spec.url ? canonicalUrl(spec.url) : null,
    title: cleaned.title,
    text: cleaned.text,
    publishedAt: '2025-03-03T10:00:00.000Z',
  };
}

export const CYCLONE = {
  original: (itemKey = 'wire:1', url = 'https://wire.example/world/africa/cyclone-mara-mozambique-2025-03-03/') =>
    dedupInput({ itemKey, url, title: 'Cyclone Mara kills 12 in southern Mozambique', contentHtml: fixture('cyclone-original.html') }),
  syndicated: (itemKey = 'digest:77') =>
    dedupInput({ itemKey, url: 'https://digest.example/2025/03/03/cyclone-mara', title: 'At least 12 dead as Cyclone Mara slams Mozambique coast', contentHtml: fixture('cyclone-syndicated.html') }),
  update: (itemKey = 'wire:2') =>
    dedupInput({ itemKey, url: 'https://wire.example/world/africa/cyclone-mara-death-toll-2025-03-04/', title: 'Cyclone Mara death toll rises to 15 in Mozambique', contentHtml: fixture('cyclone-update.html') }),
  /** A partner feed re-posting the wire story, its link carrying tracking parameters. */
  tracked: (itemKey = 'partner:5') =>
    dedupInput({
      itemKey,
      url: 'https://WIRE.example/world/africa/cyclone-mara-mozambique-2025-03-03?utm_source=partner&utm_medium=rss&fbclid=abc#top',
      title: 'Cyclone Mara kills 12 in southern Mozambique',
      contentHtml: fixture('cyclone-original.html'),
    }),
  /** Only a one-line teaser, but the same article link (with tracking parameters). */
  trackedTeaser: (itemKey = 'partner:6') =>
    dedupInput({
      itemKey,
      url: 'https://wire.example/world/africa/cyclone-mara-mozambique-2025-03-03/?utm_campaign=x&ref=rss',
      title: 'Mozambique cyclone: what we know',
      summaryHtml: '<p>Cyclone Mara tore through southern Mozambique on Monday.</p>',
    }),
  summary: (itemKey = 'briefs:31') =>
    dedupInput({ itemKey, url: 'https://briefs.example/a/31', title: 'Mozambique: cyclone kills 12', summaryHtml: fixture('cyclone-summary.html') }),
};

export const OTHER = {
  drill: (itemKey = 'afp:9') =>
    dedupInput({ itemKey, url: 'https://afp.example/iran-russia-naval-drill', title: 'Russia and Iran start joint naval drill near Hormuz', contentHtml: fixture('iran-russia-drill.html') }),
  treatyWire: (itemKey = 'ap:4') =>
    dedupInput({ itemKey, url: 'https://ap.example/russia-iran-treaty', title: 'Putin and Pezeshkian sign 20-year partnership treaty', contentHtml: fixture('treaty-wire.html') }),
  treatyAnalysis: (itemKey = 'analysis:2') =>
    dedupInput({ itemKey, url: 'https://analysis.example/iran-russia-pact', title: 'Iran and Russia seal two-decade strategic pact', contentHtml: fixture('treaty-analysis.html') }),
  wheat: (itemKey = 'grain:3') =>
    dedupInput({ itemKey, url: 'https://grain.example/iran-russian-wheat', title: 'Iran steps up Russian wheat purchases', contentHtml: fixture('russia-iran-wheat.html') }),
  short: (name: string, itemKey = `short:${name}`) => {
    const s = SHORT[name];
    if (!s) throw new Error(`no short item ${name}`);
    return dedupInput({ itemKey, url: null, title: s.title, contentHtml: s.text });
  },
};

/** Copies that contain part of the cyclone article: leads (summaries, teasers) and non-leads. */
export const PARTS = {
  /** A summary feed cutting the article inside its second paragraph. */
  truncatedTeaser: (itemKey = 'teasers:4') =>
    dedupInput({
      itemKey,
      url: 'https://teasers.example/4',
      title: 'Cyclone Mara hits Mozambique',
      summaryHtml: `<p>${CYCLONE_PARAGRAPHS[0]}</p><p>${(CYCLONE_PARAGRAPHS[1] as string).split(' ').slice(0, 18).join(' ')} &hellip;</p>`,
    }),
  /** A teaser cut 4 words into the second paragraph. */
  shortTeaser: (itemKey = 'teasers:5') =>
    dedupInput({
      itemKey,
      url: 'https://teasers.example/5',
      title: 'Cyclone Mara hits Mozambique',
      summaryHtml: `<p>${CYCLONE_PARAGRAPHS[0]}</p><p>${(CYCLONE_PARAGRAPHS[1] as string).split(' ').slice(0, 4).join(' ')}...</p>`,
    }),
  /** A one-sentence teaser (too short for containment alone) under the article's own headline. */
  headlineTeaser: (itemKey = 'teasers:6', title = 'Cyclone Mara kills 12 in southern Mozambique') =>
    dedupInput({
      itemKey,
      url: `https://teasers.example/${itemKey.split(':')[1]}`,
      title,
      summaryHtml: `<p>${(CYCLONE_PARAGRAPHS[0] as string).split(' ').slice(0, 20).join(' ')}</p>`,
    }),
  /** Two paragraphs from the middle of the article (a quote box, an excerpt): not a lead. */
  middle: (itemKey = 'quotes:2') =>
    dedupInput({ itemKey, url: 'https://quotes.example/2', title: 'Mozambique shelters and power cuts', contentHtml: `<p>${CYCLONE_PARAGRAPHS[3]}</p><p>${CYCLONE_PARAGRAPHS[4]}</p>` }),
  /** The whole article as one block of text (no paragraph structure), as plain-text wires send it. */
  oneBlockFull: (itemKey = 'plainwire:1') =>
    dedupInput({ itemKey, url: 'https://plainwire.example/1', title: 'CYCLONE KILLS 12 IN MOZAMBIQUE', contentHtml: `<p>${CYCLONE_PARAGRAPHS.slice(0, 7).join(' ')}</p>` }),
  /** An earlier, shorter version of that block: its first two paragraphs' text, one block too. */
  oneBlockShort: (itemKey = 'plainwire:0') =>
    dedupInput({ itemKey, url: 'https://plainwire.example/0', title: 'CYCLONE KILLS 12 IN MOZAMBIQUE', contentHtml: `<p>${CYCLONE_PARAGRAPHS.slice(0, 2).join(' ')}</p>` }),
};

/** A headline item: a feed that carries only the headline (and perhaps a line that says nothing). */
export function headlineItem(itemKey: string, title: string, summaryHtml?: string): DedupInput {
  return dedupInput({ itemKey, url: `https://headlines.example/${itemKey.replace(/\W/g, '-')}`, title, summaryHtml });
}

const CYCLONE_HEADLINE = 'Cyclone Mara kills 12 in southern Mozambique';

/** A Chinese news text (no spaces between words), written for these tests. */
const CJK_ARTICLE = [
  '俄罗斯总统普京与伊朗总统佩泽希齐扬周五在莫斯科签署了为期二十年的全面战略伙伴关系条约，涵盖国防、技术、能源和贸易等领域。',
  '根据条约，两国将在军事演习、军官培训和国防工业方面加强合作，但条约不包含共同防御条款。',
  '在能源领域，俄罗斯将通过阿塞拜疆向伊朗输送天然气，初期每年供气量可达二十亿立方米，并计划逐步增加到五百五十亿立方米。',
  '双方还同意扩大以本国货币进行的贸易结算，并推进连接俄罗斯与伊朗的南北运输走廊建设。',
  '分析人士指出，这份条约反映出两国在西方制裁压力下进一步靠近，但其实际影响仍有待观察。',
];
const CJK_OTHER = [
  '日本银行周二宣布将短期政策利率从负百分之零点一上调至零至百分之零点一区间，这是该行十七年来首次加息。',
  '日本央行同时决定结束收益率曲线控制政策，并停止购买交易所交易基金和房地产投资信托基金。',
  '日本央行行长植田和男表示，随着工资和物价的良性循环逐步形成，实现百分之二通胀目标的前景已经明朗。',
  '市场人士认为，日本央行未来的加息步伐将相当缓慢，宽松的金融环境仍将持续一段时间。',
];

/** Three daily notices with one figure changed each: Tuesday and Wednesday are near copies of Monday, not of each other. */
export function notice(day: 'monday' | 'tuesday' | 'wednesday', itemKey = `notices:${day}`): DedupInput {
  return dedupInput({ itemKey, url: null, title: NOTICES[day].title, contentHtml: NOTICES[day].text });
}

export interface Expectation {
  match: DedupMatch;
  /** Index (in the flattened sequence) of the item whose story this one must join; absent: a story of its own. */
  storyOf?: number;
  minSimilarity?: number;
  fuller?: boolean;
}

export interface DedupCase {
  name: string;
  /** Batches, run in order; items of one batch go to one assignStories call. */
  batches: DedupInput[][];
  expect: Expectation[];
}

export const DEDUP_CASES: DedupCase[] = [
  {
    name: 'syndicated copy: new headline, byline, read-more and share lines',
    batches: [[CYCLONE.original()], [CYCLONE.syndicated()]],
    expect: [{ match: 'new' }, { match: 'text', storyOf: 0, minSimilarity: 1, fuller: false }],
  },
  {
    name: 'update with a new casualty figure',
    batches: [[CYCLONE.original()], [CYCLONE.update()]],
    expect: [{ match: 'new' }, { match: 'near', storyOf: 0, minSimilarity: 0.8 }],
  },
  {
    name: 'same URL with tracking parameters, other text',
    batches: [[CYCLONE.original()], [CYCLONE.trackedTeaser()]],
    expect: [{ match: 'new' }, { match: 'url', storyOf: 0, fuller: false }],
  },
  {
    name: 'summary-only copy (first two paragraphs)',
    batches: [[CYCLONE.original()], [CYCLONE.summary()]],
    expect: [{ match: 'new' }, { match: 'contained', storyOf: 0, minSimilarity: 0.9, fuller: false }],
  },
  {
    name: 'a fuller copy after the summary keeps the story id',
    batches: [[CYCLONE.summary()], [CYCLONE.original()]],
    expect: [{ match: 'new' }, { match: 'contained', storyOf: 0, minSimilarity: 0.9, fuller: true }],
  },
  {
    name: 'copies inside one batch resolve against each other',
    batches: [[CYCLONE.original(), CYCLONE.syndicated(), CYCLONE.update(), CYCLONE.tracked(), CYCLONE.summary()]],
    expect: [{ match: 'new' }, { match: 'text', storyOf: 0 }, { match: 'near', storyOf: 0 }, { match: 'url', storyOf: 0 }, { match: 'contained', storyOf: 0 }],
  },
  {
    name: 'summary-only teaser cut inside its second paragraph',
    batches: [[CYCLONE.original()], [PARTS.truncatedTeaser()]],
    expect: [{ match: 'new' }, { match: 'contained', storyOf: 0, minSimilarity: 0.9, fuller: false }],
  },
  {
    name: 'summary-only teaser cut 4 words into its second paragraph',
    batches: [[CYCLONE.original()], [PARTS.shortTeaser()]],
    expect: [{ match: 'new' }, { match: 'contained', storyOf: 0, minSimilarity: 0.9, fuller: false }],
  },
  {
    name: 'an update joins a story whose first copy was a summary',
    batches: [[CYCLONE.summary()], [CYCLONE.original()], [CYCLONE.update()]],
    expect: [{ match: 'new' }, { match: 'contained', storyOf: 0, fuller: true }, { match: 'near', storyOf: 0, minSimilarity: 0.8 }],
  },
  {
    name: 'a one-sentence teaser under the article headline (or a close one) joins it',
    batches: [[CYCLONE.original()], [PARTS.headlineTeaser()], [PARTS.headlineTeaser('teasers:7', 'Cyclone Mara kills 12 in Mozambique')]],
    expect: [{ match: 'new' }, { match: 'contained', storyOf: 0, minSimilarity: 0.9, fuller: false }, { match: 'near', storyOf: 0, fuller: false }],
  },
  {
    name: 'the article after its one-sentence teaser keeps the teaser story id',
    batches: [[PARTS.headlineTeaser()], [CYCLONE.original()]],
    expect: [{ match: 'new' }, { match: 'contained', storyOf: 0, fuller: true }],
  },
  {
    name: 'the same sentence under an unrelated headline is too short to call a copy',
    batches: [[CYCLONE.original()], [PARTS.headlineTeaser('teasers:8', 'Weather: what to expect this week')]],
    expect: [{ match: 'new' }, { match: 'new' }],
  },
  {
    name: 'paragraphs from the middle of an article are not a summary of it',
    batches: [[CYCLONE.original()], [PARTS.middle()]],
    expect: [{ match: 'new' }, { match: 'new' }],
  },
  {
    name: 'a shorter one-block text inside a longer one-block text is another version, not a summary',
    batches: [[PARTS.oneBlockShort()], [PARTS.oneBlockFull()]],
    expect: [{ match: 'new' }, { match: 'new' }],
  },
  {
    name: 'no chains: a copy near the first text but not near a later member starts its own story',
    batches: [[notice('monday')], [notice('tuesday')], [notice('wednesday')]],
    expect: [{ match: 'new' }, { match: 'near', storyOf: 0, minSimilarity: 0.8 }, { match: 'new' }],
  },
  {
    name: 'same global guid from another feed',
    batches: [[{ ...CYCLONE.original('feedA:x'), guid: 'tag:wire.example,2025:mara-0303' }], [{ ...OTHER.wheat('feedB:y'), guid: 'tag:wire.example,2025:mara-0303' }]],
    expect: [{ match: 'new' }, { match: 'guid', storyOf: 0 }],
  },
  {
    name: 'short guids are per feed only',
    batches: [[{ ...CYCLONE.original('feedA:1'), guid: '1' }], [{ ...OTHER.wheat('feedB:1'), guid: '1' }]],
    expect: [{ match: 'new' }, { match: 'new' }],
  },
  {
    name: 'hard negative: same countries, different event',
    batches: [[OTHER.treatyWire()], [OTHER.drill()], [OTHER.wheat()]],
    expect: [{ match: 'new' }, { match: 'new' }, { match: 'new' }],
  },
  {
    name: 'independent reports of one event are different stories (clustering joins them)',
    batches: [[OTHER.treatyWire()], [OTHER.treatyAnalysis()]],
    expect: [{ match: 'new' }, { match: 'new' }],
  },
  {
    name: 'hard negative: two short items sharing boilerplate',
    batches: [[OTHER.short('boilerplateA')], [OTHER.short('boilerplateB')]],
    expect: [{ match: 'new' }, { match: 'new' }],
  },
  {
    name: 'very short items: same text under different headlines stay apart',
    batches: [[OTHER.short('sameTextA')], [OTHER.short('sameTextB')]],
    expect: [{ match: 'new' }, { match: 'new' }],
  },
  {
    name: 'very short items: same text under an agreeing headline merge',
    batches: [[OTHER.short('sameTextA')], [OTHER.short('sameTextC')]],
    expect: [{ match: 'new' }, { match: 'near', storyOf: 0, minSimilarity: 1 }],
  },
  {
    name: 'very short items: identical headline and text merge',
    batches: [[OTHER.short('flashA')], [OTHER.short('flashB')]],
    expect: [{ match: 'new' }, { match: 'text', storyOf: 0 }],
  },
  {
    name: 'a headline item under the article headline (or a close one) joins it',
    batches: [[CYCLONE.original()], [headlineItem('h:1', CYCLONE_HEADLINE)], [headlineItem('h:2', 'Cyclone Mara kills 12 in Mozambique')], [headlineItem('h:3', `${CYCLONE_HEADLINE}`, '<p>Read more on our website.</p>')]],
    expect: [{ match: 'new' }, { match: 'title', storyOf: 0, minSimilarity: 1, fuller: false }, { match: 'title', storyOf: 0, minSimilarity: 0.8 }, { match: 'title', storyOf: 0 }],
  },
  {
    name: 'the article after its headline item keeps the headline story id and is fuller',
    batches: [[headlineItem('h:1', CYCLONE_HEADLINE)], [CYCLONE.original()], [CYCLONE.syndicated()]],
    expect: [{ match: 'new' }, { match: 'title', storyOf: 0, fuller: true }, { match: 'text', storyOf: 0 }],
  },
  {
    name: 'headline items under one headline are one story',
    batches: [[headlineItem('h:1', CYCLONE_HEADLINE)], [headlineItem('h:2', CYCLONE_HEADLINE)]],
    expect: [{ match: 'new' }, { match: 'title', storyOf: 0, minSimilarity: 1 }],
  },
  {
    name: 'a headline item under another headline of the same event stays apart (clustering joins them)',
    batches: [[CYCLONE.original()], [headlineItem('h:1', 'Cyclone Mara death toll rises in Mozambique')], [headlineItem('h:2', 'Cyclone Mara kills 12 in northern Madagascar')]],
    expect: [{ match: 'new' }, { match: 'new' }, { match: 'new' }],
  },
  {
    name: 'texts never merge on their headline alone: another article under the same headline stays apart',
    batches: [[headlineItem('h:1', CYCLONE_HEADLINE)], [CYCLONE.original()], [{ ...OTHER.drill(), title: CYCLONE_HEADLINE }]],
    expect: [{ match: 'new' }, { match: 'title', storyOf: 0 }, { match: 'new' }],
  },
  {
    name: 'a teaser too long for a headline item is not joined on its headline alone',
    batches: [[CYCLONE.original()], [headlineItem('h:1', CYCLONE_HEADLINE, '<p>Officials in the capital said on Tuesday that relief flights would resume as soon as the airport reopens.</p>')]],
    expect: [{ match: 'new' }, { match: 'new' }],
  },
  {
    name: 'a headline item saying the opposite is not the same story, whatever the words shared',
    batches: [
      [headlineItem('h:1', 'Kenyan lawmakers approve finance bill as police clash with protesters in Nairobi')],
      [headlineItem('h:2', 'Kenyan lawmakers reject finance bill as police clash with protesters in Nairobi')],
      [headlineItem('h:3', 'Kenyan lawmakers approved finance bill as police clash with protesters in Nairobi')],
      [headlineItem('h:4', 'Oil prices rise as OPEC agrees deeper output cuts at Vienna meeting')],
      [headlineItem('h:5', 'Oil prices fall as OPEC agrees deeper output cuts at Vienna meeting')],
    ],
    expect: [{ match: 'new' }, { match: 'new' }, { match: 'title', storyOf: 0 }, { match: 'new' }, { match: 'new' }],
  },
  {
    // Compared by characters and pairs of characters, as spaced scripts are by words: one character
    // changed in a short headline (red / orange warning) is another story; so, as a cost, is the
    // same headline with a synonym and a numeral written otherwise (zh:3; clustering may group it).
    name: 'headline items in a script without spaces (Chinese, Japanese) join on their headline; other headlines stay apart',
    batches: [
      [headlineItem('zh:1', '俄罗斯与伊朗签署为期20年的全面战略伙伴关系条约')],
      [headlineItem('zh:2', '俄罗斯与伊朗签署为期20年的全面战略伙伴关系条约')],
      [headlineItem('zh:3', '俄罗斯和伊朗签署为期二十年的全面战略伙伴关系条约')],
      [headlineItem('zh:4', '日本央行时隔17年首次加息 结束负利率政策')],
      [headlineItem('ja:1', '日銀、17年ぶり利上げ　マイナス金利政策を解除')],
      [headlineItem('ja:2', '日銀、17年ぶり利上げ　マイナス金利政策を解除')],
      [headlineItem('zh:5', '北京发布暴雨红色预警')],
      [headlineItem('zh:6', '北京发布暴雨橙色预警')],
      [headlineItem('zh:7', '北京发布暴雨红色预警')],
    ],
    expect: [{ match: 'new' }, { match: 'title', storyOf: 0 }, { match: 'new' }, { match: 'new' }, { match: 'new' }, { match: 'title', storyOf: 4 }, { match: 'new' }, { match: 'new' }, { match: 'title', storyOf: 6 }],
  },
  {
    name: 'a Chinese article and its syndicated copy (a line added, a sentence changed) are near duplicates',
    batches: [
      [dedupInput({ itemKey: 'zh:a', url: 'https://zh.example/a', title: '俄伊签署全面战略伙伴关系条约', contentHtml: CJK_ARTICLE.map((p) => `<p>${p}</p>`).join('') })],
      [dedupInput({ itemKey: 'zh:b', url: 'https://zh2.example/b', title: '俄罗斯与伊朗签署条约', contentHtml: ['（本报综合报道）', ...CJK_ARTICLE.slice(0, 3), CJK_ARTICLE[3]!.replace('双方', '两国'), ...CJK_ARTICLE.slice(4)].map((p) => `<p>${p}</p>`).join('') })],
      [dedupInput({ itemKey: 'zh:c', url: 'https://zh.example/c', title: '日本央行结束负利率政策', contentHtml: CJK_OTHER.map((p) => `<p>${p}</p>`).join('') })],
    ],
    expect: [{ match: 'new' }, { match: 'near', storyOf: 0, minSimilarity: 0.8 }, { match: 'new' }],
  },
  {
    name: 'items without text never merge on text',
    batches: [[OTHER.short('emptyA')], [OTHER.short('emptyB')]],
    expect: [{ match: 'new' }, { match: 'new' }],
  },
];

/** Checks one case's decisions (flattened over its batches). */
export function checkCase(c: DedupCase, decisions: DedupDecision[]): void {
  expect(decisions).toHaveLength(c.expect.length);
  const storyIds = new Set<string>();
  c.expect.forEach((e, i) => {
    const d = decisions[i] as DedupDecision;
    expect({ i, match: d.match }).toEqual({ i, match: e.match });
    if (e.storyOf === undefined) {
      expect(d.duplicateOf).toBeNull();
      expect(storyIds.has(d.storyId)).toBe(false);
    } else {
      const target = decisions[e.storyOf] as DedupDecision;
      expect(d.storyId).toBe(target.storyId);
      expect(d.duplicateOf).toBe(target.storyId);
    }
    storyIds.add(d.storyId);
    if (e.minSimilarity !== undefined) expect(d.similarity ?? 0).toBeGreaterThanOrEqual(e.minSimilarity);
    if (e.fuller !== undefined) expect({ i, fuller: d.fuller }).toEqual({ i, fuller: e.fuller });
    expect(d.storyId).toMatch(/^[0-9a-f]{16}$/);
  });
}
