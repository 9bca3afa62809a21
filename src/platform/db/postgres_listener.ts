import pg from 'pg';

/** Longest pause between attempts to reconnect a listener whose connection dropped. */
export const listenerReconnectDelayMsMax = 5_000;

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other queries). A dropped
 * connection is reopened with growing pauses; notifications sent while it was down are lost,
 * which a live view tolerates (the numbers are read again on reload).
 */
export async function listenOnDedicatedClient(
  connectionString: string,
  channel: string,
  onPayload: (payload: string) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
    });
    next.on('error', (error) => {
      process.emitWarning(`listener connection closed: ${error.message}`);
      reconnectLater(next);
    });
    next.on('end', () => reconnectLater(next));
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = next;
    failures = 0;
  };

  const reconnectLater = (lost: pg.Client): void => {
    if (stopped || client !== lost) return;
    client = null;
    lost.end().catch(() => undefined);
    failures += 1;
    const delayMs = Math.min(100 * 2 ** Math.min(failures, 10), listenerReconnectDelayMsMax);
    retryTimer = setTimeout(() => {
      connect().catch(() => {
        client = lost;
        reconnectLater(lost);
      });
    }, delayMs);
    retryTimer.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    const current = client;
    client = null;
    await current?.end().catch(() => undefined);
  };
}
