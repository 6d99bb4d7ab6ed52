import net from 'node:net';

/**
 * A TCP proxy in front of a real server (PostgreSQL, Redis) that a test can cut and restore, so
 * that an outage is a real one: open connections are reset and new ones refused, on the same port.
 */
export interface TcpProxy {
  port: number;
  /** Resets every open connection and stops listening (new connections are refused). */
  cut(): Promise<void>;
  /** Listens again on the same port (after cut), or forwards again (after blackhole). */
  restore(): Promise<void>;
  /** Keeps every connection open and accepts new ones, but forwards nothing: a network partition. */
  blackhole(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let holding = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    // What a partition swallows is lost, as on a real network.
    client.on('data', (d) => void (holding || upstream.write(d)));
    upstream.on('data', (d) => void (holding || client.write(d)));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const cut = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.resetAndDestroy();
    await closed;
  };
  return {
    port,
    cut,
    blackhole: () => void (holding = true),
    restore: async () => {
      holding = false;
      if (!server.listening) await listen(port);
    },
    close: async () => {
      holding = false;
      if (server.listening) await cut();
    },
  };
}
