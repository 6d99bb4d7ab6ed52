import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { ClassifyError, CLASSIFY_ERROR_CODES } from '../classify/errors.js';
import { trainLinearModel, type TrainingExample } from '../classify/linear-model.js';
import { checkModelWritable, saveLinearModel } from '../classify/model-file.js';
import { loadTaxonomy } from '../classify/taxonomy.js';
import { toIngestError } from '../errors.js';
import { resolvePath } from './classify-command.js';
import { fileUnreadable, formatCliError } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { COMMAND_SPECS, readCommandArgs, writeUsageError } from './command-table.js';
import type { ReadArgs } from './read-args.js';

const SPEC = COMMAND_SPECS.train;

/**
 * `newsfeed train`: labelled JSON lines {"title","text","topics":[...]} -> a linear model file
 * that `classify --model` and the ingest worker load. Prints a short summary on stdout.
 * Exit 0 on success, 1 on bad training data, 2 on bad usage or unreadable files.
 */
export async function runTrain(args: string[], io: CliIO): Promise<number> {
  const read = readCommandArgs(SPEC, args, io);
  if (typeof read === 'number') return read;
  const opts = toTrainArgs(read);
  if (typeof opts === 'string') return writeUsageError(SPEC, opts, io);
  try {
    const taxonomy = loadTaxonomy(resolvePath(io.cwd, opts.topics));
    let text: string;
    try {
      text = await readFile(resolvePath(io.cwd, opts.input), 'utf8');
    } catch (err) {
      io.stderr.write(formatCliError('train', fileUnreadable(opts.input, err)));
      return 2;
    }
    const examples = parseExamples(text);
    checkModelWritable(resolvePath(io.cwd, opts.output));
    const started = Date.now();
    const model = trainLinearModel(examples, { taxonomy, epochs: opts.epochs, buckets: opts.buckets, minPositives: opts.minPositives });
    saveLinearModel(resolvePath(io.cwd, opts.output), model);
    const topics = model.topics.map((t) => `${t.id} (${t.positives} positive, threshold ${t.threshold}${t.crossValidatedF1 === null ? '' : `, cross-validated F1 ${t.crossValidatedF1.toFixed(3)}`})`).join(', ');
    // Topics left for one reason are listed together ("disaster, education (no examples)").
    const byReason = new Map<string, string[]>();
    for (const t of model.leftToRules ?? []) byReason.set(t.reason, [...(byReason.get(t.reason) ?? []), t.id]);
    const left = [...byReason].map(([reason, ids]) => `${ids.join(', ')} (${reason})`).join('; ');
    io.stdout.write(`trained on ${model.examples} examples in ${((Date.now() - started) / 1000).toFixed(1)} s\ntopics: ${topics || 'none (the model labels nothing: every topic stays with the rules)'}\n${left ? `left to the rules: ${left}\n` : ''}wrote ${opts.output}\n`);
    return 0;
  } catch (err) {
    const e = toIngestError(err);
    io.stderr.write(`newsfeed train: ${e.code}: ${e.message}\n`);
    return e.code === CLASSIFY_ERROR_CODES.trainingDataInvalid ? 1 : 2;
  }
}

/** The examples of a JSON-lines file, each naming its line. */
function parseExamples(text: string): TrainingExample[] {
  const out: TrainingExample[] = [];
  // A byte-order mark (Windows tools, spreadsheet exports) is no part of the first line's JSON.
  text.replace(/^\uFEFF/, '').split('\n').forEach((line, k) => {
    if (line.trim() === '') return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new ClassifyError(CLASSIFY_ERROR_CODES.trainingDataInvalid, `line ${k + 1} is not JSON`, { details: { line: k + 1 } });
    }
    const r = row as Partial<TrainingExample> | null;
    const title = r && typeof r === 'object' ? r.title ?? '' : null;
    const body = r && typeof r === 'object' ? r.text ?? '' : null;
    if (!r || typeof r !== 'object' || !Array.isArray(r.topics) || typeof title !== 'string' || typeof body !== 'string' || (title.trim() === '' && body.trim() === '')) {
      throw new ClassifyError(CLASSIFY_ERROR_CODES.trainingDataInvalid, `line ${k + 1}: needs a "topics" list and a "title" or "text" (strings, not both empty)`, { details: { line: k + 1 } });
    }
    out.push({ title, text: body, topics: r.topics, source: `line ${k + 1}` });
  });
  return out;
}

function toTrainArgs(read: ReadArgs): { input: string; output: string; topics: string; epochs?: number; buckets?: number; minPositives?: number } | string {
  const values = read.values;
  if (read.operands.length) return `unexpected argument ${read.operands[0]}`;
  if (!values['--input'] || !values['--output']) return '--input and --output are required';
  if (path.resolve(values['--input']) === path.resolve(values['--output'])) return '--output must not be the --input file (it would overwrite the training data)';
  const num = (key: string): number | undefined | string => {
    if (values[key] === undefined) return undefined;
    const n = Number(values[key]);
    return Number.isInteger(n) && n > 0 ? n : `${key} must be a positive integer`;
  };
  const epochs = num('--epochs');
  const buckets = num('--buckets');
  const minPositives = num('--min-positives');
  for (const v of [epochs, buckets, minPositives]) if (typeof v === 'string') return v;
  return { input: values['--input'], output: values['--output'], topics: values['--topics'] ?? 'config/topics.yaml', epochs: epochs as number | undefined, buckets: buckets as number | undefined, minPositives: minPositives as number | undefined };
}
