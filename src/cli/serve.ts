import type { FastifyInstance } from 'fastify';
import { bootstrap } from '../bootstrap.js';
import type { Config } from '../config.js';
import type { Context } from '../context.js';
import { buildServer } from '../http/server.js';

/** Starts the API (and, in one process, everything else) and stops it cleanly on SIGINT/SIGTERM. */
export async function serve(config: Config): Promise<{ app: FastifyInstance; context: Context }> {
  const context = await bootstrap(config, { collectProcessMetrics: true });
  const app = await buildServer(context);
  await app.listen({ port: config.port, host: config.host });
  const stop = async (signal: string) => {
    context.logger.info({ signal }, 'shutting down');
    await app.close();
    await context.db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return { app, context };
}
