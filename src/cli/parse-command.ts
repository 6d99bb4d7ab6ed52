import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { ParsedFeed } from '../model.js';
import { ParseError } from '../parse/errors.js';
import { parseFeed } from '../parse/parse-feed.js';
import { writeJsonLine, type CliIO } from './cli-io.js';

/** Code of the error line for a file that cannot be read (missing, a directory, no permission). */
export const FILE_UNREADABLE = 'FILE_UNREADABLE';

const USAGE = `usage: newsfeed parse [--content-type VALUE] [--url URL] FILE...
  Parses feed files offline and prints one JSON line per file:
    {"file","ok":true,"format","encoding","feed":{"title","link","description"},"items":[...]}
    {"file","ok":false,"error":{"code","message"}}
  --content-type VALUE  the HTTP Content-Type the files were served with (its charset is used)
  --url URL             the URL the files were fetched from (base of relative links)
  FILE "-" reads standard input. Exit status 1 when any file failed, 2 on bad usage.
`;

interface ParseArgs {
  contentType: string | null;
  url: string | null;
  files: string[];
}

/** `newsfeed parse [--content-type VALUE] FILE...` (DESIGN.md contract). */
export async function runParse(args: string[], io: CliIO): Promise<number> {
  let parsed: ParseArgs;
  try {
    parsed = parseArgs(args);
  } catch (err) {
    io.stderr.write(`newsfeed parse: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (parsed.files.length === 0) {
    io.stderr.write(`newsfeed parse: no FILE given\n${USAGE}`);
    return 2;
  }
  let failed = false;
  for (const file of parsed.files) {
    const line = await parseOne(file, parsed, io);
    if (!line.ok) failed = true;
    writeJsonLine(io.stdout, line);
  }
  return failed ? 1 : 0;
}

function parseArgs(args: string[]): ParseArgs {
  const out: ParseArgs = { contentType: null, url: null, files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.files.push(...args.slice(i + 1));
      break;
    }
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--content-type' || flag === '--url') {
      const value = inline ?? args[++i];
      if (value === undefined) throw new Error(`${flag} needs a value`);
      if (flag === '--content-type') out.contentType = value;
      else out.url = value;
    } else if (arg === '--help' || arg === '-h') {
      continue;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new Error(`unknown option ${arg}`);
    } else {
      out.files.push(arg);
    }
  }
  return out;
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
    return { file, ok: true, ...toContract(parseFeed(body, { contentType: args.contentType, url: args.url })) };
  } catch (err) {
    const error = err instanceof ParseError ? err : new ParseError('PARSE_INTERNAL', String(err));
    return { file, ok: false, error: { code: error.code, message: error.message } };
  }
}

/** The contract's keys in the contract's order, then the extras (version, recovered, notes, poll hints). */
function toContract(feed: ParsedFeed): Record<string, unknown> {
  return {
    format: feed.format,
    encoding: feed.encoding,
    feed: { title: feed.feed.title, link: feed.feed.link, description: feed.feed.description, ...pollHints(feed) },
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
