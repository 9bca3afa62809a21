import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantCommission } from '../../src/commissions/grant_commission.js';
import { reconcileMonth } from '../../src/commissions/reconcile_month.js';
import type { ReconciliationReport } from '../../src/commissions/rules/reconciliation.js';
import { loadCommission } from '../../src/commissions/storage/commissions.js';
import { appendReferralEvent } from '../../src/referrals/storage/referral_events.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { spawnedProcessesBudgetMs } from '../support/budgets.js';
import { expectLedgerBalanced, givenAffiliate, givenReferredTeam } from '../support/ledger_fixtures.js';
import { insertTeam } from '../support/teams.js';

const run = promisify(execFile);

describe('monthly reconciliation', () => {
  let t: TestApp;
  const teams: Record<string, string> = {};
  let capAffiliateId: string;

  const stage = (teamId: string, type: 'paid' | 'churned', at: string) =>
    t.context.db.transaction((tx) =>
      appendReferralEvent(tx, {
        teamId,
        type,
        cause: 'test',
        occurredAt: new Date(at),
        recordedAt: new Date(at),
      }),
    );
  const subscription = (teamId: string, status: string, monthlyAmountCents: number, endedAt: string | null) =>
    t.context.db.query(
      `INSERT INTO billing_subscriptions (id, source, team_id, status, monthly_amount_cents, currency, started_at,
          ended_at, version_at, version_rank, version_tiebreak, updated_at)
       VALUES ($1, 'api', $2, $3, $4, 'usd', '2025-10-01', $5::timestamptz, COALESCE($5::timestamptz, '2025-10-01'), 1, '', '2025-10-01')`,
      [`sub_${teamId}`, teamId, status, monthlyAmountCents, endedAt],
    );
  // Written directly, as if a commission effect had missed them: the reconciliation must catch up.
  const invoice = (teamId: string, id: string, amountCents: number, paidAt: string) =>
    t.context.db.query(
      `INSERT INTO billing_invoices (id, source, team_id, amount_paid_cents, currency, paid_at, recorded_at)
       VALUES ($1, 'api', $2, $3, 'usd', $4, $4)`,
      [id, teamId, amountCents, paidAt],
    );
  const get = async (url: string) => t.call({ method: 'GET', url });
  const counts = async () =>
    (
      await t.context.db.query<{ transfers: number; commissions: number }>(
        `SELECT (SELECT count(*) FROM ledger_transfers)::int AS transfers,
                (SELECT count(*) FROM commissions)::int AS commissions`,
      )
    )[0];

  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-01-05T12:00:00Z') });
    const affiliateId = await givenAffiliate(t.context);
    capAffiliateId = await givenAffiliate(t.context);

    // Paid on Jan 6, churned on Jan 20: inside the 30-day window, its Tier 1 is taken back.
    teams.early = await givenReferredTeam(t.context, affiliateId);
    await grantCommission(t.context, { kind: 'milestone', teamId: teams.early, tier: 'tier1' });
    await stage(teams.early, 'paid', '2026-01-06T10:00:00Z');
    await stage(teams.early, 'churned', '2026-01-20T10:00:00Z');
    await subscription(teams.early, 'canceled', 4_000, '2026-01-20T10:00:00Z');

    // Paid in November, churned in January: long after the window, nothing is reversed.
    teams.late = await givenReferredTeam(t.context, affiliateId);
    await grantCommission(t.context, { kind: 'milestone', teamId: teams.late, tier: 'tier1' });
    await stage(teams.late, 'paid', '2025-11-01T10:00:00Z');
    await stage(teams.late, 'churned', '2026-01-15T10:00:00Z');
    await subscription(teams.late, 'canceled', 4_000, '2026-01-15T10:00:00Z');

    // Upgraded to $600 a month; its invoice's Tier 3 was never granted.
    teams.upgraded = await givenReferredTeam(t.context, affiliateId);
    await stage(teams.upgraded, 'paid', '2026-01-10T10:00:00Z');
    await subscription(teams.upgraded, 'active', 60_000, null);
    await invoice(teams.upgraded, 'inv_upgraded', 60_000, '2026-01-10T10:00:00Z');

    // Paid, but no subscription was ever reported.
    teams.unsubscribed = await givenReferredTeam(t.context, affiliateId);
    await stage(teams.unsubscribed, 'paid', '2026-01-08T10:00:00Z');
    await invoice(teams.unsubscribed, 'inv_unsubscribed', 5_000, '2026-01-08T10:00:00Z');

    teams.signedUp = await givenReferredTeam(t.context, affiliateId);
    await insertTeam(t.context.db, { affiliateId, at: t.clock.now(), status: 'rejected' });
    await insertTeam(t.context.db, { affiliateId: null, at: t.clock.now() });

    // A $20,000 invoice: 15 % is $3,000, the $2,000 monthly cap cuts $1,000.
    teams.capped = await givenReferredTeam(t.context, capAffiliateId);
    await stage(teams.capped, 'paid', '2026-01-07T10:00:00Z');
    await subscription(teams.capped, 'active', 2_000_000, null);
    await invoice(teams.capped, 'inv_capped', 2_000_000, '2026-01-07T10:00:00Z');
    const paid = { id: 'inv_capped', amountCents: 2_000_000, paidAt: new Date('2026-01-07T10:00:00Z') };
    await grantCommission(t.context, {
      kind: 'invoice',
      teamId: teams.capped,
      invoice: paid,
      invoices: [paid],
    });

    const moved = await t.call({
      method: 'POST',
      url: '/v1/admin/clock',
      payload: { now: '2026-02-01T03:00:00Z' },
    });
    expect(moved.statusCode).toBe(200);
  }, 120_000);
  afterAll(async () => t.close());

  it('the scheduled run checks every referred team against its subscription facts', async () => {
    const response = await get('/v1/admin/reconciliations/2026-01');
    expect(response.statusCode).toBe(200);
    const report = response.json() as ReconciliationReport;
    expect(report).toMatchObject({ month: '2026-01', asOf: '2026-02-01T02:00:00.000Z' });
    expect(report.teams).toEqual({ checked: 6, paid: 5, live: 2, churned: 2 });
    expect(report.mismatches).toEqual({
      paid_without_subscription: { count: 1, teamIds: [teams.unsubscribed] },
      invoice_without_paid: { count: 0, teamIds: [] },
      ended_without_churn: { count: 0, teamIds: [] },
      churned_with_live_subscription: { count: 0, teamIds: [] },
    });
  });

  it('reverses the commissions of a team that churned within the window, and only that team', async () => {
    const report = (await get('/v1/admin/reconciliations/2026-01')).json() as ReconciliationReport;
    expect(report.reversals).toEqual({ teams: 1, commissions: 1, totalCents: 5_000, owedCents: 0 });
    expect((await loadCommission(t.context.db, `tier1:${teams.early}`))?.status).toMatchObject({
      state: 'reversed',
      reversedCents: 5_000,
    });
    expect((await loadCommission(t.context.db, `tier1:${teams.late}`))?.status.state).not.toBe('reversed');
    await expectLedgerBalanced(t.context);
  });

  it('grants the Tier 3 share an upgrade made due and was missed', async () => {
    const report = (await get('/v1/admin/reconciliations/2026-01')).json() as ReconciliationReport;
    expect(report.bonuses).toEqual({ teams: 1, commissions: 1, totalCents: 9_000 });
    expect(await loadCommission(t.context.db, 'tier3:inv_upgraded')).toMatchObject({
      teamId: teams.upgraded,
      amountCents: 9_000,
    });
  });

  it('reports the cap periods a cap cut, none exceeded', async () => {
    const report = (await get('/v1/admin/reconciliations/2026-01')).json() as ReconciliationReport;
    expect(report.caps).toEqual({
      hits: 1,
      cappedCents: 100_000,
      exceeded: 0,
      listed: [
        {
          tier: 'tier3',
          affiliateId: capAffiliateId,
          teamId: null,
          grantedCents: 200_000,
          cappedCents: 100_000,
          capCents: 200_000,
          exceeded: false,
        },
      ],
    });
  });

  it('returns the stored report on a second run and changes nothing', async () => {
    const before = await counts();
    const stored = (await get('/v1/admin/reconciliations/2026-01')).json();
    const again = await t.call({
      method: 'POST',
      url: '/v1/admin/reconciliations',
      payload: { month: '2026-01' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(stored);
    expect(await reconcileMonth(t.context, '2026-01', t.clock.now())).toEqual(stored);
    expect(await counts()).toEqual(before);
  });

  it('does not take back the same churn again in a later month', async () => {
    await t.call({ method: 'POST', url: '/v1/admin/clock', payload: { now: '2026-03-01T03:00:00Z' } });
    const report = (await get('/v1/admin/reconciliations/2026-02')).json() as ReconciliationReport;
    expect(report.reversals).toEqual({ teams: 0, commissions: 0, totalCents: 0, owedCents: 0 });
    expect(report.bonuses.commissions).toBe(0);
    expect(report.caps.hits).toBe(0);
    const list = await get('/v1/admin/reconciliations?limit=1');
    expect(list.json()).toMatchObject({ reports: [{ month: '2026-02' }], nextBefore: '2026-02' });
    const next = await get('/v1/admin/reconciliations?limit=1&before=2026-02');
    expect(next.json()).toMatchObject({
      reports: [
        { month: '2026-01', reversals: 1, reversedCents: 5_000, bonuses: 1, bonusCents: 9_000, capHits: 1 },
      ],
    });
    await expectLedgerBalanced(t.context);
  });

  it.each([
    ['GET', '/v1/admin/reconciliations/2026-13', 400],
    ['GET', '/v1/admin/reconciliations/26-01', 400],
    ['GET', '/v1/admin/reconciliations/2026-1', 400],
    ['GET', '/v1/admin/reconciliations/1999-12', 400],
    ['GET', '/v1/admin/reconciliations/2025-06', 404],
    ['GET', '/v1/admin/reconciliations?before=june', 400],
    ['GET', '/v1/admin/reconciliations?limit=0', 400],
    ['POST', '/v1/admin/reconciliations', 400, { month: '2026-03' }],
    ['POST', '/v1/admin/reconciliations', 400, { month: '2026-00' }],
    ['POST', '/v1/admin/reconciliations', 400, { month: '2026-01', extra: 1 }],
    ['POST', '/v1/admin/reconciliations', 400, {}],
  ] as const)(
    '%s %s answers %i problem+json and stores nothing (body %j)',
    async (method, url, status, payload?) => {
      const before = await t.context.db.query('SELECT month FROM reconciliation_reports ORDER BY month');
      const response = await t.call({ method, url, ...(payload ? { payload } : {}) });
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await t.context.db.query('SELECT month FROM reconciliation_reports ORDER BY month')).toEqual(
        before,
      );
    },
  );

  it('needs an admin key', async () => {
    const response = await t.call({ method: 'GET', url: '/v1/admin/reconciliations/2026-01', auth: null });
    expect(response.statusCode).toBe(401);
  });

  it(
    'CLI: a bad month fails with a message and a non-zero exit',
    async () => {
      const failure = await run(
        process.execPath,
        ['--import', 'tsx', 'src/app/main.ts', 'reconcile', '--month', '2026-13'],
        {
          env: { ...process.env, DATA_DIR: 'memory://', LOG_LEVEL: 'silent' },
        },
      ).catch((error: { code: number; stderr: string }) => error);
      expect(failure).toMatchObject({ code: 1, stderr: expect.stringMatching(/month must be YYYY-MM/) });
    },
    spawnedProcessesBudgetMs,
  );
});
