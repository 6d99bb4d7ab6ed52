import type { CliCommand, CliIO } from './cli-io.js';
import { COMMAND_SPECS, formatCommandHelp, formatHelp, type CommandName } from './command-table.js';

/** Each command is loaded on demand so `newsfeed parse` does not pay for Fastify or BullMQ. */
const COMMANDS: Record<CommandName, () => Promise<CliCommand>> = {
  start: async () => (await import('./start-command.js')).runStart,
  parse: async () => (await import('./parse-command.js')).runParse,
  classify: async () => (await import('./classify-command.js')).runClassify,
  train: async () => (await import('./train-command.js')).runTrain,
  cluster: async () => (await import('./cluster-command.js')).runCluster,
  feeds: async () => (await import('./feeds-command.js')).runFeeds,
  webhooks: async () => (await import('./webhooks-command.js')).runWebhooks,
  status: async () => (await import('./status-command.js')).runStatus,
};

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** `newsfeed --help`: every command with every option (from the command table). */
export function usage(): string {
  return formatHelp();
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
  if (name === 'help' && rest[0] !== undefined && isCommand(rest[0])) {
    fullIo.stdout.write(formatCommandHelp(COMMAND_SPECS[rest[0]]));
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    fullIo.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (!isCommand(name)) {
    fullIo.stderr.write(`newsfeed: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  const run = await COMMANDS[name]();
  try {
    return await run(rest, fullIo);
  } catch (err) {
    // A command's own errors are coded (config, store, input); print them plainly, not as a stack.
    const code = (err as { code?: unknown }).code;
    fullIo.stderr.write(`newsfeed ${name}: ${typeof code === 'string' ? `${code}: ` : ''}${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}
