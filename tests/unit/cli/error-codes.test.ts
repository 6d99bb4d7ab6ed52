import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { memoryIo } from '../../helpers/cli-streams.js';
import { REDIS_URL, redisAvailable } from '../../helpers/services.js';

/**
 * Every coded error the CLI prints: on stderr as `newsfeed COMMAND: CODE: message`, or in an
 * output line's {"error":{"code","message"}} (parse, classify --jsonl, cluster --jsonl).
 */
describe('CLI error codes', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-cli-codes-'));
  const env = { DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, REDIS_URL: 'redis://127.0.0.1:1' };
  beforeAll(() => {
    writeFileSync(path.join(dir, 'page.html'), '<html><body>not OPML</body></html>');
    writeFileSync(path.join(dir, 'bad-training.jsonl'), 'not json\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const at = (name: string) => path.join(dir, name);

  it.each<[string, () => string[], string, number, 'stderr' | 'stdout', Record<string, string>?]>([
    ['FILE_UNREADABLE', () => ['parse', at('missing.xml')], '', 1, 'stdout'],
    ['PARSE_NOT_A_FEED', () => ['parse', at('page.html')], '', 1, 'stdout'],
    ['FILE_UNREADABLE', () => ['classify', at('missing.txt')], '', 2, 'stderr'],
    ['FILE_UNREADABLE', () => ['classify', '--jsonl', at('missing.jsonl')], '', 2, 'stderr'],
    ['CLASSIFY_TAXONOMY_UNREADABLE', () => ['classify', '--topics', at('missing.yaml')], 'Title\ntext', 2, 'stderr'],
    ['CLASSIFY_MODEL_UNREADABLE', () => ['classify', '--model', at('missing.json')], 'Title\ntext', 2, 'stderr'],
    ['CLASSIFY_MODEL_INVALID', () => ['classify', '--model', 'tests/fixtures/classify/model-not-a-model.json'], 'Title\ntext', 2, 'stderr'],
    ['CLASSIFY_INPUT_INVALID', () => ['classify', '--jsonl'], 'not json\n', 1, 'stdout'],
    ['FILE_UNREADABLE', () => ['train', '--input', at('missing.jsonl'), '--output', at('m.json')], '', 2, 'stderr'],
    ['CLASSIFY_TRAINING_DATA_INVALID', () => ['train', '--input', at('bad-training.jsonl'), '--output', at('m.json')], '', 1, 'stderr'],
    ['CLUSTER_INPUT_INVALID', () => ['cluster', '--jsonl'], 'not json\nnull\n{"title":"no id"}\n', 1, 'stdout'],
    ['ITEM_EMPTY', () => ['cluster', '--jsonl'], '{"id":"a","title":"","text":""}\n', 1, 'stdout'],
    ['CLASSIFY_TAXONOMY_UNREADABLE', () => ['cluster', '--jsonl', '--topics', at('missing.yaml')], '', 2, 'stderr'],
    ['DEDUP_INDEX_UNAVAILABLE', () => ['cluster', '--jsonl', '--redis', 'redis://127.0.0.1:1'], '{"id":"a","title":"Oil","text":"Crude oil prices rose."}\n', 1, 'stderr'],
    ['FETCH_BAD_URL', () => ['feeds', 'add', 'ftp://a.example/feed'], '', 1, 'stderr'],
    ['FILE_UNREADABLE', () => ['feeds', 'import', at('missing.opml')], '', 1, 'stderr'],
    ['OPML_INVALID', () => ['feeds', 'import', at('page.html')], '', 1, 'stderr'],
    ['FEED_NOT_FOUND', () => ['feeds', 'remove', 'https://none.example/feed'], '', 1, 'stderr'],
    ['CONFIG_INVALID', () => ['status'], '', 1, 'stderr', { PORT: 'x' }],
    ['CONFIG_INVALID', () => ['feeds', 'list'], '', 1, 'stderr', { DATABASE_URL: 'mysql://db.example/x' }],
    ['STORE_UNAVAILABLE', () => ['feeds', 'list'], '', 1, 'stderr', { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }],
    // start reaches the store after Redis: only where a Redis answers.
    ...(redisAvailable ? [['STORE_UNAVAILABLE', () => ['start', '--role', 'api'], '', 1, 'stderr', { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', PORT: '0', REDIS_URL }] as [string, () => string[], string, number, 'stderr', Record<string, string>]] : []),
    // A store path under a file: SQLite cannot create it.
    ['STORE_UNAVAILABLE', () => ['status', '--json'], '', 1, 'stderr', { DATABASE_URL: `sqlite:${path.join(dir, 'page.html', 'db.sqlite')}` }],
  ])('%s from %s', async (code, argv, stdin, exit, where, extraEnv) => {
    const m = memoryIo(stdin, { ...env, ...extraEnv });
    expect(await main(argv(), m.io)).toBe(exit);
    if (where === 'stderr') {
      expect(m.err()).toMatch(new RegExp(`^newsfeed \\w+: ${code}: `));
    } else {
      const codes = m.out().trim().split('\n').map((l) => (JSON.parse(l) as { error?: { code: string } }).error?.code);
      expect(codes.filter(Boolean).length).toBeGreaterThan(0);
      for (const c of codes.filter(Boolean)) expect(c).toBe(code);
    }
  });
});
