import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../src/classify/classifier.js';
import { CLASSIFY_ERROR_CODES, ClassifyError } from '../../../src/classify/errors.js';
import { loadTaxonomy, parseTaxonomy } from '../../../src/classify/taxonomy.js';

const DEFAULT_TOPICS: Array<[string, string, string | null]> = [
  ['arts-culture', 'medtop:01000000', null], ['crime-law', 'medtop:02000000', null], ['disaster', 'medtop:03000000', null],
  ['economy', 'medtop:04000000', null], ['education', 'medtop:05000000', null], ['environment', 'medtop:06000000', null],
  ['health', 'medtop:07000000', null], ['human-interest', 'medtop:08000000', null], ['labour', 'medtop:09000000', null],
  ['lifestyle', 'medtop:10000000', null], ['politics', 'medtop:11000000', null], ['religion', 'medtop:12000000', null],
  ['science-technology', 'medtop:13000000', null], ['society', 'medtop:14000000', null], ['sport', 'medtop:15000000', null],
  ['conflict', 'medtop:16000000', null], ['weather', 'medtop:17000000', null], ['diplomacy', 'medtop:20000638', 'politics'],
  ['defense', 'medtop:20000598', 'politics'], ['trade', 'medtop:20000373', 'economy'], ['energy', 'medtop:20000256', 'economy'],
];

describe('loadTaxonomy(config/topics.yaml)', () => {
  const taxonomy = loadTaxonomy('config/topics.yaml');

  it('holds exactly the default topics of DESIGN.md', () => {
    const got = taxonomy.topics.map((t) => [t.id, t.iptc, t.parent]);
    expect(got).toHaveLength(DEFAULT_TOPICS.length);
    expect(new Set(got.map((g) => JSON.stringify(g)))).toEqual(new Set(DEFAULT_TOPICS.map((d) => JSON.stringify(d))));
  });

  it('orders parents before children and gives every topic a label and rules', () => {
    const seen = new Set<string>();
    for (const t of taxonomy.topics) {
      if (t.parent) expect(seen.has(t.parent)).toBe(true);
      seen.add(t.id);
      expect(t.label.length).toBeGreaterThan(0);
      expect(t.rules.length).toBeGreaterThan(0);
    }
  });
});

const VALID_TOPIC = 'id: energy\n    iptc: medtop:20000256\n    label: energy\n    parent: null\n    rules: [{ terms: [oil], weight: 2 }]';

describe('parseTaxonomy rejects bad files with a coded error naming the topic and field', () => {
  it.each([
    ['bad iptc', `topics:\n  - id: energy\n    iptc: 20000256\n    label: energy`, 'energy', 'iptc'],
    ['missing label', `topics:\n  - id: energy\n    iptc: medtop:20000256`, 'energy', 'label'],
    ['unknown parent', `topics:\n  - id: energy\n    iptc: medtop:20000256\n    label: e\n    parent: economy`, 'energy', 'parent'],
    ['threshold out of range', `topics:\n  - id: energy\n    iptc: medtop:20000256\n    label: e\n    threshold: 2`, 'energy', 'threshold'],
    ['misspelt field', `topics:\n  - id: energy\n    iptc: medtop:20000256\n    label: e\n    rules: [{ terms: [oil], wieght: 2 }]`, 'energy', 'rules[0].wieght'],
    ['rule without weight', `topics:\n  - id: energy\n    iptc: medtop:20000256\n    label: e\n    rules: [{ terms: [oil] }]`, 'energy', 'rules[0].weight'],
    ['empty terms', `topics:\n  - id: energy\n    iptc: medtop:20000256\n    label: e\n    rules: [{ terms: [], weight: 1 }]`, 'energy', 'rules[0].terms'],
    ['phrase in near', `topics:\n  - id: energy\n    iptc: medtop:20000256\n    label: e\n    rules: [{ terms: [oil], weight: 1, near: [crude oil] }]`, 'energy', 'rules[0].near'],
    ['duplicate id', `topics:\n  - ${VALID_TOPIC}\n  - ${VALID_TOPIC}`, 'energy', 'id'],
    ['parent cycle', `topics:\n  - id: a\n    iptc: medtop:20000001\n    label: a\n    parent: b\n  - id: b\n    iptc: medtop:20000002\n    label: b\n    parent: a`, 'a', 'parent'],
    ['slug with capitals', `topics:\n  - id: Energy\n    iptc: medtop:20000256\n    label: e`, undefined, 'id'],
  ])('%s', (_name, yaml, topic, field) => {
    let caught: unknown;
    try {
      parseTaxonomy(yaml, 'test.yaml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ClassifyError);
    const e = caught as ClassifyError;
    expect(e.code).toBe(CLASSIFY_ERROR_CODES.taxonomyInvalid);
    expect(e.details.field).toBe(field);
    if (topic) {
      expect(e.details.topic).toBe(topic);
      expect(e.message).toContain(`"${topic}"`);
    }
    expect(e.message).toContain(field);
  });

  it.each([
    ['not YAML', 'topics: [\n  - : :'],
    ['no topics', 'settings: {}'],
    ['a list at top level', '- a\n- b'],
    ['bad setting', 'settings: { scale: -1 }\ntopics:\n  - id: a\n    iptc: medtop:20000001\n    label: a'],
  ])('%s', (_name, yaml) => {
    expect(() => parseTaxonomy(yaml)).toThrowError(expect.objectContaining({ code: CLASSIFY_ERROR_CODES.taxonomyInvalid }));
  });

  it('reports an unreadable file as CLASSIFY_TAXONOMY_UNREADABLE', () => {
    expect(() => loadTaxonomy('tests/fixtures/classify/does-not-exist.yaml')).toThrowError(expect.objectContaining({ code: CLASSIFY_ERROR_CODES.taxonomyUnreadable }));
  });
});

describe('an operator-added topic', () => {
  const taxonomy = loadTaxonomy('tests/fixtures/classify/topics-with-space.yaml');
  const classifier = createClassifier({ taxonomy });

  it.each([
    ['Astronauts reach the space station', 'The spacecraft docked in orbit after a launch from the launch pad.', true],
    ['Regional power games', 'The country widened its orbit of influence in the region.', false],
  ])('%s -> space: %s', (title, text, expected) => {
    const ids = classifier.classify({ title, text }).topics.map((t) => t.id);
    expect(ids.includes('space')).toBe(expected);
    if (expected) expect(ids).toContain('science-technology');
  });
});
