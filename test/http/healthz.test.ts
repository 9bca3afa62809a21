import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/app/bootstrap.js';
import { buildServer } from '../../src/app/http/server.js';
import { SystemClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** Polls until `ready` holds, for as long as a loaded machine could need; fails only on no change at all. */
async function eventually<T>(read: () => Promise<T>, ready: (value: T) => boolean): Promise<T> {
  const budgetMs = 60_000;
  const startedMs = Date.now();
  for (;;) {
    const value = await read();
    if (ready(value) || Date.now() - startedMs > budgetMs) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('/healthz when the scheduled jobs fail to start', () => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    // A job-queue schema the queue cannot read: its start fails, as it would on a broken install.
    await database.db.exec('CREATE SCHEMA pgboss; CREATE TABLE pgboss.version (unreadable integer);');
    const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), simulatedClockStart: undefined };
    const context = await bootstrap(config, { db: database.db, clock: new SystemClock() });
    app = await buildServer(context, { jobsStartDelayMs: 0 });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('answers 503 "failing" with the start error instead of ok', async () => {
    const response = await eventually(
      () => app.inject({ method: 'GET', url: '/healthz' }),
      (answer) => answer.statusCode !== 200,
    );
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json() as { status: string; jobs: { state: string; error: string | null } };
    expect(body).toMatchObject({ status: 'failing', database: 'ok', jobs: { state: 'failed' } });
    expect(body.jobs.error).toMatch(/version/);
  });
});
