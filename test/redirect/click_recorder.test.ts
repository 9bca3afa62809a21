import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { defaultLinkDestination } from '../../src/tracking/create_link.js';
import { ClickRecorder } from '../../src/tracking/record_click.js';
import type { NewClick } from '../../src/tracking/rules/clicks.js';
import { visitorHash } from '../../src/tracking/rules/clicks.js';
import { lockClickVisitors } from '../../src/tracking/storage/clicks.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testDatabaseKind } from '../support/database.js';
import { clickIdOf, createLink, storedClicks, visit } from './support.js';

async function linkOf(t: TestApp, code: string): Promise<{ id: string; affiliate_id: string }> {
  const [link] = await t.context.db.query<{ id: string; affiliate_id: string }>(
    'SELECT id, affiliate_id FROM links WHERE code = $1',
    [code],
  );
  return link!;
}

describe('click recorder', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('stores only a salted hash of the visitor, never the raw IP or user agent', async () => {
    const { code } = await createLink(t);
    const ip = '203.0.113.77';
    const userAgent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36';
    await visit(t, `/r/${code}`, { ip, userAgent });
    const [click] = await storedClicks(t);
    expect(click!.visitor_hash).toBe(visitorHash(t.context.visitorHashSalt, ip, userAgent));
    const dump = await t.context.db.query<{ row: string }>(
      'SELECT row_to_json(c)::text AS row FROM clicks c',
    );
    expect(dump).toHaveLength(1);
    expect(dump[0]!.row).not.toContain(ip);
    expect(dump[0]!.row).not.toContain('Chrome');
  });

  it('writes buffered clicks when the app closes', async () => {
    const own = await startTestApp();
    try {
      const { code } = await createLink(own);
      const response = await visit(own, `/r/${code}`);
      expect((own.context.clicks as ClickRecorder).bufferedClicks).toBe(1);
      await own.app.close();
      const rows = await own.context.db.query<{ id: string }>('SELECT id FROM clicks');
      expect(rows.map((row) => row.id)).toEqual([clickIdOf(response)]);
    } finally {
      await own.database.drop();
    }
  });

  it('still redirects while the database fails, and writes the clicks once it is back', async () => {
    const { code } = await createLink(t);
    await visit(t, `/r/${code}`, { ip: '198.51.100.1' });
    await t.context.clicks.flush();
    const db = t.context.db;
    const { query, transaction } = db;
    const failure = () => Promise.reject(new Error('connection refused'));
    db.query = failure;
    db.transaction = failure;
    try {
      const cached = await visit(t, `/r/${code}`, { ip: '198.51.100.2' });
      expect(cached.statusCode).toBe(302);
      expect(clickIdOf(cached)).toMatch(/^clk_/);
      const uncached = await visit(t, '/r/never-seen-code');
      expect(uncached.statusCode).toBe(302);
      expect(uncached.headers.location).toBe(defaultLinkDestination);
      await expect(t.context.clicks.flush()).rejects.toThrow('connection refused');
      expect((t.context.clicks as ClickRecorder).bufferedClicks).toBe(1);
      const failures = await t.context.metrics.clickFlushFailures.get();
      expect(failures.values[0]!.value).toBeGreaterThanOrEqual(1);
    } finally {
      db.query = query;
      db.transaction = transaction;
    }
    await t.context.clicks.flush();
    const rows = await t.context.db.query<{ counted: boolean }>(
      'SELECT counted FROM clicks WHERE link_id = $1',
      [(await linkOf(t, code)).id],
    );
    expect(rows).toEqual([{ counted: true }, { counted: true }]);
  });

  it('drops clicks beyond the buffer bound instead of growing without limit', async () => {
    const { code } = await createLink(t);
    const recorder = new ClickRecorder(t.context, { clickBufferSizeMax: 2, flushIntervalMs: 60_000 });
    const link = await linkOf(t, code);
    const accepted = [1, 2, 3].map((index) =>
      recorder.record({
        id: t.context.newId('clk'),
        linkId: link.id,
        affiliateId: link.affiliate_id,
        tag: null,
        visitorHash: `visitor-${index}`,
        priorClickId: null,
        occurredAt: t.clock.now(),
      }),
    );
    expect(accepted).toEqual([true, true, false]);
    await recorder.close();
    const rows = await t.context.db.query('SELECT 1 FROM clicks WHERE link_id = $1', [link.id]);
    expect(rows).toHaveLength(2);
  });

  it.runIf(testDatabaseKind === 'postgres')(
    'counts a visitor once when two processes flush its clicks at the same time',
    async () => {
      const { code } = await createLink(t);
      const link = await linkOf(t, code);
      const otherDb = await openPostgres(t.database.url!);
      try {
        const recorders = [
          new ClickRecorder(t.context, { flushIntervalMs: 60_000 }),
          new ClickRecorder({ ...t.context, db: otherDb }, { flushIntervalMs: 60_000 }),
        ];
        const visitors = 200;
        for (const recorder of recorders) {
          for (let index = 0; index < visitors; index++) {
            recorder.record({
              id: t.context.newId('clk'),
              linkId: link.id,
              affiliateId: link.affiliate_id,
              tag: null,
              visitorHash: `visitor-${index}`,
              priorClickId: null,
              occurredAt: t.clock.now(),
            });
          }
        }
        await Promise.all(recorders.map((recorder) => recorder.flush()));
        const [totals] = await t.context.db.query<{ clicks: number; counted: number; visitors: number }>(
          `SELECT count(*)::int8 AS clicks, count(*) FILTER (WHERE counted)::int8 AS counted,
                  count(DISTINCT visitor_hash) FILTER (WHERE counted)::int8 AS visitors
             FROM clicks WHERE link_id = $1`,
          [link.id],
        );
        expect(totals).toEqual({ clicks: 2 * visitors, counted: visitors, visitors });
      } finally {
        await otherDb.close();
      }
    },
  );

  it.runIf(testDatabaseKind === 'postgres')(
    "another process's flush waits only for the same visitor, never for other visitors",
    async () => {
      const { code } = await createLink(t);
      const link = await linkOf(t, code);
      const clickOf = (visitor: string): NewClick & { affiliateId: string } => ({
        id: t.context.newId('clk'),
        linkId: link.id,
        affiliateId: link.affiliate_id,
        tag: null,
        visitorHash: visitor,
        priorClickId: null,
        occurredAt: t.clock.now(),
      });
      const otherDb = await openPostgres(t.database.url!);
      const recorder = new ClickRecorder(t.context, { flushIntervalMs: 60_000 });
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      // Another process is in the middle of writing visitor A's click: it holds A's locks.
      const holder = otherDb.transaction(async (tx) => {
        await lockClickVisitors(tx, [clickOf('visitor-a')]);
        locked();
        await released;
      });
      try {
        await isLocked;
        // Visitor B's click is written while A's writer is still open: nothing waits for it.
        recorder.record(clickOf('visitor-b'));
        await recorder.flush();
        expect(await storedVisitorsOf(link.id)).toEqual(['visitor-b']);

        // Visitor A's own click queues behind the open writer, on an advisory lock.
        recorder.record(clickOf('visitor-a'));
        const flushingA = recorder.flush();
        await waitForAdvisoryLockWaiter();
        expect(await storedVisitorsOf(link.id)).toEqual(['visitor-b']);
        release();
        await holder;
        await flushingA;
        expect(await storedVisitorsOf(link.id)).toEqual(['visitor-a', 'visitor-b']);
      } finally {
        release();
        await holder.catch(() => undefined);
        await recorder.close();
        await otherDb.close();
      }

      async function storedVisitorsOf(linkId: string): Promise<string[]> {
        const rows = await t.context.db.query<{ visitor_hash: string }>(
          'SELECT visitor_hash FROM clicks WHERE link_id = $1 AND counted ORDER BY visitor_hash',
          [linkId],
        );
        return rows.map((row) => row.visitor_hash);
      }

      async function waitForAdvisoryLockWaiter(): Promise<void> {
        for (;;) {
          const [row] = await otherDb.query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_locks
              WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          );
          if ((row?.waiting ?? 0) > 0) return;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    },
  );
});
