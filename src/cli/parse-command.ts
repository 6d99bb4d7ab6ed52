import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { loadConfig } from '../config/load-config.js';
import { toIngestError } from '../errors.js';
import type { ParsedFeed } from '../model.js';
import { ParseError } from '../parse/errors.js';
import { parseWithConfig } from '../parse/parse-settings.js';
import { CLI_ERROR_CODES, formatCliError } from './cli-errors.js';
import { writeJsonLine, type CliIO } from './cli-io.js';
import { COMMAND_SPECS, readCommandArgs, writeUsageError } from './command-table.js';

/** Code of the error line for a file that cannot be read (missing, a directory, no permission). */
export const FILE_UNREADABLE = CLI_ERROR_CODES.fileUnreadable;

const SPEC = COMMAND_SPECS.parse;

interface ParseArgs {
  contentType: string | null;
  url: string | null;
  files: string[];
  /** The service's parser: its limits from the config (`parse.*`, `fetch.maxBytes`). */
  parse: ReturnType<typeof parseWithConfig>;
}

/**
 * `newsfeed parse [--content-type VALUE] [--url URL] FILE...` (DESIGN.md contract), with the limits
 * the fetch worker parses with (config/default.yaml and the environment, loaded as the other
 * commands load them): a feed keeps the items the service would keep. A bad config is
 * CONFIG_INVALID on stderr, exit 1, before any file is read.
 */
export async function runParse(args: string[], io: CliIO): Promise<number> {
  const read = readCommandArgs(SPEC, args, io);
  if (typeof read === 'number') return read;
  if (read.operands.length === 0) return writeUsageError(SPEC, 'no FILE given', io);
  let parse: ParseArgs['parse'];
  try {
    parse = parseWithConfig(loadConfig({ env: io.env, cwd: io.cwd }));
  } catch (err) {
    io.stderr.write(formatCliError('parse', toIngestError(err)));
    return 1;
  }
  const parsed: ParseArgs = { contentType: read.values['--content-type'] ?? null, url: read.values['--url'] ?? null, files: read.operands, parse };
  let failed = false;
  for (const file of parsed.files) {
    const line = await parseOne(file, parsed, io);
    if (!line.ok) failed = true;
    writeJsonLine(io.stdout, line);
  }
  return failed ? 1 : 0;
}

type ResultLine = { file: string; ok: true } & Record<string, unknown>;
type ErrorLine = { file: string; ok: false; error: { code: string; message: string } };

async function parseOne(file: string, args: ParseArgs, io: CliIO): Promise<ResultLine | ErrorLine> {
  let body: Uint8Array;
  try {
    body = file === '-' ? await readAll(io.stdin) : await readFile(resolve(io.cwd, file));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return { file, ok: false, error: { code: FILE_UNREADABLE, message: `cannot read file: ${reason}` } };
  }
  try {
    return { file, ok: true, ...toContract(args.parse(body, { contentType: args.contentType, url: args.url })) };
  } catch (err) {
    const error = err instanceof ParseError ? err : new ParseError('PARSE_INTERNAL', String(err));
    return { file, ok: false, error: { code: error.code, message: error.message } };
  }
}

/** The contract's keys in the contract's order (items exactly those), then the extras (the feed's declared language and poll hints, version, recovered, notes). */
function toContract(feed: ParsedFeed): Record<string, unknown> {
  return {
    format: feed.format,
    encoding: feed.encoding,
    feed: { title: feed.feed.title, link: feed.feed.link, description: feed.feed.description, ...(feed.feed.language ? { language: feed.feed.language } : {}), ...pollHints(feed) },
    items: feed.items.map((item) => ({
      guid: item.guid,
      url: item.url,
      title: item.title,
      summary: item.summary,
      contentHtml: item.contentHtml,
      publishedAt: item.publishedAt,
      author: item.author,
      categories: item.categories,
    })),
    ...(feed.version ? { version: feed.version } : {}),
    recovered: feed.recovered,
    ...(feed.recoveryNotes ? { recoveryNotes: feed.recoveryNotes } : {}),
  };
}

function pollHints(feed: ParsedFeed): Record<string, number> {
  const hints: Record<string, number> = {};
  if (feed.feed.ttlMinutes != null) hints.ttlMinutes = feed.feed.ttlMinutes;
  if (feed.feed.updatePeriodMinutes != null) hints.updatePeriodMinutes = feed.feed.updatePeriodMinutes;
  return hints;
}

async function readAll(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
