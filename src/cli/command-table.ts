import type { CliIO } from './cli-io.js';
import { readArgs, type OptionSpec, type ReadArgs } from './read-args.js';

/**
 * Every command, its operands and options: the one table `newsfeed --help`, each command's
 * `--help` and usage message, and each command's argument reader are made from.
 */
export interface CommandSpec {
  /** `feeds list` for a subcommand. */
  name: string;
  /** Operands in the synopsis, after the options (`FILE...`). */
  operands?: string;
  summary: string;
  /** More lines for the command's own --help. */
  details?: readonly string[];
  options: readonly OptionSpec[];
  /** `feeds add|remove|list|import|export`: each its own synopsis and options. */
  subcommands?: readonly CommandSpec[];
}

const TOPICS: OptionSpec = { name: '--topics', value: 'PATH', help: 'the taxonomy (default config/topics.yaml)' };
const SELECTOR: OptionSpec = { name: '--selector', value: 'CSS', help: 'the CSS selector of the article body on the feed\'s pages (type, .class, #id, [attr=value], descendant and >), instead of the reader-mode heuristic; implies --full-text' };
const INTERVAL: OptionSpec = { name: '--interval', value: 'SECONDS', help: 'poll it at this fixed interval (90, 15m, 2h…) instead of the adaptive one (see feeds interval)' };
const MODEL: OptionSpec = { name: '--model', value: 'PATH', help: 'a model written by `newsfeed train`, combined with the rules' };

export const COMMAND_SPECS = {
  start: {
    name: 'start',
    summary: 'runs the service until SIGTERM/SIGINT, then drains and exits 0',
    options: [{ name: '--role', value: 'all|scheduler|fetcher|ingester|api', help: 'the roles this process runs, one or a comma list (default all)' }],
  },
  parse: {
    name: 'parse',
    operands: 'FILE...',
    summary: 'parses feed files offline: one JSON line per file; exit 1 when any file failed',
    details: [
      '{"file","ok":true,"format","encoding","feed":{"title","link","description"},"items":[...]}',
      '{"file","ok":false,"error":{"code","message"}}',
      'FILE "-" reads standard input. Without --url, relative links resolve against the feed\'s own link.',
    ],
    options: [
      { name: '--content-type', value: 'VALUE', help: 'the HTTP Content-Type the files were served with (its charset is used)' },
      { name: '--url', value: 'URL', help: 'the URL the files were fetched from (base of relative links)' },
    ],
  },
  classify: {
    name: 'classify',
    operands: '[FILE|-]',
    summary: 'topics (with evidence) and entities of a text (first line = title; default: standard input)',
    options: [
      { name: '--jsonl', help: 'lines {"id","title","text"} in, lines {"id","topics","entities"} out' },
      TOPICS,
      MODEL,
    ],
  },
  train: {
    name: 'train',
    summary: 'trains the linear topic model from {"title","text","topics":[...]} lines',
    options: [
      { name: '--input', value: 'FILE.jsonl', required: true, help: 'the labelled lines' },
      { name: '--output', value: 'MODEL.json', required: true, help: 'where the model is written' },
      TOPICS,
      { name: '--epochs', value: 'N', help: 'training passes (a positive integer)' },
      { name: '--buckets', value: 'N', help: 'hashed feature buckets (a positive integer)' },
      { name: '--min-positives', value: 'N', help: 'fewer positive examples leave a topic to the rules (default 10)' },
    ],
  },
  cluster: {
    name: 'cluster',
    summary: 'lines {"id","title","text","url","publishedAt"} in -> lines {"id","clusterId","duplicateOf"} out',
    options: [
      { name: '--jsonl', required: true, help: 'JSON lines in and out (required)' },
      { name: '--batch', value: 'N', help: 'lines per ingest batch (default 100)' },
      TOPICS,
      MODEL,
      { name: '--redis', value: 'URL', help: "use the Redis indexes at URL instead of in-memory ones" },
      { name: '--prefix', value: 'PREFIX', help: 'key prefix of the Redis indexes (default newsfeed-cli)' },
    ],
  },
  feeds: {
    name: 'feeds',
    summary: 'manages the feed list in the store (a running service picks changes up at once)',
    options: [],
    subcommands: [
      {
        name: 'feeds add',
        operands: 'URL',
        summary: 'adds a feed',
        options: [
          { name: '--full-text', help: 'fetch the article page of items that carry a summary only' },
          SELECTOR,
          { name: '--discover', help: 'URL may be a web page: fetch it and add the feed it announces (as `feeds discover` finds it)' },
          INTERVAL,
        ],
      },
      { name: 'feeds discover', operands: 'URL', summary: "prints the feeds a web page announces or links to (or the site's usual feed addresses hold), checked, one JSON line each", options: [] },
      { name: 'feeds remove', operands: 'URL|ID', summary: 'removes a feed', options: [] },
      { name: 'feeds full-text', operands: 'URL|ID on|off', summary: 'turns fetching the article pages of summary-only items on or off (a selector set before is kept unless --selector is given)', options: [SELECTOR, { name: '--no-selector', help: 'removes the selector: the reader-mode heuristic finds the article again' }] },
      {
        name: 'feeds rules',
        operands: 'URL|ID',
        summary: "sets, removes or (with no option) prints a feed's block and keep rules: regular expressions matched, case-insensitively, against each new item's title, link, author and categories",
        options: [
          { name: '--block', value: 'REGEX', help: 'drop the items it matches' },
          { name: '--keep', value: 'REGEX', help: 'keep only the items it matches' },
          { name: '--no-block', help: 'remove the block rule' },
          { name: '--no-keep', help: 'remove the keep rule' },
        ],
      },
      {
        name: 'feeds interval',
        operands: 'URL|ID SECONDS|adaptive',
        summary: "polls a feed at a fixed interval (90, 90s, 15m, 2h, 1d; raised to poll.minFixedIntervalSec) instead of at the rhythm it publishes at; `adaptive` goes back to that (polled at once). Errors still back off",
        options: [],
      },
      { name: 'feeds pause', operands: 'URL|ID', summary: 'stops polling a feed (its stories stay) until resumed', options: [] },
      { name: 'feeds resume', operands: 'URL|ID', summary: 'polls a paused feed, or one retired after 410 Gone, again from now', options: [] },
      { name: 'feeds list', summary: 'lists the feeds', options: [{ name: '--json', help: 'one JSON line per feed, as in GET /api/feeds' }] },
      { name: 'feeds import', operands: 'FILE.opml', summary: 'adds the feeds of an OPML file not yet present', options: [] },
      { name: 'feeds export', summary: 'prints the feed list as OPML', options: [] },
    ],
  },
  webhooks: {
    name: 'webhooks',
    summary: 'manages webhook subscriptions: new stories matching a filter are POSTed to a URL (the ingester delivers)',
    details: [
      'Body: {"event":"stories.matched","deliveryId","webhookId","sentAt","stories":[Story]}; header',
      'X-Newsfeed-Signature: sha256=HMAC-SHA256(secret, body). Filters work as in GET /api/stories.',
    ],
    options: [],
    subcommands: [
      {
        name: 'webhooks add',
        operands: 'URL',
        summary: 'adds a subscription (or turns on again the same one a 410 disabled) and prints it with its secret',
        options: [
          { name: '--topic', value: 'IDS', help: 'topic ids, comma-separated: stories with any of them (default every story)' },
          { name: '--entity', value: 'NAME', help: 'stories naming this place, person or organisation' },
          { name: '--q', value: 'WORDS', help: 'stories containing every word, every "quoted phrase" and no -excluded word, as /api/stories?q=' },
          { name: '--feed', value: 'URL|ID', help: 'stories from this feed' },
          { name: '--category', value: 'NAME', help: 'stories from the feeds filed under this category (folder) or its subfolders' },
          { name: '--language', value: 'CODES', help: 'language codes, comma-separated (en,fr): stories written in any of them' },
          { name: '--include', value: 'text', help: "deliveries carry each story's stored text" },
          { name: '--secret', value: 'TEXT', help: 'the signing secret, 16 to 500 characters (default: a random one)' },
        ],
      },
      { name: 'webhooks remove', operands: 'ID', summary: 'removes a subscription', options: [] },
      { name: 'webhooks test', operands: 'ID', summary: 'sends a test delivery (event "ping", no stories) now and prints how the receiver answered; exit 1 when it failed', options: [] },
      { name: 'webhooks list', summary: 'lists the subscriptions, with their delivery counts and last error', options: [{ name: '--json', help: 'one JSON line per subscription, as in GET /api/webhooks' }] },
    ],
  },
  status: {
    name: 'status',
    summary: 'queue depths per state, feed health, story counts',
    options: [
      { name: '--json', help: 'the /api/stats shape plus the failing and the quiet feeds' },
      { name: '--quiet-days', value: 'N', help: 'a polled feed that has brought no new item for N days (default 14) is listed as quiet: its site may have moved it' },
    ],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMAND_SPECS;

const HELP_OPTION: OptionSpec = { name: '-h, --help', help: 'this help' };

/** `start [--role all|…]`, `train --input FILE.jsonl …`, `parse [--content-type VALUE] [--url URL] FILE...` */
export function formatSynopsis(spec: CommandSpec): string {
  const options = spec.options.map((o) => {
    const text = o.value ? `${o.name} ${o.value}` : o.name;
    return o.required ? text : `[${text}]`;
  });
  return [spec.name, ...options, ...(spec.operands ? [spec.operands] : [])].join(' ');
}

function formatOptions(options: readonly OptionSpec[], indent: string): string[] {
  const labels = options.map((o) => (o.value ? `${o.name} ${o.value}` : o.name));
  const width = Math.max(0, ...labels.map((l) => l.length));
  return options.map((o, i) => `${indent}${labels[i]!.padEnd(width)}  ${o.help}`);
}

function leaves(spec: CommandSpec): readonly CommandSpec[] {
  return spec.subcommands ?? [spec];
}

/** A command's --help (stdout) and usage message (stderr, after the problem). */
export function formatCommandHelp(spec: CommandSpec): string {
  const lines = leaves(spec).map((s, i) => `${i === 0 ? 'usage:' : '      '} newsfeed ${formatSynopsis(s)}`);
  lines.push(`  ${spec.summary}`, ...(spec.details ?? []).map((d) => `  ${d}`));
  for (const sub of spec.subcommands ?? []) {
    lines.push(`  ${sub.name}: ${sub.summary}`, ...formatOptions(sub.options, '    '));
  }
  lines.push('options:', ...formatOptions([...spec.options, HELP_OPTION], '  '));
  return `${lines.join('\n')}\n`;
}

/** `newsfeed --help`: every command with every option it accepts. */
export function formatHelp(): string {
  const lines = ['usage: newsfeed <command> [options]     (newsfeed <command> --help for one command)', ''];
  for (const spec of Object.values(COMMAND_SPECS) as CommandSpec[]) {
    for (const s of leaves(spec)) {
      lines.push(`  ${formatSynopsis(s)}`, `      ${s === spec ? spec.summary : s.summary}`, ...formatOptions(s.options, '      '));
    }
  }
  lines.push('', 'Exit status: 0 ok; 1 failed (a coded error says why); 2 bad usage, and for classify, train and cluster', 'an unreadable input, taxonomy or model.', '');
  return lines.join('\n');
}

/**
 * Reads a command's arguments (`options`, by default the command's own). `--help` prints the
 * command's help on stdout and a problem prints `newsfeed NAME: problem` and the usage on stderr:
 * the exit code (0, 2) is returned then.
 */
export function readCommandArgs(spec: CommandSpec, args: readonly string[], io: Pick<CliIO, 'stdout' | 'stderr'>, options: readonly OptionSpec[] = spec.options): ReadArgs | number {
  const read = readArgs(args, options);
  if (typeof read !== 'string' && read.help) {
    io.stdout.write(formatCommandHelp(spec));
    return 0;
  }
  if (typeof read === 'string') return writeUsageError(spec, read, io);
  return read;
}

/**
 * Reads `NAME SUB [options] operands` of a command with subcommands: the subcommand's spec and
 * arguments, or the exit code when help was printed or the usage was wrong (`operands`: how many
 * each subcommand takes).
 */
export function readSubcommandArgs(spec: CommandSpec, args: readonly string[], io: Pick<CliIO, 'stdout' | 'stderr'>, operands: Record<string, number>): { sub: string; read: ReadArgs } | number {
  const [sub, ...more] = args;
  if (sub === '-h' || sub === '--help') return readCommandArgs(spec, [sub], io) as number;
  const subSpec = spec.subcommands?.find((s) => s.name === `${spec.name} ${sub}`);
  if (!sub || !subSpec) return writeUsageError(spec, sub ? `unknown subcommand ${sub}` : 'no subcommand given', io);
  const read = readCommandArgs(spec, more, io, subSpec.options);
  if (typeof read === 'number') return read;
  if (read.operands.length !== operands[sub]) return writeUsageError(spec, `${subSpec.name} takes ${subSpec.operands ?? 'no operand'}`, io);
  return { sub, read };
}

/** `newsfeed NAME: problem` and the command's usage on stderr; returns 2. */
export function writeUsageError(spec: CommandSpec, problem: string, io: Pick<CliIO, 'stderr'>): number {
  io.stderr.write(`newsfeed ${spec.name}: ${problem}\n${formatCommandHelp(spec)}`);
  return 2;
}
