import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { bootstrap } from '../../src/app/bootstrap.js';
import type { Context } from '../../src/app/context.js';
import { buildServer } from '../../src/app/http/server.js';
import { SimulatedClock } from '../../src/platform/clock.js';
import { type Config, loadConfig } from '../../src/platform/config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const testAdminKey = 'emd_admin_test_0123456789abcdefghijklmnop';

export interface TestApp {
  app: FastifyInstance;
  context: Context;
  clock: SimulatedClock;
  database: TestDatabase;
  /** Injects a request with the admin key unless `auth` says otherwise. */
  call(options: InjectOptions & { auth?: string | null }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  start?: Date;
  config?: Partial<Config>;
}

/** The real app on a fresh database of the suite's kind, on a simulated clock, with an admin key. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const start = options.start ?? new Date('2026-01-05T12:00:00Z');
  const clock = new SimulatedClock(start);
  const config: Config = {
    ...loadConfig({ LOG_LEVEL: 'silent' }),
    bootstrapAdminKey: testAdminKey,
    simulatedClockStart: start,
    publicUrl: 'http://emdash.test',
    ...options.config,
  };
  const context = await bootstrap(config, { db: database.db, clock });
  const app = await buildServer(context);
  await app.ready();
  return {
    app,
    context,
    clock,
    database,
    call({ auth, ...request }) {
      const key = auth === undefined ? testAdminKey : auth;
      const headers = { ...(request.headers ?? {}), ...(key ? { authorization: `Bearer ${key}` } : {}) };
      return app.inject({ ...request, headers });
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
