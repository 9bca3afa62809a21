import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { replayWhatIf } from '../../src/economics/what_if.js';
import { expectPayoutsMatchLedger, givenReadyAccount } from '../payouts_run/support.js';
import { type StripeTestServer, startStripeTestServer } from '../stripe_server/server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { simulatedYearBudgetMs } from '../support/budgets.js';
import { testWebhookSecret } from '../support/stripe_events.js';
import {
  balanceOf,
  deliverOk,
  expectLedgerBalanced,
  referTeam,
  reportMembers,
  StripeTeam,
  scriptedYearBilling,
  scriptedYearEarnedCents,
  type TimedEvent,
  UsageDays,
} from './support.js';

const teamId = 'team_paid_year';

// A year of monthly payout runs on the simulated clock: measured up to 30 s on a loaded machine.
vi.setConfig({ testTimeout: simulatedYearBudgetMs });

/**
 * The scripted year again, now with the month-end jobs doing their work (the monthly payout run on
 * the 1st at 06:00): at the end every cent the affiliate earned was paid out exactly once — as
 * Stripe transfers on the Connect rail, or as rows finance marked paid on the CSV rail — and the
 * ledger says the same.
 */
describe.each(['stripe', 'csv'] as const)('a year of month-end payout runs on the %s rail', (rail) => {
  let t: TestApp;
  let server: StripeTestServer | undefined;
  let affiliateId: string;
  let accountId: string | undefined;

  beforeAll(async () => {
    server = rail === 'stripe' ? await startStripeTestServer() : undefined;
    t = await startTestApp({
      start: new Date('2026-01-05T12:00:00Z'),
      config: {
        stripeWebhookSecret: testWebhookSecret,
        stripeSecretKey: server?.apiKey,
        stripeApiBase: server?.url,
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await server?.close();
  });

  it('pays the affiliate exactly what the ledger says it earned, once', async () => {
    ({ affiliateId } = await referTeam(t, { teamId, email: 'lead@paidyear.example.com' }));
    if (server) accountId = await givenReadyAccount(t.context, server, affiliateId);
    const usage = new UsageDays(t, [teamId], new Date('2026-01-05T00:00:00Z'));
    const billing: TimedEvent[] = scriptedYearBilling(new StripeTeam(teamId));
    await reportMembers(t, teamId, 6);
    for (const next of billing) {
      await usage.liveUntil(new Date(next.at));
      await deliverOk(t, next.event);
    }
    // Into the next year, past the January payout run, which pays what December released.
    await usage.liveUntil(new Date('2027-02-02T12:00:00Z'));
    await expectLedgerBalanced(t);

    if (rail === 'csv') {
      const exported = await t.call({ method: 'POST', url: '/v1/admin/payouts/export' });
      const rows = exported.body.trim().split('\r\n').slice(1);
      expect(rows.length).toBeGreaterThan(0);
      const file = [
        'payout_id,status,reference',
        ...rows.map((row, index) => `${row.split(',')[0]},paid,WIRE-${index}`),
      ];
      const imported = await t.call({
        method: 'POST',
        url: '/v1/admin/payouts/import',
        payload: `${file.join('\r\n')}\r\n`,
        headers: { 'content-type': 'text/csv' },
      });
      expect(imported.json()).toMatchObject({ paid: rows.length, failed: 0 });
    }

    const balance = await balanceOf(t, affiliateId);
    expect(balance).toMatchObject({
      pendingCents: 0,
      vestedCents: 0,
      eligibleCents: 0,
      inTransitCents: 0,
      owedCents: 0,
    });
    expect(balance.availableCents).toBe(0);
    expect(balance.paidCents).toBe(scriptedYearEarnedCents);

    const payouts = await t.context.db.query<{ id: string; state: string; amount_cents: number }>(
      'SELECT id, state, amount_cents FROM payouts WHERE affiliate_id = $1 ORDER BY created_at',
      [affiliateId],
    );
    expect(payouts.length).toBeGreaterThan(1);
    expect(payouts.every((payout) => payout.state === 'paid')).toBe(true);
    expect(payouts.reduce((sum, payout) => sum + payout.amount_cents, 0)).toBe(scriptedYearEarnedCents);
    if (server) {
      const transfers = server.state.transfers.filter((transfer) => transfer['destination'] === accountId);
      expect(transfers).toHaveLength(payouts.length);
      expect(transfers.reduce((sum, transfer) => sum + Number(transfer['amount']), 0)).toBe(
        scriptedYearEarnedCents,
      );
      expect(
        new Set(transfers.map((transfer) => (transfer['metadata'] as Record<string, string>)['payoutId']))
          .size,
      ).toBe(payouts.length);
    }
    expect(await expectPayoutsMatchLedger(t.context)).toEqual([]);
    // The what-if's ledger column counts the same money as paid out over the year (the range is
    // half-open and the CSV import was posted at this very program instant: end just after it).
    const replay = await replayWhatIf(t.context, {
      settings: {},
      to: new Date(t.clock.now().getTime() + 1),
    });
    expect(replay.actual.paidCents).toBe(scriptedYearEarnedCents);
  });
});
