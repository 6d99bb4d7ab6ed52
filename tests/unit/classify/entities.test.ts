import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../../src/classify/entities/extract-entities.js';
import { tokenizeStory } from '../../../src/classify/tokenize.js';

const entitiesOf = (title: string, text: string) => extractEntities(tokenizeStory(title, text));
const placeNames = (title: string, text: string): string[] => entitiesOf(title, text).places.map((p) => p.name);
const peopleNames = (title: string, text: string): string[] => entitiesOf(title, text).people.map((p) => p.name);

describe('places', () => {
  it.each([
    ['demonym', 'Iranian officials met Russian diplomats.', ['Iran', 'Russia']],
    ['hyphenated demonyms', 'It marks a new era in Russian-Iranian relations.', ['Russia', 'Iran']],
    ['plural demonym', 'Ukrainians and Poles crossed the border.', ['Ukraine']],
    ['longest name wins', 'Aid reached Papua New Guinea and South Sudan.', ['Papua New Guinea', 'South Sudan']],
    ['country aliases', 'The U.S. and Britain signed the deal with the UAE.', ['United States', 'United Kingdom', 'United Arab Emirates']],
    ['Georgia the country', 'Protesters filled the streets of Tbilisi as Georgia weighed EU membership and ties with Russia.', ['Georgia']],
    ['Georgia the US state', 'Voters in Georgia lined up in Atlanta as Republicans and Democrats fought for the Senate seat in the state.', ['Georgia (US state)']],
    ['Jordan the country', 'King Abdullah said Jordan will host refugees in Amman.', ['Jordan']],
    ['Chad the country', 'Refugees fled across the border into Chad from Sudan.', ['Chad', 'Sudan']],
    ['Turkey the country', 'Turkey and Greece held talks in Ankara.', ['Turkey', 'Greece']],
  ])('%s', (_name, text, expected) => {
    const names = placeNames('', text);
    for (const e of expected) expect(names).toContain(e);
  });

  it.each([
    ['Michael Jordan is a person', 'Michael Jordan scored 40 points for the Bulls.', 'Jordan'],
    ['Chad Johnson is a person', 'Chad Johnson caught two touchdown passes.', 'Chad'],
    ['turkey the bird', 'Roast the turkey in the oven for Thanksgiving dinner. Turkey is best with stuffing and gravy.', 'Turkey'],
    ['lower-case china', 'She collects fine china and porcelain.', 'China'],
  ])('%s', (_name, text, absent) => {
    expect(placeNames('', text)).not.toContain(absent);
  });

  it('lists a city with its country and counts every mention', () => {
    const places = entitiesOf('Talks in Moscow', 'The delegation flew to Moscow. In Moscow, Russian officials greeted them.').places;
    expect(places.find((p) => p.name === 'Moscow')).toEqual({ name: 'Moscow', count: 3, kind: 'city', country: 'Russia' });
    expect(places.find((p) => p.name === 'Russia')).toMatchObject({ count: 1, kind: 'country' });
  });

  it('reads place names in an all-capitals wire headline', () => {
    expect(placeNames('JAPAN AND SOUTH KOREA AGREE', 'The two governments agreed.')).toEqual(['Japan', 'South Korea']);
  });
});

describe('people', () => {
  it.each([
    ['title before the name', 'Iranian President Masoud Pezeshkian visited Moscow.', ['Masoud Pezeshkian']],
    ['given name', 'Sarah Connolly, a teacher, won the prize.', ['Sarah Connolly']],
    ['said after the name', 'Ngozi Okonjo-Iweala said the rules must change.', ['Ngozi Okonjo-Iweala']],
    ['lower-case title', 'The talks were led by coach Gareth Southgate.', ['Gareth Southgate']],
    ['known person by surname alone', 'Putin met the delegation on Tuesday.', ['Vladimir Putin']],
    ['Michael Jordan', 'Michael Jordan scored 40 points.', ['Michael Jordan']],
  ])('%s', (_name, text, expected) => {
    expect(peopleNames('', text)).toEqual(expected);
  });

  it('joins later surname mentions to the full name', () => {
    const people = entitiesOf('', 'Prime Minister Keir Starmer spoke first. Starmer then said the plan would work, and Mr Starmer left.').people;
    expect(people).toEqual([{ name: 'Keir Starmer', count: 3 }]);
  });

  it('joins a surname to the full name even when it looks like a place', () => {
    const people = entitiesOf('', 'Michael Jordan retired in 2003. Jordan said he would miss the game.').people;
    expect(people).toEqual([{ name: 'Michael Jordan', count: 2 }]);
  });

  it('finds no person in a Title Case headline of common words', () => {
    expect(peopleNames('Strengthening Alliances Forge Military Partnership', '')).toEqual([]);
  });
});

describe('organizations', () => {
  it.each([
    ['gazetteer with alias', 'The UN and NATO met the European Union.', ['United Nations', 'NATO', 'European Union']],
    ['company suffix', 'Shares in Acme Widgets Corp fell after Brightwater Holdings sold its stake.', ['Acme Widgets Corp', 'Brightwater Holdings']],
    ['Ministry of', 'The Ministry of Foreign Affairs summoned the ambassador.', ['Ministry of Foreign Affairs']],
    ['acronym', 'The deal was cleared by the CMA and the FCA.', ['CMA', 'FCA']],
    ['defined acronym', 'The Atomic Energy Organization of Iran (AEOI) said AEOI inspectors were ready.', ['Atomic Energy Organization of Iran']],
  ])('%s', (_name, text, expected) => {
    const names = entitiesOf('', text).organizations.map((o) => o.name);
    for (const e of expected) expect(names).toContain(e);
  });

  it('counts a defined acronym with its full name', () => {
    const orgs = entitiesOf('', 'The Atomic Energy Organization of Iran (AEOI) said AEOI inspectors were ready.').organizations;
    expect(orgs).toContainEqual({ name: 'Atomic Energy Organization of Iran', count: 2 });
  });

  it.each([['CEO'], ['GDP'], ['TV']])('does not take %s for an organisation', (word) => {
    expect(entitiesOf('', `The ${word} rose sharply on Monday.`).organizations).toEqual([]);
  });
});
