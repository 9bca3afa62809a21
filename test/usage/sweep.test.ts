import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/app/run_sweep.js';
import { msPerDay } from '../../src/settings/rules/program_settings.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { bulkRowsBudgetMs } from '../support/budgets.js';
import { insertAffiliate, insertTeam } from '../support/teams.js';

describe('sweep', { timeout: bulkRowsBudgetMs }, () => {
  let t: TestApp;
  let affiliateId: string;
  let eventCount = 0;

  const newTeam = async () => (await insertTeam(t.context.db, { affiliateId, at: t.clock.now() })).teamId;
  const ago = (ms: number) => new Date(t.clock.now().getTime() - ms).toISOString();
  const event = (teamId: string, apiCalls: number, occurredAt: string) => ({
    id: `swp_${++eventCount}`,
    teamId,
    apiCalls,
    occurredAt,
  });
  const track = async (events: unknown[]) => {
    const response = await t.call({ method: 'POST', url: '/v1/track/usage', payload: { events } });
    expect(response.statusCode).toBe(200);
    return response.json() as { accepted: number; duplicates: number; rejected: Array<{ reason: string }> };
  };
  const changeSettings = async (changes: Record<string, unknown>, effectiveFrom?: Date) => {
    const response = await t.call({
      method: 'POST',
      url: '/v1/admin/settings',
      payload: { changes, ...(effectiveFrom ? { effectiveFrom: effectiveFrom.toISOString() } : {}) },
    });
    expect(response.statusCode).toBe(201);
  };
  const activation = async (teamId: string) =>
    t.context.db.query<{ occurred_at: Date; cause: string; data: Record<string, unknown> }>(
      "SELECT occurred_at, cause, data FROM referral_events WHERE team_id = $1 AND type = 'activated'",
      [teamId],
    );
  const storedIds = async () =>
    (await t.context.db.query<{ id: string }>('SELECT id FROM usage_events ORDER BY id')).map(
      (row) => row.id,
    );
  const advanceClock = async (ms: number) => {
    const response = await t.call({
      method: 'POST',
      url: '/v1/admin/clock',
      payload: { now: new Date(t.clock.now().getTime() + ms).toISOString() },
    });
    expect(response.statusCode).toBe(200);
  };

  beforeEach(async () => {
    t = await startTestApp();
    affiliateId = await insertAffiliate(t.context.db, t.clock.now());
  });
  afterEach(async () => t.close());

  it('activates teams that meet a lowered threshold, once', async () => {
    const ready = await newTeam();
    const short = await newTeam();
    await track([
      event(ready, 300, ago(3 * msPerDay)),
      event(ready, 300, ago(msPerDay)),
      event(short, 499, ago(1)),
    ]);
    expect(await activation(ready)).toEqual([]);

    await changeSettings({ activationApiCalls: 500 });
    const ruleFrom = t.clock.now();
    const summary = await runSweep(t.context, t.clock.now());
    expect(summary).toMatchObject({ asOf: t.clock.now().toISOString(), teamsActivated: 1 });
    const [activated] = await activation(ready);
    expect(activated).toMatchObject({
      cause: '500 API calls reached',
      occurred_at: ruleFrom,
      data: { apiCalls: 600, activeDays: 2, rule: 'api_calls' },
    });
    expect(await activation(short)).toEqual([]);
    expect((await runSweep(t.context, t.clock.now())).teamsActivated).toBe(0);
    expect(await activation(ready)).toHaveLength(1);
  });

  it('walks every waiting team, batch after batch', async () => {
    const now = t.clock.now();
    const day = now.toISOString().slice(0, 10);
    await t.context.db.query(
      `INSERT INTO teams (id, email, email_domain, affiliate_id, rule, status, evidence, signed_up_at, created_at)
       SELECT 'bulk_' || lpad(n::text, 4, '0'), 'owner@bulk.test', 'bulk.test', $1, 'click', 'signed_up', '{}', $2, $2
       FROM generate_series(1, 1100) AS n`,
      [affiliateId, now],
    );
    await t.context.db.query(
      `INSERT INTO referral_events (team_id, type, cause, occurred_at, recorded_at)
       SELECT id, 'signed_up', 'test signup', $1, $1 FROM teams WHERE id LIKE 'bulk_%'`,
      [now],
    );
    // Every third team has used enough; the others have not.
    await t.context.db.query(
      `INSERT INTO team_usage_days (team_id, day, api_calls)
       SELECT id, $1::date, CASE WHEN substr(id, 6)::int % 3 = 0 THEN 1000 ELSE 999 END
       FROM teams WHERE id LIKE 'bulk_%'`,
      [day],
    );
    expect((await runSweep(t.context, now)).teamsActivated).toBe(366);
    const [counts] = await t.context.db.query<{ activated: number; waiting: number }>(
      `SELECT count(*) FILTER (WHERE status = 'activated') AS activated,
              count(*) FILTER (WHERE status = 'signed_up') AS waiting
       FROM teams WHERE id LIKE 'bulk_%'`,
    );
    expect(counts).toEqual({ activated: 366, waiting: 734 });
  });

  it('runs as the simulated clock passes a switch to the active_days rule', async () => {
    const teamId = await newTeam();
    await track([1, 2, 3].map((day) => event(teamId, 1, ago(day * msPerDay))));
    const switchAt = new Date(t.clock.now().getTime() + msPerDay);
    await changeSettings({ activationRule: 'active_days', activationActiveDays: 3 }, switchAt);
    await advanceClock(msPerDay / 2);
    expect(await activation(teamId)).toEqual([]);
    // Two more days pass at least one scheduled sweep after the switch, whatever its time of day.
    await advanceClock(2 * msPerDay);
    const [activated] = await activation(teamId);
    expect(activated).toMatchObject({ cause: '3 active days reached', occurred_at: switchAt });
  });

  it('only counts usage up to the as-of day', async () => {
    const teamId = await newTeam();
    await changeSettings({ activationRule: 'active_days', activationActiveDays: 3 });
    const day = (offsetDays: number) =>
      new Date(t.clock.now().getTime() + offsetDays * msPerDay).toISOString().slice(0, 10);
    // Per-day sums written directly: one active day before now, two after.
    for (const offsetDays of [-1, 1, 2]) {
      await t.context.db.query('INSERT INTO team_usage_days (team_id, day, api_calls) VALUES ($1, $2, 5)', [
        teamId,
        day(offsetDays),
      ]);
    }
    expect((await runSweep(t.context, t.clock.now())).teamsActivated).toBe(0);
    expect((await runSweep(t.context, new Date(t.clock.now().getTime() + msPerDay))).teamsActivated).toBe(0);
    expect(await activation(teamId)).toEqual([]);
    const asOf = new Date(t.clock.now().getTime() + 2 * msPerDay);
    expect((await runSweep(t.context, asOf)).teamsActivated).toBe(1);
    const [activated] = await activation(teamId);
    expect(activated).toMatchObject({
      occurred_at: new Date(`${day(2)}T00:00:00Z`),
      data: { reachedOnDay: day(2), activeDays: 3, apiCalls: 15 },
    });
  });

  it('prunes ids older than the dedupe window and still refuses them afterwards', async () => {
    const teamId = await newTeam();
    const old = event(teamId, 10, ago(34.5 * msPerDay));
    const recent = event(teamId, 20, ago(msPerDay));
    expect((await track([old, recent])).accepted).toBe(2);

    // As of a date far ahead, nothing is pruned beyond the program clock.
    expect(
      (await runSweep(t.context, new Date(t.clock.now().getTime() + 400 * msPerDay))).usageIdsPruned,
    ).toBe(0);
    expect(await storedIds()).toEqual([old.id, recent.id].sort());

    await advanceClock(3 * msPerDay);
    expect(await storedIds()).toEqual([recent.id]);
    expect((await runSweep(t.context, t.clock.now())).usageIdsPruned).toBe(0);
    const [totals] = await t.context.db.query<{ calls: number }>(
      'SELECT sum(api_calls)::int8 AS calls FROM team_usage_days WHERE team_id = $1',
      [teamId],
    );
    expect(totals!.calls).toBe(30);

    // Widening the window does not let a forgotten id count again.
    await changeSettings({ usageDedupeWindowDays: 90 });
    const again = await track([old, recent]);
    expect(again.accepted).toBe(0);
    expect(again.duplicates).toBe(1);
    expect(again.rejected.map((rejection) => rejection.reason)).toEqual(['late']);
  });
});
