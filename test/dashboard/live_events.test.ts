import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/app/bootstrap.js';
import type { Context } from '../../src/app/context.js';
import { buildServer } from '../../src/app/http/server.js';
import { grantCommission } from '../../src/commissions/grant_commission.js';
import { createApiKey } from '../../src/partners/create_api_key.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { clickIdOf, visit } from '../redirect/support.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate, createLink, createTrackKey, signup } from '../support/attribution.js';
import { testDatabaseKind } from '../support/database.js';
import { openEventStream } from './event_stream_client.js';

/**
 * Instance A records clicks and signups; the stream is read from instance B. On PostgreSQL B is
 * a second app with its own pool and listener on the same database; PGlite has one connection,
 * so there A and B are the same process.
 */
describe(`live affiliate events (${testDatabaseKind})`, () => {
  let a: TestApp;
  let b: { app: FastifyInstance; context: Context; baseUrl: string };
  let own: { id: string; key: string };
  let other: { id: string; key: string };

  beforeAll(async () => {
    a = await startTestApp();
    if (testDatabaseKind === 'postgres') {
      const context = await bootstrap(a.context.config, {
        db: await openPostgres(a.database.url!),
        clock: a.clock,
      });
      const app = await buildServer(context, { jobs: false });
      b = { app, context, baseUrl: await app.listen({ port: 0, host: '127.0.0.1' }) };
    } else {
      b = { app: a.app, context: a.context, baseUrl: await a.app.listen({ port: 0, host: '127.0.0.1' }) };
    }
    const keyFor = async (affiliateId: string) =>
      (await createApiKey(a.context, { scope: 'affiliate', name: 'dashboard', affiliateId })).key;
    const ownId = await createAffiliate(a, 'live@writer.example');
    const otherId = await createAffiliate(a, 'live@other.example');
    own = { id: ownId, key: await keyFor(ownId) };
    other = { id: otherId, key: await keyFor(otherId) };
  });
  afterAll(async () => {
    if (b.app !== a.app) {
      await b.app.close();
      await b.context.db.close();
    }
    await a.close();
  });

  it('shows a click redirected by one instance and the signup that follows on the stream of another', async () => {
    const stream = await openEventStream(`${b.baseUrl}/v1/affiliates/${own.id}/events`, own.key);
    const otherStream = await openEventStream(`${b.baseUrl}/v1/affiliates/${other.id}/events`, other.key);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toContain('text/event-stream');
      const link = await createLink(a, own.id, 'launch-post');
      const clickedAt = Date.now();
      const click = await visit(a, `/r/${link.code}`, { ip: '192.0.2.7' });
      // No flush here: the recorder's own timer writes the batch, as in production.
      const clickEvent = await stream.waitFor((event) => event.type === 'click');
      const clickLatencyMs = Date.now() - clickedAt;
      expect(clickEvent.data).toMatchObject({ linkId: link.id, tag: 'launch-post', clicks: 1 });

      await signup(
        a,
        { teamId: 'team_live', email: 'maya@startup.io', clickId: clickIdOf(click) },
        await createTrackKey(a),
      );
      const signupEvent = await stream.waitFor((event) => event.type === 'signup');
      expect(signupEvent.data).toMatchObject({ teamId: 'team_live', linkId: link.id, tag: 'launch-post' });

      await grantCommission(a.context, { kind: 'milestone', teamId: 'team_live', tier: 'tier1' });
      const commission = await stream.waitFor((event) => event.type === 'commission');
      expect(commission.data).toMatchObject({ commissionId: 'tier1:team_live', amountCents: 5_000 });

      // Another affiliate's stream saw none of it.
      expect(otherStream.events).toEqual([]);
      console.info(`click seen on the stream ${clickLatencyMs} ms after the redirect (${testDatabaseKind})`);
    } finally {
      stream.close();
      otherStream.close();
    }
  });

  it("refuses another affiliate's stream as not found, and a stream without a key", async () => {
    const foreign = await openEventStream(`${b.baseUrl}/v1/affiliates/${own.id}/events`, other.key);
    expect(foreign.status).toBe(404);
    expect(foreign.contentType).toContain('application/problem+json');
    foreign.close();
    const anonymous = await openEventStream(`${b.baseUrl}/v1/affiliates/${own.id}/events`, '');
    expect(anonymous.status).toBe(401);
    anonymous.close();
  });

  it('keeps delivering to new streams after earlier ones went away', async () => {
    for (let round = 0; round < 3; round += 1) {
      (await openEventStream(`${b.baseUrl}/v1/affiliates/${own.id}/events`, own.key)).close();
    }
    const stream = await openEventStream(`${b.baseUrl}/v1/affiliates/${own.id}/events`, own.key);
    try {
      const link = await createLink(a, own.id);
      await visit(a, `/r/${link.code}`, { ip: '192.0.2.8' });
      const clickEvent = await stream.waitFor(
        (event) => event.type === 'click' && event.data.linkId === link.id,
      );
      expect(clickEvent.data).toMatchObject({ clicks: 1, tag: null });
    } finally {
      stream.close();
    }
  });
});
