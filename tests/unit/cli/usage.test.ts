import { describe, expect, it } from 'vitest';
import { COMMAND_SPECS, type CommandSpec } from '../../../src/cli/command-table.js';
import { main } from '../../../src/cli/main.js';
import { memoryIo } from '../../helpers/cli-streams.js';

/** No store and no Redis to be found: a command that got past its arguments fails loudly instead of touching one. */
const ENV = { DATABASE_URL: 'postgres://127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1', FEEDS_FILE: '/nonexistent/feeds.opml' };

const leaves = (Object.values(COMMAND_SPECS) as CommandSpec[]).flatMap((spec) => spec.subcommands ?? [spec]);
/** Every option that takes a value, with the words of its command (`feeds list`, `cluster`). */
const VALUE_OPTIONS = leaves.flatMap((spec) => spec.options.filter((o) => o.value).map((o) => ({ words: spec.name.split(' '), option: o.name })));
/** Every option that takes none. */
const FLAGS = leaves.flatMap((spec) => spec.options.filter((o) => !o.value).map((o) => ({ words: spec.name.split(' '), option: o.name })));

async function run(argv: string[]) {
  const m = memoryIo('', ENV);
  const code = await main(argv, m.io);
  return { code, out: m.out(), err: m.err() };
}

describe('CLI usage', () => {
  it('has options that take a value in every command that has them', () => {
    expect(VALUE_OPTIONS.map((o) => `${o.words.join(' ')} ${o.option}`)).toEqual([
      'start --role',
      'parse --content-type',
      'parse --url',
      'classify --topics',
      'classify --model',
      'train --input',
      'train --output',
      'train --topics',
      'train --epochs',
      'train --buckets',
      'train --min-positives',
      'cluster --batch',
      'cluster --topics',
      'cluster --model',
      'cluster --redis',
      'cluster --prefix',
      'feeds add --selector',
      'feeds add --interval',
      'feeds full-text --selector',
      'feeds rules --block',
      'feeds rules --keep',
      'webhooks add --topic',
      'webhooks add --entity',
      'webhooks add --q',
      'webhooks add --feed',
      'webhooks add --category',
      'webhooks add --language',
      'webhooks add --include',
      'webhooks add --secret',
      'status --quiet-days',
    ]);
  });

  // `start --role` with no value used to start every role (and import FEEDS_FILE); `cluster --model` ran without a model.
  it.each(VALUE_OPTIONS.flatMap(({ words, option }) => [
    [[...words, option], option],
    [[...words, `${option}=`], option],
    [[...words, option, '--help'], option],
  ]))('exits 2 with usage for an option without its value: %j', async (argv, option) => {
    const { code, out, err } = await run(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`${option} needs a value`);
    expect(err).toContain('usage: newsfeed ');
  });

  it.each(FLAGS.map(({ words, option }) => [[...words, `${option}=yes`]]))('exits 2 when a flag is given a value: %j', async (argv) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toContain('takes no value');
  });

  it.each(leaves.map((spec) => [spec.name.split(' ')]))('exits 2 for an unknown option of %j', async (words) => {
    const { code, out, err } = await run([...words, '--bogus']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('unknown option --bogus');
  });

  it.each(Object.keys(COMMAND_SPECS).map((name) => [name]))('prints the help of %s on --help, exit 0', async (name) => {
    const { code, out, err } = await run([name, '--help']);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(new RegExp(`^usage: newsfeed ${name}`));
    expect((await run(['help', name])).out).toBe(out);
  });

  it('lists every command with every option it accepts in newsfeed --help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    for (const spec of leaves) {
      expect(out).toContain(spec.name);
      for (const o of spec.options) expect(out).toContain(o.value ? `${o.name} ${o.value}` : o.name);
    }
    for (const text of ['feeds remove URL|ID', 'feeds list [--json]', 'parse [--content-type VALUE] [--url URL] FILE...', '[--topics PATH] [--model PATH]', 'cluster --jsonl [--batch N]', '[--redis URL] [--prefix PREFIX]', '[--epochs N] [--buckets N]']) {
      expect(out).toContain(text);
    }
  });

  it.each<[string[], string]>([
    [['start', 'extra'], 'unexpected argument extra'],
    [['start', '--role', 'painter'], 'unknown role "painter"'],
    [['feeds'], 'no subcommand given'],
    [['feeds', 'rename'], 'unknown subcommand rename'],
    [['feeds', 'add'], 'feeds add takes URL'],
    [['feeds', 'list', 'x'], 'feeds list takes no operand'],
    [['feeds', 'add', 'https://a.example/', '--json'], 'unknown option --json'],
    [['status', 'x'], 'unexpected argument x'],
    [['parse'], 'no FILE given'],
    [['cluster'], '--jsonl is required'],
    [['cluster', '--jsonl', '--batch', '0'], '--batch must be a positive integer'],
    [['train', '--input', 'x.jsonl'], '--input and --output are required'],
    [['train', '--input', 'x', '--output', 'y', '--epochs', '1.5'], '--epochs must be a positive integer'],
    [['classify', 'a.txt', 'b.txt'], 'takes at most one FILE'],
  ])('exits 2 for %j: %s', async (argv, problem) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toContain(problem);
  });
});
