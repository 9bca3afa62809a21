import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  body: string;
  headers: IncomingHttpHeaders;
}

export interface Receiver {
  server: Server;
  port: number;
  url: string;
  received: ReceivedDelivery[];
  /** TCP connections accepted, whether or not a request followed. */
  connections: number;
  close(): Promise<void>;
}

/**
 * A partner's endpoint on 127.0.0.1 that answers with the statuses it is given, in order, then
 * with `otherwise`.
 */
export async function startReceiver(statuses: number[] = [], otherwise = 200): Promise<Receiver> {
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      receiver.received.push({ body, headers: request.headers });
      response.statusCode = statuses.shift() ?? otherwise;
      response.end();
    });
  });
  server.on('connection', () => {
    receiver.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    server,
    port,
    url: `http://127.0.0.1:${port}/hooks`,
    received: [],
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

/** Waits for `condition`, checking every 50 ms; the budget is generous, a loaded machine is slow. */
export async function eventually<T>(
  condition: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  what: string,
  budgetMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
