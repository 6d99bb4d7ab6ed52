import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createClassifier, type Classification, type Classifier } from '../classify/classifier.js';
import { ClassifyError, CLASSIFY_ERROR_CODES } from '../classify/errors.js';
import { loadLinearModel } from '../classify/model-file.js';
import { loadTaxonomy } from '../classify/taxonomy.js';
import { toIngestError } from '../errors.js';
import { fileUnreadable, formatCliError } from './cli-errors.js';
import { writeJsonLine, type CliIO } from './cli-io.js';
import { COMMAND_SPECS, readCommandArgs, writeUsageError } from './command-table.js';
import { cleanPlainStory, decodeText, looksBinary } from './plain-text.js';

const SPEC = COMMAND_SPECS.classify;

interface ClassifyArgs {
  file: string;
  jsonl: boolean;
  topics: string;
  model: string | null;
}

/**
 * `newsfeed classify`: plain text (first line = title, the rest = text), cleaned as the ingest
 * worker cleans a story (repeated paragraphs once, boilerplate lines dropped) -> one JSON object
 * {"topics","entities"}; with --jsonl, lines {"id","title","text"} -> lines {"id","topics","entities"}
 * (a bad line gives {"id","error":{"code","message"}} and exit 1 at the end). Exit 2 on bad usage,
 * unreadable input, taxonomy or model.
 */
export async function runClassify(args: string[], io: CliIO): Promise<number> {
  const read = readCommandArgs(SPEC, args, io);
  if (typeof read === 'number') return read;
  if (read.operands.length > 1) return writeUsageError(SPEC, 'takes at most one FILE', io);
  const parsed: ClassifyArgs = {
    file: read.operands[0] ?? '-',
    jsonl: read.flags.has('--jsonl'),
    topics: read.values['--topics'] ?? 'config/topics.yaml',
    model: read.values['--model'] ?? null,
  };
  let classifier: Classifier;
  try {
    const taxonomy = loadTaxonomy(resolvePath(io.cwd, parsed.topics));
    const model = parsed.model ? loadLinearModel(resolvePath(io.cwd, parsed.model)) : null;
    classifier = createClassifier({ taxonomy, model });
  } catch (err) {
    const e = toIngestError(err);
    io.stderr.write(`newsfeed classify: ${e.code}: ${e.message}\n`);
    return 2;
  }
  const input = parsed.file === '-' ? io.stdin : null;
  if (parsed.jsonl) return classifyLines(classifier, input ?? (await openFile(io, parsed.file)), io);
  let text: string;
  try {
    text = decodeText(input ? await readAll(input) : await readFile(resolvePath(io.cwd, parsed.file)));
  } catch (err) {
    io.stderr.write(formatCliError('classify', fileUnreadable(parsed.file, err)));
    return 2;
  }
  if (looksBinary(text)) {
    // Read as text, random bytes make words of their own: garbage entities rather than an error.
    io.stderr.write(`newsfeed classify: ${CLASSIFY_ERROR_CODES.inputInvalid}: ${parsed.file === '-' ? 'standard input' : parsed.file} is not text (binary bytes)\n`);
    return 2;
  }
  const newline = text.indexOf('\n');
  const title = (newline < 0 ? text : text.slice(0, newline)).trim();
  const body = newline < 0 ? '' : text.slice(newline + 1);
  writeJsonLine(io.stdout, toOutput(classifier.classify(cleanPlainStory(title, body))));
  return 0;
}

async function classifyLines(classifier: Classifier, input: Readable | null, io: CliIO): Promise<number> {
  if (!input) return 2;
  let failed = false;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo += 1;
    if (line.trim() === '') continue;
    let id: unknown = null;
    try {
      const row = parseRow(line, lineNo);
      id = row.id;
      writeJsonLine(io.stdout, { id, ...toOutput(classifier.classify(cleanPlainStory(row.title, row.text))) });
    } catch (err) {
      failed = true;
      const e = toIngestError(err);
      writeJsonLine(io.stdout, { id: id ?? e.details.id ?? null, error: { code: e.code, message: e.message } });
    }
  }
  return failed ? 1 : 0;
}

/** A line's object; throws CLASSIFY_INPUT_INVALID (with the line's id in details when it has one). */
function parseRow(line: string, lineNo: number): { id: string | number; title: string; text: string } {
  let row: unknown;
  try {
    row = JSON.parse(line.replace(/^\uFEFF/, ''));
  } catch {
    throw new ClassifyError(CLASSIFY_ERROR_CODES.inputInvalid, `line ${lineNo} is not JSON`);
  }
  const r = row as Record<string, unknown> | null;
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw new ClassifyError(CLASSIFY_ERROR_CODES.inputInvalid, `line ${lineNo} is not a JSON object`);
  const id = typeof r.id === 'string' || typeof r.id === 'number' ? r.id : null;
  if (id === null) throw new ClassifyError(CLASSIFY_ERROR_CODES.inputInvalid, `line ${lineNo}: "id" must be a string or a number`);
  const title = r.title ?? '';
  const text = r.text ?? '';
  if (typeof title !== 'string' || typeof text !== 'string') {
    throw new ClassifyError(CLASSIFY_ERROR_CODES.inputInvalid, `line ${lineNo}: "title" and "text" must be strings`, { details: { id } });
  }
  // As `newsfeed train`: a line with nothing to classify is a mistake, not a story without topics.
  if (title.trim() === '' && text.trim() === '') throw new ClassifyError(CLASSIFY_ERROR_CODES.inputInvalid, `line ${lineNo}: needs a "title" or a "text" (not both empty)`, { details: { id } });
  if (looksBinary(`${title}\n${text}`)) throw new ClassifyError(CLASSIFY_ERROR_CODES.inputInvalid, `line ${lineNo}: "title" and "text" are not text (control characters or undecodable bytes)`, { details: { id } });
  return { id, title, text };
}

function toOutput(result: Classification): Pick<Classification, 'topics' | 'entities'> {
  return { topics: result.topics, entities: result.entities };
}

async function openFile(io: CliIO, file: string): Promise<Readable | null> {
  const { createReadStream } = await import('node:fs');
  const stream = createReadStream(resolvePath(io.cwd, file), 'utf8');
  try {
    await new Promise<void>((ok, fail) => stream.once('open', () => ok()).once('error', fail));
  } catch (err) {
    io.stderr.write(formatCliError('classify', fileUnreadable(file, err)));
    return null;
  }
  return stream;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

export function resolvePath(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
