import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msPerDay } from '../../src/settings/rules/program_settings.js';
import { loadTeamUsageTotals } from '../../src/usage/storage/usage.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { insertAffiliate, insertTeam } from '../support/teams.js';

describe('activation from usage', () => {
  let t: TestApp;
  let affiliateId: string;
  let eventCount = 0;

  const newTeam = async () => (await insertTeam(t.context.db, { affiliateId, at: t.clock.now() })).teamId;
  const ago = (ms: number) => new Date(t.clock.now().getTime() - ms).toISOString();
  const event = (teamId: string, apiCalls: number, occurredAt = ago(60_000)) => ({
    id: `act_${++eventCount}`,
    teamId,
    apiCalls,
    occurredAt,
  });
  const track = async (events: unknown[]) => {
    const response = await t.call({ method: 'POST', url: '/v1/track/usage', payload: { events } });
    expect(response.statusCode).toBe(200);
    return response.json() as { accepted: number };
  };
  const lifecycle = async (teamId: string) => {
    const [team] = await t.context.db.query<{ status: string; activated_at: Date | null }>(
      'SELECT status, activated_at FROM teams WHERE id = $1',
      [teamId],
    );
    const events = await t.context.db.query<{
      type: string;
      cause: string;
      occurred_at: Date;
      data: Record<string, unknown>;
    }>(
      "SELECT type, cause, occurred_at, data FROM referral_events WHERE team_id = $1 AND type = 'activated'",
      [teamId],
    );
    return { status: team!.status, activatedAt: team!.activated_at, activated: events };
  };

  beforeAll(async () => {
    t = await startTestApp();
    affiliateId = await insertAffiliate(t.context.db, t.clock.now());
  });
  afterAll(async () => t.close());

  it('stays signed_up at 999 calls and activates at 1,000, at the time of the crossing event', async () => {
    const teamId = await newTeam();
    await track([event(teamId, 500, ago(3 * 3_600_000)), event(teamId, 499, ago(2 * 3_600_000))]);
    expect((await lifecycle(teamId)).status).toBe('signed_up');
    expect((await lifecycle(teamId)).activated).toEqual([]);

    const crossing = event(teamId, 1, ago(90 * 60_000));
    await track([event(teamId, 1, ago(30 * 60_000)), crossing]);
    const after = await lifecycle(teamId);
    expect(after.status).toBe('activated');
    expect(after.activated).toHaveLength(1);
    expect(after.activated[0]).toMatchObject({
      cause: '1,000 API calls reached',
      occurred_at: new Date(crossing.occurredAt),
      data: { apiCalls: 1_000, activeDays: 1, rule: 'api_calls', usageEventId: crossing.id },
    });
    expect(after.activatedAt).toEqual(new Date(crossing.occurredAt));

    await track([event(teamId, 5_000)]);
    expect((await lifecycle(teamId)).activated).toHaveLength(1);
    expect(await loadTeamUsageTotals(t.context.db, teamId)).toEqual({ apiCalls: 6_001, activeDays: 1 });
  });

  it('activates a team crossing within a single request', async () => {
    const teamId = await newTeam();
    await track([event(teamId, 2_000)]);
    expect((await lifecycle(teamId)).status).toBe('activated');
  });

  it('appends one activated event when concurrent batches cross the threshold together', async () => {
    const teamId = await newTeam();
    await Promise.all(Array.from({ length: 6 }, () => track([event(teamId, 200)])));
    const after = await lifecycle(teamId);
    expect(after.status).toBe('activated');
    expect(after.activated).toHaveLength(1);
  });

  it('does not activate rejected or unreferred teams', async () => {
    const rejected = (await insertTeam(t.context.db, { affiliateId, at: t.clock.now(), status: 'rejected' }))
      .teamId;
    const direct = (await insertTeam(t.context.db, { affiliateId: null, at: t.clock.now() })).teamId;
    await track([event(rejected, 5_000), event(direct, 5_000)]);
    expect((await lifecycle(rejected)).activated).toEqual([]);
    expect((await lifecycle(direct)).activated).toEqual([]);
  });

  it('under the active_days rule, activates on the 30th distinct UTC day with calls', async () => {
    const settings = await t.call({
      method: 'POST',
      url: '/v1/admin/settings',
      payload: { changes: { activationRule: 'active_days' } },
    });
    expect(settings.statusCode).toBe(201);
    const teamId = await newTeam();
    // 29 active days, a day with zero calls, and many calls on one day do not make 30 days.
    const days = Array.from({ length: 29 }, (_, day) => event(teamId, 1, ago((day + 1) * msPerDay)));
    await track([...days, event(teamId, 0, ago(31 * msPerDay)), event(teamId, 5_000, ago(msPerDay))]);
    expect((await lifecycle(teamId)).status).toBe('signed_up');
    const thirtieth = event(teamId, 1, ago(32 * msPerDay));
    await track([thirtieth]);
    const after = await lifecycle(teamId);
    expect(after.status).toBe('activated');
    expect(after.activated[0]).toMatchObject({
      cause: '30 active days reached',
      occurred_at: new Date(thirtieth.occurredAt),
      data: { activeDays: 30, rule: 'active_days' },
    });
    const totals = await loadTeamUsageTotals(t.context.db, teamId);
    expect(totals.activeDays).toBe(30);
    const lastWeek = await loadTeamUsageTotals(t.context.db, teamId, {
      fromDay: ago(7 * msPerDay).slice(0, 10),
      toDay: t.clock.now().toISOString().slice(0, 10),
    });
    expect(lastWeek.activeDays).toBe(7);
  });
});
