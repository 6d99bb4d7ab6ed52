import type { CliCommand, CliIO } from './cli-io.js';

/** Each command is loaded on demand so `newsfeed parse` does not pay for Fastify or BullMQ. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  start: { summary: 'start [--role all|scheduler|fetcher|ingester|api]   run the service', load: async () => (await import('./start-command.js')).runStart },
  parse: { summary: 'parse [--content-type VALUE] FILE...              parse feed files offline (JSON lines)', load: async () => (await import('./parse-command.js')).runParse },
  classify: { summary: 'classify [FILE|-] [--jsonl]                       topics and entities of a text', load: async () => (await import('./classify-command.js')).runClassify },
  train: { summary: 'train --input FILE.jsonl --output MODEL.json      train the linear topic model', load: async () => (await import('./train-command.js')).runTrain },
  cluster: { summary: 'cluster --jsonl                                    near-duplicates and event clusters', load: async () => (await import('./cluster-command.js')).runCluster },
  feeds: { summary: 'feeds add URL|remove URL|list|import FILE.opml|export', load: async () => (await import('./feeds-command.js')).runFeeds },
  status: { summary: 'status [--json]                                   queues, feed health, story counts', load: async () => (await import('./status-command.js')).runStatus },
};

export function usage(): string {
  return ['usage: newsfeed <command> [options]', '', ...Object.values(COMMANDS).map((c) => `  ${c.summary}`), ''].join('\n');
}

export async function main(argv: string[], io?: Partial<CliIO>): Promise<number> {
  const fullIo: CliIO = {
    stdin: io?.stdin ?? process.stdin,
    stdout: io?.stdout ?? process.stdout,
    stderr: io?.stderr ?? process.stderr,
    env: io?.env ?? process.env,
    cwd: io?.cwd ?? process.cwd(),
  };
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    fullIo.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    fullIo.stderr.write(`newsfeed: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  const run = await command.load();
  try {
    return await run(rest, fullIo);
  } catch (err) {
    // A command's own errors are coded (config, store, input); print them plainly, not as a stack.
    const code = (err as { code?: unknown }).code;
    fullIo.stderr.write(`newsfeed ${name}: ${typeof code === 'string' ? `${code}: ` : ''}${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}
