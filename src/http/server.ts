import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { ClickRecorder } from '../usecases/record_click.js';
import { buildApp } from './app.js';
import { registerRedirectRoutes } from './routes/redirect.js';

/**
 * The whole HTTP surface of one process: the API plus the parts with their own lifecycles
 * (click redirect buffer, live streams). Tests and `serve` both build it here.
 */
export async function buildServer(context: Context): Promise<FastifyInstance> {
  const recorder = context.clicks instanceof ClickRecorder ? context.clicks : new ClickRecorder(context);
  context.clicks = recorder;
  const app = await buildApp(context, [(deps) => registerRedirectRoutes(deps, recorder)]);
  app.addHook('onClose', async () => recorder.close());
  return app;
}
