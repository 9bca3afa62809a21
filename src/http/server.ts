import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { buildApp } from './app.js';

/**
 * The whole HTTP surface of one process: the API plus the parts with their own lifecycles
 * (click redirect buffer, live streams). Tests and `serve` both build it here.
 */
export async function buildServer(context: Context): Promise<FastifyInstance> {
  const app = await buildApp(context);
  return app;
}
