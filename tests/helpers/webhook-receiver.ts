import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP server standing in for a webhook receiver: it records every request and answers each
 * with the next status of `answers` (the last one repeats; default 200), after `delayMs`.
 */
export async function startWebhookReceiver(opts: { answers?: number[]; delayMs?: number; headers?: Record<string, string> } = {}) {
  const received: ReceivedRequest[] = [];
  const answers = [...(opts.answers ?? [200])];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      for (const w of [...waiters]) if (received.length >= w.count) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
      const status = answers.length > 1 ? answers.shift()! : answers[0]!;
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'text/plain', ...(opts.headers ?? {}) });
        res.end('ok');
      }, opts.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** Resolves once `count` requests have arrived (or rejects after `timeoutMs`). */
    waitFor(count: number, timeoutMs = 15_000): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`receiver got ${received.length} of ${count} requests in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
