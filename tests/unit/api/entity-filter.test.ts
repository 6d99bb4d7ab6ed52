import { describe, expect, it } from 'vitest';
import { resolveEntity } from '../../../src/api/resolve-entity.js';
import { parseStoryParams } from '../../../src/api/story-params.js';
import { buildStoryQuery, entityLabels } from '../../../src/store/story-query.js';
import { personSurnames, storyLabels } from '../../../src/store/story-rows.js';

describe('resolveEntity', () => {
  it.each([
    ['iranian', ['iranian', 'Iran']],
    ['Iranian', ['Iranian', 'Iran']],
    ['Iranians', ['Iranians', 'Iran']],
    ["Iran's", ["Iran's", 'Iran']],
    ['Israeli', ['Israeli', 'Israel']],
    ['Russian', ['Russian', 'Russia']],
    ['US', ['US', 'United States']],
    ['U.S.', ['U.S.', 'United States']],
    ['u.s.', ['u.s.', 'United States']],
    ['America', ['America', 'United States']],
    ['UK', ['UK', 'United Kingdom']],
    ['Britain', ['Britain', 'United Kingdom']],
    ['WHO', ['WHO', 'World Health Organization']],
    ['UN', ['UN', 'United Nations']],
    ['Putin', ['Putin', 'Vladimir Putin']],
    ['putin', ['putin', 'Vladimir Putin']],
    ['Biden', ['Biden', 'Joe Biden']],
    ['Xi', ['Xi', 'Xi Jinping']],
    ['Kiev', ['Kiev', 'Kyiv']],
    ['erdoğan', ['erdoğan', 'Recep Tayyip Erdogan']],
  ])('%s → %j', (value, names) => {
    expect(resolveEntity(value)).toEqual(names);
  });

  it.each([['Iran'], ['iran'], ['United States'], ['Vladimir Putin'], ['Smith'], ['Acme Widgets'], ['...']])('keeps %s as it is when it is already the stored name or unknown', (value) => {
    expect(resolveEntity(value)).toEqual([value]);
  });

  it('is what parseStoryParams passes to the store', () => {
    expect(parseStoryParams({ entity: ' iranian ' }, { topics: [], defaultLimit: 20, maxLimit: 100 }).entity).toEqual(['iranian', 'Iran']);
    expect(parseStoryParams({}, { topics: [], defaultLimit: 20, maxLimit: 100 })).not.toHaveProperty('entity');
  });
});

describe('personSurnames (s: labels)', () => {
  it.each([
    ['Vladimir Putin', ['putin']],
    ['Masoud Pezeshkian', ['pezeshkian']],
    ['Bashar al-Assad', ['al-assad', 'assad']],
    ['Ursula von der Leyen', ['leyen', 'von der leyen']],
    ['Luiz Inacio Lula da Silva', ['silva', 'da silva']],
    ['Martin Luther King Jr', ['king']],
    ['Jean-Luc Mélenchon', ['melenchon']],
    ['Madonna', []],
    // Two-letter keys would answer for UN, US, EU.
    ['Kim Jong Un', []],
    ['Jack Ma', []],
  ])('%s → %j', (name, keys) => {
    expect(personSurnames(name)).toEqual(keys);
  });

  it('labels people by surname beside the full-name labels, never places or organisations', () => {
    const labels = storyLabels([{ id: 'sport', score: 1 }], {
      places: [{ name: 'Jordan', count: 1 }, { name: 'United States', count: 1 }],
      people: [{ name: 'Michael Jordan', count: 2 }, { name: 'Zidane', count: 1 }],
      organizations: [{ name: 'World Health Organization', count: 1 }],
    });
    expect(labels.sort()).toEqual(['e:jordan', 'e:michael jordan', 'e:united states', 'e:world health organization', 'e:zidane', 's:jordan', 't:sport']);
  });
});

describe('entity filter in buildStoryQuery', () => {
  it('asks for every name in full and as a surname, once each', () => {
    expect(entityLabels(['Putin', 'Vladimir Putin', 'PUTIN'])).toEqual(['e:putin', 's:putin', 'e:vladimir putin', 's:vladimir putin']);
    expect(entityLabels('Zürich')).toEqual(['e:zurich', 's:zurich']);
  });

  it('drives a page by each label and merges the branches without duplicates', () => {
    const { sql, params } = buildStoryQuery({ entity: ['Putin', 'Vladimir Putin'], limit: 10 }, 'postgres');
    expect(sql.match(/FROM story_labels l/g)).toHaveLength(4);
    expect(sql.match(/ UNION /g)).toHaveLength(3);
    expect(sql).not.toContain('UNION ALL');
    expect(sql).toMatch(/ORDER BY m\.sort_at DESC, m\.story_id DESC LIMIT \?$/);
    expect(params).toEqual(['e:putin', 11, 's:putin', 11, 'e:vladimir putin', 11, 's:vladimir putin', 11, 11]);
  });

  it('keeps a single topic as the driver and checks the entity labels beside it', () => {
    const { sql, params } = buildStoryQuery({ topic: 'energy', entity: ['US', 'United States'], limit: 5 }, 'sqlite');
    expect(sql).not.toContain('UNION');
    expect(params).toEqual(['t:energy', 'e:us', 's:us', 'e:united states', 's:united states', 6]);
  });

  it('matches nothing for a name without letters or digits, and filters nothing without a name', () => {
    expect(buildStoryQuery({ entity: '  ', limit: 5 }, 'sqlite').params).toEqual(['e:', 6]);
    expect(buildStoryQuery({ entity: [], limit: 5 }, 'sqlite').sql).toContain('FROM stories s');
  });
});
