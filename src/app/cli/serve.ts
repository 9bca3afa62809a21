import type { FastifyInstance } from 'fastify';
import type { Config } from '../../platform/config.js';
import { bootstrap } from '../bootstrap.js';
import type { Context } from '../context.js';
import { buildServer } from '../http/server.js';

/** Starts the API (and, in one process, everything else) and stops it cleanly on SIGINT/SIGTERM. */
export async function serve(config: Config): Promise<{ app: FastifyInstance; context: Context }> {
  const context = await bootstrap(config, { collectProcessMetrics: true });
  const app = await buildServer(context);
  await app.listen({ port: config.port, host: config.host });
  // Ctrl-C or a stop of the process group signals `npm`, `tsx` and this process alike, and tsx
  // relays the signal again: a repeated signal must not kill the process halfway through its stop.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    context.logger.info({ signal }, 'shutting down');
    await app.close();
    await context.db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return { app, context };
}
