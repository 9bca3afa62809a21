import http from 'node:http';

export interface ReceivedEvent {
  type: string;
  data: Record<string, unknown>;
}

export interface EventStreamClient {
  status: number;
  contentType: string;
  events: ReceivedEvent[];
  /** Resolves with the first event (already received or still to come) that `match` accepts. */
  waitFor(match: (event: ReceivedEvent) => boolean): Promise<ReceivedEvent>;
  close(): void;
}

/** Opens `GET url` as a server-sent event stream and parses what arrives. */
export function openEventStream(url: string, key: string): Promise<EventStreamClient> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, {
      headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const events: ReceivedEvent[] = [];
      const waiters: Array<{
        match: (event: ReceivedEvent) => boolean;
        resolve: (event: ReceivedEvent) => void;
      }> = [];
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!type || data === undefined) continue;
          const event = { type, data: JSON.parse(data) as Record<string, unknown> };
          events.push(event);
          for (const waiter of waiters.filter((candidate) => candidate.match(event))) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(event);
          }
        }
      });
      response.on('error', () => undefined);
      resolve({
        status: response.statusCode ?? 0,
        contentType: String(response.headers['content-type']),
        events,
        waitFor(match) {
          const seen = events.find(match);
          if (seen) return Promise.resolve(seen);
          return new Promise((resolveEvent) => waiters.push({ match, resolve: resolveEvent }));
        },
        close() {
          request.destroy();
        },
      });
    });
  });
}
