import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { funnelRangeParts } from '../../src/dashboard/funnel_range_parts.js';
import { clickIdOf, visit } from '../redirect/support.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate, createLink, createTrackKey, signup } from '../support/attribution.js';
import { reachStage } from '../support/ledger_fixtures.js';

describe('how a funnel range splits into whole months and partial days', () => {
  it('reads a range of whole months from the monthly rollups alone', () => {
    expect(funnelRangeParts({ from: '2025-03-01', to: '2026-02-28' })).toEqual({
      months: { first: '2025-03-01', last: '2026-02-01' },
      days: [],
    });
  });

  it('reads the days of a partial first and last month from the daily rollups', () => {
    expect(funnelRangeParts({ from: '2024-01-30', to: '2024-03-02' })).toEqual({
      months: { first: '2024-02-01', last: '2024-02-01' },
      days: [
        { from: '2024-01-30', to: '2024-01-31' },
        { from: '2024-03-01', to: '2024-03-02' },
      ],
    });
    expect(funnelRangeParts({ from: '2026-01-15', to: '2026-03-31' })).toEqual({
      months: { first: '2026-02-01', last: '2026-03-01' },
      days: [{ from: '2026-01-15', to: '2026-01-31' }],
    });
  });

  it('reads a range without a whole month from the daily rollups alone', () => {
    for (const range of [
      { from: '2026-02-03', to: '2026-03-04' },
      { from: '2026-02-01', to: '2026-02-27' },
      { from: '2026-02-02', to: '2026-02-28' },
      { from: '2026-03-05', to: '2026-03-05' },
    ]) {
      expect(funnelRangeParts(range)).toEqual({ months: null, days: [range] });
    }
  });
});

describe('the funnel rollups', () => {
  let t: TestApp;
  let affiliateId: string;
  const sumsOf = (sql: string) => t.context.db.query<Record<string, string | number>>(sql);

  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-01-30T10:00:00Z') });
    affiliateId = await createAffiliate(t, 'rollups@writer.example');
    const tagged = await createLink(t, affiliateId, 'launch-post');
    const plain = await createLink(t, affiliateId);
    const trackKey = await createTrackKey(t);
    const days = [
      '2026-01-30',
      '2026-01-31',
      '2026-02-01',
      '2026-02-14',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ];
    for (const [index, day] of days.entries()) {
      await t.clock.advanceTo(new Date(`${day}T${index % 2 === 0 ? '00:00:01' : '23:59:58'}Z`));
      const first = await visit(t, `/r/${tagged.code}`, { ip: `203.0.113.${index + 1}` });
      await visit(t, `/r/${tagged.code}`, { ip: `203.0.113.${index + 1}` }); // a repeat: not counted
      for (let visitor = 0; visitor <= index; visitor += 1) {
        await visit(t, `/r/${plain.code}`, { ip: `198.51.100.${index * 10 + visitor}` });
      }
      await t.context.clicks.flush();
      const teamId = `team_rollup_${index}`;
      const tracked = await signup(
        t,
        { teamId, email: `${teamId}@acme.io`, clickId: clickIdOf(first) },
        trackKey,
      );
      expect(tracked.json()).toMatchObject({ attributed: true, affiliateId });
      if (index % 2 === 0) await reachStage(t.context, teamId, 'activated');
      if (index % 3 === 0) await reachStage(t.context, teamId, 'paid');
    }
  });
  afterAll(async () => t.close());

  const bothDailyRollups = `
    SELECT affiliate_id, day, link_id, tag, clicks, 0 AS signups, 0 AS activated, 0 AS paid, 0 AS sustained
      FROM click_daily_rollups
    UNION ALL
    SELECT affiliate_id, day, link_id, tag, 0, signups, activated, paid, sustained FROM referral_daily_rollups`;
  const sums =
    'sum(clicks)::int8 AS clicks, sum(signups)::int8 AS signups, sum(activated)::int8 AS activated, sum(paid)::int8 AS paid, sum(sustained)::int8 AS sustained';

  it('keeps per-day totals equal to the daily rollups summed over links and tags', async () => {
    const expected = await sumsOf(
      `SELECT affiliate_id, to_char(day, 'YYYY-MM-DD') AS day, ${sums} FROM (${bothDailyRollups}) AS d
        GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const stored = await sumsOf(
      `SELECT affiliate_id, to_char(day, 'YYYY-MM-DD') AS day, ${sums} FROM funnel_daily_totals
        GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(expected).toHaveLength(7);
    expect(expected.map((row) => row.clicks)).toEqual([2, 3, 4, 5, 6, 7, 8].map(Number));
    expect(stored).toEqual(expected);
  });

  it('keeps monthly rollups equal to the daily rollups summed per month, link and tag', async () => {
    const expected = await sumsOf(
      `SELECT affiliate_id, to_char(date_trunc('month', day), 'YYYY-MM-DD') AS month, link_id, tag, ${sums}
         FROM (${bothDailyRollups}) AS d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    );
    const stored = await sumsOf(
      `SELECT affiliate_id, to_char(month, 'YYYY-MM-DD') AS month, link_id, tag, ${sums}
         FROM funnel_monthly_rollups GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    );
    expect(expected).toHaveLength(6); // three months × two links
    expect(stored).toEqual(expected);
  });

  it('answers a range with partial months exactly as the daily rollups sum it', async () => {
    for (const [from, to] of [
      ['2026-01-31', '2026-03-01'],
      ['2026-01-01', '2026-03-31'],
      ['2026-02-01', '2026-02-28'],
      ['2026-02-14', '2026-03-02'],
    ] as const) {
      const response = await t.call({
        method: 'GET',
        url: `/v1/affiliates/${affiliateId}/funnel?from=${from}&to=${to}&interval=month`,
      });
      expect(response.statusCode).toBe(200);
      const funnel = response.json();
      const inRange = `FROM (${bothDailyRollups}) AS d WHERE day BETWEEN '${from}' AND '${to}'`;
      const [totals] = await sumsOf(`SELECT ${sums} ${inRange}`);
      const byLink = await sumsOf(`SELECT link_id, ${sums} ${inRange} GROUP BY 1`);
      const byTag = await sumsOf(`SELECT tag, ${sums} ${inRange} GROUP BY 1`);
      const counts = ({ clicks, signups, activated, paid, sustained }: Record<string, unknown>) => ({
        clicks: Number(clicks),
        signups: Number(signups),
        activated: Number(activated),
        paid: Number(paid),
        sustained: Number(sustained),
      });
      expect(counts(funnel.totals)).toEqual(counts(totals!));
      expect(
        Object.fromEntries(funnel.byLink.map((row: Record<string, unknown>) => [row.linkId, counts(row)])),
      ).toEqual(Object.fromEntries(byLink.map((row) => [row.link_id, counts(row)])));
      expect(
        Object.fromEntries(funnel.byTag.map((row: Record<string, unknown>) => [row.tag ?? '', counts(row)])),
      ).toEqual(Object.fromEntries(byTag.map((row) => [row.tag, counts(row)])));
    }
  });
});
