import { describe, expect, it } from 'vitest';
import { resolveTopics } from '../../../src/api/resolve-topics.js';
import { parseLanguages, parseStoryParams, rejectRepeated } from '../../../src/api/story-params.js';
import { buildStoryQuery, containsPattern, hasWord, searchTerms, wordEdges } from '../../../src/store/story-query.js';

const topics = [
  { id: 'economy', label: 'Economy', iptc: 'medtop:04000000', parent: null },
  { id: 'energy', label: 'Energy', iptc: 'medtop:20000256', parent: 'economy' },
  { id: 'trade', label: 'Trade', iptc: 'medtop:20000373', parent: 'economy' },
];
const opts = { topics, defaultLimit: 20, maxLimit: 100 };


/** PostgreSQL's whole-word edges: no letter or digit beside the term, except letters of scripts written without spaces. */
const [BEFORE, AFTER] = wordEdges('a', 'postgres');

describe('resolveTopics', () => {
  it.each([
    [undefined, []],
    ['energy', ['energy']],
    ['energy,trade', ['energy', 'trade']],
    [' Energy , TRADE ,', ['energy', 'trade']],
    ['ECONOMY', ['economy']],
    [['energy', 'trade,energy'], ['energy', 'trade']],
    ['', []],
  ])('reads %j as %j', (raw, ids) => {
    expect(resolveTopics(raw, topics)).toEqual(ids);
  });

  it.each([
    ['nope', '"nope"'],
    ['energy,nope,Other', '"nope", "Other"'],
  ])('refuses unknown topics in %j with TOPIC_UNKNOWN naming them', (raw, named) => {
    let error: unknown;
    try {
      resolveTopics(raw, topics);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'TOPIC_UNKNOWN' });
    expect((error as Error).message).toContain(named);
    expect((error as Error).message).toContain('/api/topics');
  });
});

describe('parseStoryParams', () => {
  it('gives the defaults and a topic list', () => {
    expect(parseStoryParams({}, opts)).toEqual({ limit: 20 });
    expect(parseStoryParams({ topic: 'Energy,trade', limit: '5', q: ' Russia Iran ' }, opts)).toEqual({ topic: ['energy', 'trade'], limit: 5, q: 'Russia Iran' });
  });

  it.each(['entity', 'feed', 'since', 'until', 'q', 'cluster', 'cursor', 'limit'])('refuses %s given twice', (name) => {
    expect(() => parseStoryParams({ [name]: ['2', '3'] }, opts)).toThrow(expect.objectContaining({ code: 'QUERY_INVALID', message: `${name}: give one value` }));
  });

  it.each([
    [{ limit: '0' }, 'QUERY_INVALID', 'limit:'],
    [{ limit: 'x' }, 'QUERY_INVALID', 'limit:'],
    [{ q: '%%' }, 'QUERY_INVALID', 'q: give at least one word'],
    [{ topic: ',' }, 'QUERY_INVALID', 'topic:'],
    [{ topic: 'nope' }, 'TOPIC_UNKNOWN', 'topic: unknown topic "nope"'],
  ])('refuses %j with %s', (query, code, message) => {
    expect(() => parseStoryParams(query, opts)).toThrow(expect.objectContaining({ code, message: expect.stringContaining(message) }));
  });

  it('lets topic repeat: its values are one list', () => {
    expect(parseStoryParams({ topic: ['energy', 'trade'] }, opts).topic).toEqual(['energy', 'trade']);
  });

  it('rejectRepeated ignores the names it is not given', () => {
    expect(() => rejectRepeated({ topic: ['a', 'b'], limit: '1' }, ['limit'])).not.toThrow();
  });
});

describe('searchTerms and containsPattern', () => {
  it.each<[string, string[], string[]]>([
    ['Russia Iran', ['Russia', 'Iran'], []],
    ['Trump-Russia', ['Trump', 'Russia'], []],
    ['  gas,  pipeline!  gas ', ['gas', 'pipeline'], []],
    ['Zürich 2025', ['Zürich', '2025'], []],
    ['100%_', ['100'], []],
    ['%%', [], []],
    ['"Georgian Dream" fraud', ['Georgian Dream', 'fraud'], []],
    ['"Georgian  Dream', ['Georgian Dream'], []],
    ['"" "!!" x', ['x'], []],
    ['Iran -football', ['Iran'], ['football']],
    ['Iran -"Premier League" -U.S.', ['Iran'], ['Premier League', 'U S']],
    ['-football', [], ['football']],
    ['a-b "a-b"', ['a', 'b', 'a b'], []],
    ['- -', [], []],
  ])('reads %j as all %j, none %j', (q, all, none) => {
    expect(searchTerms(q)).toEqual({ all, none });
  });

  it('escapes LIKE wildcards, and puts a phrase in order', () => {
    expect(containsPattern('a%b_c\\d')).toBe('%a\\%b\\_c\\\\d%');
    expect(containsPattern('Georgian Dream')).toBe('%Georgian%Dream%');
  });

  it.each<[string, string, boolean]>([
    ['The ruling Georgian Dream party', 'Georgian Dream', true],
    ['Georgian-Dream, the party', 'georgian dream', true],
    ['a Georgian wine; Dream on', 'Georgian Dream', false],
    ['Georgian Dreams', 'Georgian Dream', false],
    ['award ceremony', 'war', false],
    ['the U.S. said', 'U S', true],
  ])('hasWord(%j, %j) is %s', (text, term, expected) => {
    expect(hasWord(text, term)).toBe(expected);
  });
});

describe('buildStoryQuery', () => {
  it('ANDs one title-or-text condition per word, ILIKE then a whole-word test on PostgreSQL', () => {
    const { sql, params } = buildStoryQuery({ q: 'Trump Russia', limit: 5 }, 'postgres');
    expect(sql.match(/ILIKE/g)).toHaveLength(4);
    expect(sql.match(/~\*/g)).toHaveLength(4);
    const word = (w: string) => `${BEFORE}${w}${AFTER}`;
    expect(params).toEqual(['%Trump%', '%Trump%', word('Trump'), word('Trump'), '%Russia%', '%Russia%', word('Russia'), word('Russia'), 6]);
  });

  it('matches a phrase by its words in order and leaves excluded terms out, on both dialects', () => {
    const pg = buildStoryQuery({ q: '"Georgian Dream" -football', limit: 5 }, 'postgres');
    expect(pg.sql).toContain('NOT (s.title ~* ? OR s.text ~* ?)');
    expect(pg.params).toEqual(['%Georgian%Dream%', '%Georgian%Dream%', `${BEFORE}Georgian[^[:alnum:]]+Dream${AFTER}`, `${BEFORE}Georgian[^[:alnum:]]+Dream${AFTER}`, `${BEFORE}football${AFTER}`, `${BEFORE}football${AFTER}`, 6]);
    const lite = buildStoryQuery({ q: '"Georgian Dream" -football', limit: 5 }, 'sqlite');
    expect(lite.sql).toContain('NOT (has_word(s.title, ?) OR has_word(s.text, ?))');
    expect(lite.params).toEqual(['%Georgian%Dream%', '%Georgian%Dream%', 'Georgian Dream', 'Georgian Dream', 'football', 'football', 6]);
  });

  it('drives a single topic by its label rows and several by an any-of check', () => {
    expect(buildStoryQuery({ topic: 'Energy', limit: 5 }, 'sqlite').params).toEqual(['t:energy', 6]);
    const several = buildStoryQuery({ topic: ['energy', 'trade'], limit: 5 }, 'sqlite');
    expect(several.sql).toContain('FROM stories s');
    expect(several.sql).toContain('IN (?, ?)');
    expect(several.params).toEqual(['t:energy', 't:trade', 6]);
    // An entity has two labels (full name, surname): one label-driven branch each, merged by UNION.
    const withEntity = buildStoryQuery({ topic: ['energy', 'trade'], entity: 'Iran', limit: 5 }, 'sqlite');
    expect(withEntity.sql).toContain('FROM story_labels l');
    expect(withEntity.sql.match(/ UNION /g)).toHaveLength(1);
    expect(withEntity.params).toEqual(['e:iran', 't:energy', 't:trade', 6, 's:iran', 't:energy', 't:trade', 6, 6]);
  });

  it('drives a language filter by its label rows when nothing else does, and checks it beside a topic', () => {
    expect(buildStoryQuery({ language: ['ru'], limit: 5 }, 'sqlite').params).toEqual(['l:ru', 6]);
    const two = buildStoryQuery({ language: ['ru', 'uk'], limit: 5 }, 'postgres');
    expect(two.sql.match(/ UNION /g)).toHaveLength(1);
    expect(two.params).toEqual(['l:ru', 6, 'l:uk', 6, 6]);
    const withTopic = buildStoryQuery({ topic: 'energy', language: ['ru', 'uk'], limit: 5 }, 'sqlite');
    expect(withTopic.sql).toContain('FROM story_labels l');
    expect(withTopic.params).toEqual(['t:energy', 'l:ru', 'l:uk', 6]);
  });
});

describe('parseLanguages', () => {
  it.each<[unknown, string[]]>([
    ['en', ['en']],
    ['EN, fr ,pt-BR', ['en', 'fr', 'pt']],
    [['ru', 'uk,ru'], ['ru', 'uk']],
    ['eng', ['en']],
  ])('reads %j as %j', (raw, codes) => {
    expect(parseLanguages(raw)).toEqual(codes);
  });

  it.each([[''], [','], ['english!'], ['en,12']])('refuses %j with QUERY_INVALID', (raw) => {
    expect(() => parseLanguages(raw)).toThrow(expect.objectContaining({ code: 'QUERY_INVALID' }));
  });

  it('is a list parameter of /api/stories (lang= is named as its synonym)', () => {
    expect(parseStoryParams({ language: 'en,fr' }, opts)).toMatchObject({ language: ['en', 'fr'] });
    expect(parseStoryParams({ language: ['en', 'de'] }, opts)).toMatchObject({ language: ['en', 'de'] });
    expect(() => parseStoryParams({ lang: 'en' }, opts)).toThrow(/did you mean language\?/);
  });
});

describe('unknown parameters of /api/stories', () => {
  it.each([
    [{ topics: 'energy' }, /^topics: not a parameter of this endpoint \(did you mean topic\?\)/],
    [{ sort: 'oldest' }, /^sort: not a parameter of this endpoint; it takes topic, language, entity, feed, category, since, until, q, cluster, cursor, limit, include$/],
    [{ categories: 'World' }, /did you mean category\?/],
    [{ folder: 'World' }, /did you mean category\?/],
    [{ tags: 'energy' }, /did you mean topic\?/],
    [{ entities: 'Iran' }, /did you mean entity\?/],
    [{ Limit: '5' }, /did you mean limit\?/],
    [{ query: 'oil' }, /^query: not a parameter of this endpoint \(did you mean q\?\)/],
    [{ search: 'oil' }, /did you mean q\?/],
    [{ Search: 'oil' }, /did you mean q\?/],
    [{ from: '2025-01-01' }, /did you mean since\?/],
    [{ before: '2025-01-01' }, /did you mean until\?/],
    [{ page: '2' }, /did you mean cursor\?/],
    [{ source: 'x' }, /did you mean feed\?/],
    [{ country: 'Iran' }, /did you mean entity\?/],
  ])('%j is QUERY_INVALID', (query, message) => {
    let error: unknown;
    try {
      parseStoryParams(query, opts);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'QUERY_INVALID', message: expect.stringMatching(message) });
  });

  it('lets a cache buster through (a name starting with _)', () => {
    expect(parseStoryParams({ _: '1700000000000', topic: 'energy' }, opts)).toEqual({ topic: ['energy'], limit: 20 });
  });
});
