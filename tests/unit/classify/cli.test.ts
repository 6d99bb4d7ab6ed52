import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/cli-io.js';
import { runClassify } from '../../../src/cli/classify-command.js';
import { runTrain } from '../../../src/cli/train-command.js';
import { SEED_PATH, seedPresent } from '../../helpers/seed-feeds.js';

function memoryIo(stdin = ''): { io: CliIO; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  return { io: { stdin: Readable.from([stdin]), stdout, stderr, env: {}, cwd: process.cwd() }, out: () => out, err: () => err };
}

const tmp = mkdtempSync(join(tmpdir(), 'newsfeed-classify-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const STORY = 'Oil prices climb as OPEC cuts output\nCrude oil prices rose in Vienna after OPEC cut production. Saudi officials said supply would stay tight.\n';

describe('newsfeed classify', () => {
  it.skipIf(!seedPresent)('cleans the text as the ingest worker does: the seed file (paragraphs repeated) gets the stored story\'s labels', async () => {
    const m = memoryIo();
    expect(await runClassify([SEED_PATH], m.io)).toBe(0);
    const result = JSON.parse(m.out());
    expect(result.topics.map((t: { id: string }) => t.id).sort()).toEqual(['defense', 'diplomacy', 'economy', 'energy', 'politics', 'trade']);
    // Each paragraph counted once: 16 mentions of Russia (and Russian) in the file, 9 in the story.
    expect(result.entities.places.find((p: { name: string }) => p.name === 'Russia').count).toBe(9);
    expect(result.entities.places.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['Russia', 'Iran', 'Azerbaijan', 'Ukraine']));
  });

  it('keeps HTML-looking text as text', async () => {
    const m = memoryIo('Tariffs <b>rise</b>\nThe government raised import tariffs & duties on steel, trade ministers said.\n');
    expect(await runClassify(['-'], m.io)).toBe(0);
    expect(JSON.parse(m.out()).topics.map((t: { id: string }) => t.id)).toContain('trade');
  });

  it('reads plain text from stdin: first line is the title, one JSON object out', async () => {
    const m = memoryIo(STORY);
    expect(await runClassify(['-'], m.io)).toBe(0);
    const lines = m.out().trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!);
    expect(Object.keys(result)).toEqual(['topics', 'entities']);
    expect(Object.keys(result.entities)).toEqual(['places', 'people', 'organizations']);
    const energy = result.topics.find((t: { id: string }) => t.id === 'energy');
    expect(Object.keys(energy)).toEqual(['id', 'label', 'iptc', 'score', 'evidence']);
    expect(energy.iptc).toBe('medtop:20000256');
    expect(result.topics.map((t: { id: string }) => t.id)).toContain('economy');
    expect(result.entities.places.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['Vienna', 'Saudi Arabia']));
    expect(result.entities.organizations.map((o: { name: string }) => o.name)).toContain('OPEC');
  });

  it.each([
    ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))],
    ['a NUL in text', Buffer.from('Title\nSome text\u0000 more')],
    ['a PNG header', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)])],
  ])('refuses %s as CLASSIFY_INPUT_INVALID (exit 2) instead of listing garbage entities', async (_name, bytes) => {
    const file = join(tmp, 'binary.bin');
    writeFileSync(file, bytes);
    const m = memoryIo();
    expect(await runClassify([file], m.io)).toBe(2);
    expect(m.out()).toBe('');
    expect(m.err()).toMatch(/CLASSIFY_INPUT_INVALID: .*binary\.bin is not text/);
  });

  it.each([
    ['UTF-16LE', (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
    ['UTF-16BE', (t: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()])],
    ['UTF-8 with a byte-order mark', (t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)])],
    ['Latin-1 / Windows-1252', (t: string) => Buffer.from(t, 'latin1')],
  ])('reads a %s file as the same text', async (_name, encode) => {
    const file = join(tmp, 'encoded.txt');
    const story = `${STORY}Caf\u00e9 owners in M\u00fcnchen and S\u00e3o Paulo said prices rose.\n`;
    writeFileSync(file, encode(story));
    const m = memoryIo();
    expect(await runClassify([file], m.io)).toBe(0);
    const plain = memoryIo(story);
    await runClassify(['-'], plain.io);
    expect(m.out()).toBe(plain.out());
  });

  it('--jsonl: a line whose title or text is not text is CLASSIFY_INPUT_INVALID, the others classified', async () => {
    const m = memoryIo(`${JSON.stringify({ id: 'bin', text: '\u0000\u0001\u0002\u0003 x' })}\n${JSON.stringify({ id: 'ok', title: 'Oil prices climb', text: 'OPEC cut output.' })}\n`);
    expect(await runClassify(['--jsonl'], m.io)).toBe(1);
    const rows = m.out().trim().split('\n').map((l) => JSON.parse(l));
    expect(rows[0]).toMatchObject({ id: 'bin', error: { code: 'CLASSIFY_INPUT_INVALID' } });
    expect(rows[1]).toMatchObject({ id: 'ok' });
    expect(rows[1].topics.length).toBeGreaterThan(0);
  });

  it('reads a FILE given by path', async () => {
    const file = join(tmp, 'story.txt');
    writeFileSync(file, STORY);
    const m = memoryIo();
    expect(await runClassify([file], m.io)).toBe(0);
    expect(JSON.parse(m.out()).topics.length).toBeGreaterThan(0);
  });

  it('--jsonl: one output line per input line, bad lines as coded errors and exit 1', async () => {
    const input = [
      JSON.stringify({ id: 'a', title: 'United win cup final', text: 'The striker scored twice in the final.' }),
      'not json',
      JSON.stringify({ id: 7, title: 3, text: 'x' }),
      JSON.stringify({ id: 'b', title: 'Rail strike over pay', text: 'Rail workers went on strike after the union rejected the pay offer.' }),
      JSON.stringify({ title: 'No id', text: 'A line without its id.' }),
      JSON.stringify({ id: 'c' }),
    ].join('\n');
    const m = memoryIo(input);
    expect(await runClassify(['--jsonl', '-'], m.io)).toBe(1);
    const rows = m.out().trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(6);
    expect(rows[5]).toEqual({ id: 'c', error: { code: 'CLASSIFY_INPUT_INVALID', message: 'line 6: needs a "title" or a "text" (not both empty)' } });
    expect(rows[4]).toEqual({ id: null, error: { code: 'CLASSIFY_INPUT_INVALID', message: 'line 5: "id" must be a string or a number' } });
    expect(Object.keys(rows[0])).toEqual(['id', 'topics', 'entities']);
    expect(rows[0].id).toBe('a');
    expect(rows[0].topics[0].id).toBe('sport');
    expect(rows[1]).toEqual({ id: null, error: { code: 'CLASSIFY_INPUT_INVALID', message: 'line 2 is not JSON' } });
    expect(rows[2]).toMatchObject({ id: 7, error: { code: 'CLASSIFY_INPUT_INVALID' } });
    expect(rows[3].topics.map((t: { id: string }) => t.id)).toContain('labour');
  });

  it.each([
    [['--topics', 'tests/fixtures/classify/missing.yaml', '-'], 'CLASSIFY_TAXONOMY_UNREADABLE'],
    [['--model', 'tests/fixtures/classify/model-not-a-model.json', '-'], 'CLASSIFY_MODEL_INVALID'],
    [['--bogus'], 'unknown option'],
    [['a.txt', 'b.txt'], 'at most one FILE'],
    [['--topics'], '--topics needs a value'],
  ])('exits 2 with a message for %j', async (args, message) => {
    const m = memoryIo(STORY);
    expect(await runClassify(args, m.io)).toBe(2);
    expect(m.err()).toContain(message);
    expect(m.out()).toBe('');
  });
});

describe('newsfeed train', () => {
  it('trains, saves a model that classify --model loads, and prints a summary', async () => {
    const model = join(tmp, 'model.json');
    const t = memoryIo();
    expect(await runTrain(['--input', 'tests/fixtures/classify/train-small.jsonl', '--output', model, '--min-positives', '3'], t.io)).toBe(0);
    expect(t.out()).toMatch(/trained on 8 examples/);
    expect(t.out()).toMatch(/lifestyle \(4 positive/);
    expect(JSON.parse(readFileSync(model, 'utf8')).format).toBe('newsfeed-linear-model');
    const c = memoryIo('Apple orchards\nGrowers picked apples and pears in the orchards.\n');
    expect(await runClassify(['--model', model, '-'], c.io)).toBe(0);
    const lifestyle = JSON.parse(c.out()).topics.find((x: { id: string }) => x.id === 'lifestyle');
    expect(lifestyle.evidence.some((e: string) => e.startsWith('model:'))).toBe(true);
  });

  it.each([
    [['--input', 'x.jsonl'], 2, '--input and --output are required'],
    [['--input', 'tests/fixtures/classify/nope.jsonl', '--output', 'm.json'], 2, 'cannot read'],
    [['--input', 'tests/fixtures/classify/model-not-a-model.json', '--output', 'm.json'], 1, 'CLASSIFY_TRAINING_DATA_INVALID'],
  ])('fails cleanly for %j', async (args, code, message) => {
    const m = memoryIo();
    expect(await runTrain(args, m.io)).toBe(code);
    expect(m.err()).toContain(message);
  });

  it('rejects a topic the taxonomy does not know, naming its line', async () => {
    const input = join(tmp, 'bad.jsonl');
    const ok = JSON.stringify({ title: 'x', text: 'y', topics: ['sport'] });
    writeFileSync(input, `${ok}\n\n${ok}\n\n${JSON.stringify({ title: 'x', text: 'y', topics: ['astrology'] })}\n`);
    const m = memoryIo();
    expect(await runTrain(['--input', input, '--output', join(tmp, 'bad-model.json')], m.io)).toBe(1);
    expect(m.err()).toContain('line 5: unknown topic "astrology"');
  });

  it.each([
    ['no text and no title', { topics: ['sport'] }],
    ['an empty title and text', { title: ' ', text: '', topics: ['sport'] }],
    ['a text that is not a string', { title: 'x', text: 3, topics: ['sport'] }],
    ['no topics list', { title: 'x', text: 'y' }],
  ])('rejects a line with %s', async (_name, row) => {
    const input = join(tmp, 'bad-line.jsonl');
    writeFileSync(input, `${JSON.stringify({ title: 'x', text: 'y', topics: ['sport'] })}\n${JSON.stringify(row)}\n`);
    const m = memoryIo();
    expect(await runTrain(['--input', input, '--output', join(tmp, 'm.json')], m.io)).toBe(1);
    expect(m.err()).toContain('CLASSIFY_TRAINING_DATA_INVALID: line 2:');
  });

  it('accepts a headline without text', async () => {
    const input = join(tmp, 'headlines.jsonl');
    writeFileSync(input, `${JSON.stringify({ title: 'Striker scores twice', topics: ['sport'] })}\n${JSON.stringify({ title: 'Rates held', text: '', topics: ['economy'] })}\n`);
    const m = memoryIo();
    expect(await runTrain(['--input', input, '--output', join(tmp, 'h.json')], m.io)).toBe(0);
    expect(m.out()).toMatch(/trained on 2 examples/);
  });

  it('reports a model it cannot write as CLASSIFY_MODEL_UNWRITABLE, before training, leaving nothing behind', async () => {
    const m = memoryIo();
    expect(await runTrain(['--input', 'tests/fixtures/classify/train-small.jsonl', '--output', join(tmp, 'no-such-dir', 'm.json')], m.io)).toBe(2);
    expect(m.err()).toContain('CLASSIFY_MODEL_UNWRITABLE');
    expect(m.out()).toBe('');
    const dir = join(tmp, 'a-directory');
    mkdirSync(dir, { recursive: true });
    const d = memoryIo();
    expect(await runTrain(['--input', 'tests/fixtures/classify/train-small.jsonl', '--output', dir], d.io)).toBe(2);
    expect(d.err()).toContain('CLASSIFY_MODEL_UNWRITABLE');
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('refuses to write the model over its own training data', async () => {
    const m = memoryIo();
    expect(await runTrain(['--input', 'tests/fixtures/classify/train-small.jsonl', '--output', './tests/fixtures/classify/train-small.jsonl'], m.io)).toBe(2);
    expect(m.err()).toContain('--output must not be the --input file');
  });

  it('reads a file that starts with a byte-order mark', async () => {
    const input = join(tmp, 'bom.jsonl');
    writeFileSync(input, `\uFEFF${JSON.stringify({ title: 'Striker scores twice', topics: ['sport'] })}\n${JSON.stringify({ title: 'Rates held', topics: ['economy'] })}\n`);
    const m = memoryIo();
    expect(await runTrain(['--input', input, '--output', join(tmp, 'bom.json')], m.io)).toBe(0);
  });
});
