import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../src/classify/classifier.js';
import { loadTaxonomy } from '../../../src/classify/taxonomy.js';

const SEED = '../shared/seed/treaty-article.txt';
const present = existsSync(SEED);
if (!present) console.warn(`seed.test.ts: ${SEED} is absent (../shared not laid out beside the repository); skipping the seed article checks`);

describe.skipIf(!present)('the seed article (Russia-Iran treaty)', () => {
  const classifier = createClassifier({ taxonomy: loadTaxonomy('config/topics.yaml') });
  const classify = () => {
    const [title = '', ...rest] = readFileSync(SEED, 'utf8').split('\n');
    return classifier.classify({ title, text: rest.join('\n') });
  };

  it.each(['diplomacy', 'defense', 'energy', 'trade', 'politics', 'economy'])('carries %s with evidence', (topic) => {
    const t = classify().topics.find((x) => x.id === topic);
    expect(t, topic).toBeDefined();
    expect(t!.evidence.length).toBeGreaterThan(0);
  });

  it.each(['Russia', 'Iran', 'Azerbaijan', 'Ukraine'])('names the place %s', (place) => {
    expect(classify().entities.places.find((p) => p.name === place)).toMatchObject({ kind: 'country' });
  });

  it('lists Moscow and Tehran as cities of their countries', () => {
    const places = classify().entities.places;
    expect(places).toContainEqual(expect.objectContaining({ name: 'Moscow', kind: 'city', country: 'Russia' }));
    expect(places).toContainEqual(expect.objectContaining({ name: 'Tehran', kind: 'city', country: 'Iran' }));
  });

  it('names Masoud Pezeshkian (joined with "President Pezeshkian") and Vladimir Putin', () => {
    const people = classify().entities.people;
    expect(people.map((p) => p.name).sort()).toEqual(['Masoud Pezeshkian', 'Vladimir Putin']);
    expect(people.find((p) => p.name === 'Masoud Pezeshkian')!.count).toBe(3);
  });
});
