import path from 'node:path';
import { addWebhook, toWebhookView } from '../api/webhook-routes.js';
import { loadTaxonomy } from '../classify/taxonomy.js';
import { IngestError } from '../errors.js';
import { maskCredentials } from '../normalize/mask-credentials.js';
import { pingWebhook } from '../webhooks/ping-webhook.js';
import { createWebhookPoster } from '../webhooks/post-webhook.js';
import { runWithStore } from './cli-context.js';
import { writeJsonLine, type CliIO } from './cli-io.js';
import { COMMAND_SPECS, readSubcommandArgs, writeUsageError, type CommandSpec } from './command-table.js';

const SPEC: CommandSpec = COMMAND_SPECS.webhooks;
const OPERANDS: Record<string, number> = { add: 1, remove: 1, test: 1, list: 0 };

/** `newsfeed webhooks …`: manages webhook subscriptions in the store (the running ingesters see changes at once). */
export async function runWebhooks(args: string[], io: CliIO): Promise<number> {
  const parsed = readSubcommandArgs(SPEC, args, io, OPERANDS);
  if (typeof parsed === 'number') return parsed;
  const { sub, read } = parsed;
  if ((sub === 'remove' || sub === 'test') && !/^\d{1,15}$/.test(read.operands[0]!)) {
    return writeUsageError(SPEC, `webhooks ${sub} takes the number of a subscription (webhooks list shows them), not ${read.operands[0]!.slice(0, 100)}`, io);
  }
  return runWithStore('webhooks', io, { create: sub === 'add' }, async ({ config, store }) => {
    switch (sub) {
      case 'add': {
        const topics = loadTaxonomy(path.resolve(io.cwd, config.topicsFile)).topics.map((t) => ({ id: t.id, label: t.label, iptc: t.iptc, parent: t.parent }));
        const v = read.values;
        const { hook, created } = await addWebhook(store, { url: read.operands[0], topic: v['--topic'], entity: v['--entity'], q: v['--q'], feed: v['--feed'], category: v['--category'], language: v['--language'], secret: v['--secret'], include: v['--include'] }, topics);
        io.stderr.write(maskCredentials(`${created ? 'added' : 'already present'}: ${hook.id} ${hook.url}\n`));
        writeJsonLine(io.stdout, toWebhookView(hook, { secret: true }));
        return 0;
      }
      case 'remove': {
        const id = read.operands[0]!;
        if (!(await store.removeWebhook(Number(id)))) throw new IngestError('WEBHOOK_NOT_FOUND', `no webhook ${id}`);
        io.stdout.write(`removed: ${id}\n`);
        return 0;
      }
      case 'test': {
        const id = read.operands[0]!;
        const hook = await store.getWebhook(Number(id));
        if (!hook) throw new IngestError('WEBHOOK_NOT_FOUND', `no webhook ${id}`);
        const result = await pingWebhook(hook, createWebhookPoster(config));
        writeJsonLine(io.stdout, result);
        return result.ok ? 0 : 1;
      }
      default: {
        const hooks = await store.listWebhooks();
        if (read.flags.has('--json')) {
          for (const h of hooks) writeJsonLine(io.stdout, toWebhookView(h));
        } else {
          for (const h of hooks) {
            const f = h.filter;
            const filter = [f.topic.length ? `topic=${f.topic.join(',')}` : '', f.entity ? `entity=${f.entity}` : '', f.q ? `q=${f.q}` : '', f.feed ? `feed=${f.feed}` : '', f.category ? `category=${f.category}` : '', f.language?.length ? `language=${f.language.join(',')}` : ''].filter(Boolean).join(' ') || 'every story';
            const error = h.lastErrorCode ? `  last error ${h.lastErrorCode}: ${h.lastErrorMessage ?? ''}` : '';
            io.stdout.write(maskCredentials(`${String(h.id).padStart(5)}  ${h.status.padEnd(8)} ${h.url}  (${filter})${h.includeText ? ' with text' : ''}  delivered ${h.delivered}, failed ${h.failed}${error}\n`));
          }
        }
        return 0;
      }
    }
  });
}
