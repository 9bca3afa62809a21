import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvePayoutRun } from '../../src/payouts/approve_payout_run.js';
import { exportCsvPayouts } from '../../src/payouts/export_csv_payouts.js';
import { runPayouts } from '../../src/payouts/run_payouts.js';
import type { PayoutStep } from '../../src/payouts/send_payout.js';
import {
  balancesOf,
  expectPayoutsMatchLedger,
  givenEligibleCents,
  givenReadyAccount,
  transfersByPayout,
} from '../payouts_run/support.js';
import { type StripeTestServer, startStripeTestServer } from '../stripe_server/server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testDatabaseKind } from '../support/database.js';
import { expectLedgerBalanced, givenAffiliate } from '../support/ledger_fixtures.js';
import { daysAfter } from './support.js';

interface RunView {
  id: string;
  asOf: string;
  state: string;
  approvalRequired: boolean;
  approvedBy: string | null;
  totals: { payouts: number; totalCents: number; paid: number; failed: number; open: number };
  payouts?: Array<{ id: string; affiliateId: string; state: string; amountCents: number }>;
}

/** Each scenario runs as of its own time: a run is one as-of, and a repeated as-of is the same run. */
let asOfDays = 30;
const nextAsOf = (from: Date) => daysAfter(from, asOfDays++);

const workerPath = fileURLToPath(new URL('./approve_crash_worker.ts', import.meta.url));

function runWorker(env: Record<string, string>): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', workerPath], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

describe('payout runs with an approval step (Stripe rail)', () => {
  let server: StripeTestServer;
  let t: TestApp;
  const start = new Date('2026-01-05T12:00:00Z');

  beforeAll(async () => {
    server = await startStripeTestServer();
    t = await startTestApp({ start, config: { stripeSecretKey: server.apiKey, stripeApiBase: server.url } });
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  async function dueAffiliates(cents: number[]) {
    const affiliates: Array<{ affiliateId: string; accountId: string; amountCents: number }> = [];
    for (const amountCents of cents) {
      const affiliateId = await givenAffiliate(t.context);
      const accountId = await givenReadyAccount(t.context, server, affiliateId);
      await givenEligibleCents(t.context, affiliateId, amountCents, t.clock.now());
      affiliates.push({ affiliateId, accountId, amountCents });
    }
    return affiliates;
  }

  async function run(runId: string): Promise<RunView> {
    const response = await t.call({ method: 'GET', url: `/v1/admin/payout-runs/${runId}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as RunView;
  }

  const approve = (runId: string) =>
    t.call({ method: 'POST', url: `/v1/admin/payout-runs/${runId}/approve`, payload: { note: 'checked' } });

  async function expectEachPaidOnce(affiliates: Array<{ affiliateId: string; amountCents: number }>) {
    const byPayout = transfersByPayout(server);
    for (const affiliate of affiliates) {
      const payouts = await t.context.db.query<{ id: string; state: string }>(
        'SELECT id, state FROM payouts WHERE affiliate_id = $1',
        [affiliate.affiliateId],
      );
      expect(payouts).toEqual([expect.objectContaining({ state: 'paid' })]);
      expect(byPayout.get(payouts[0]!.id)).toBe(1);
      expect(await balancesOf(t.context, affiliate.affiliateId)).toMatchObject({
        availableCents: 0,
        inTransitCents: 0,
        paidCents: affiliate.amountCents,
      });
    }
    expect(await expectPayoutsMatchLedger(t.context)).toEqual([]);
    await expectLedgerBalanced(t.context);
  }

  it('records a run without approval as sent, with its totals, in the history', async () => {
    const affiliates = await dueAffiliates([5_000, 7_500]);
    const asOf = nextAsOf(t.clock.now());
    const summary = await runPayouts(t.context, asOf);
    expect(summary).toMatchObject({ runState: 'sent', created: 2, paid: 2 });
    expect(await run(summary.runId!)).toMatchObject({
      state: 'sent',
      approvalRequired: false,
      approvedBy: null,
      totals: { payouts: 2, totalCents: 12_500, paid: 2, open: 0 },
    });
    const list = await t.call({ method: 'GET', url: '/v1/admin/payout-runs' });
    expect((list.json() as { runs: RunView[] }).runs[0]).toMatchObject({ id: summary.runId, state: 'sent' });
    await expectEachPaidOnce(affiliates);
  });

  it('with payoutApprovalRequired, a run reserves the money and sends nothing until approved', async () => {
    const setting = await t.call({
      method: 'POST',
      url: '/v1/admin/settings',
      payload: { changes: { payoutApprovalRequired: true } },
    });
    expect(setting.statusCode, setting.body).toBe(201);
    const affiliates = await dueAffiliates([6_000, 9_000]);
    const transfersBefore = server.state.transfers.length;
    const asOf = nextAsOf(t.clock.now());
    const summary = await runPayouts(t.context, asOf);
    expect(summary).toMatchObject({ runState: 'awaiting_approval', created: 2, paid: 0 });
    // A later run's recovery pass leaves the waiting payouts alone too.
    await runPayouts(t.context, new Date(asOf.getTime() + 60_000));
    expect(server.state.transfers.length).toBe(transfersBefore);
    for (const affiliate of affiliates) {
      expect(await balancesOf(t.context, affiliate.affiliateId)).toMatchObject({
        availableCents: 0,
        inTransitCents: affiliate.amountCents,
      });
    }
    expect(await run(summary.runId!)).toMatchObject({
      state: 'awaiting_approval',
      totals: { payouts: 2, totalCents: 15_000, open: 2 },
    });
    await expectLedgerBalanced(t.context);

    const approved = await approve(summary.runId!);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      state: 'sent',
      approvedBy: expect.stringMatching(/^key:/),
      note: 'checked',
      totals: { paid: 2 },
    });
    await expectEachPaidOnce(affiliates);
    const again = await approve(summary.runId!);
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect((await approve('run_20990101T000000Z')).statusCode).toBe(404);
  });

  it('cancelling a waiting run gives the money back to available, and the next run pays it', async () => {
    const [affiliate] = await dueAffiliates([8_000]);
    const asOf = nextAsOf(t.clock.now());
    const waiting = await runPayouts(t.context, asOf);
    const cancelled = await t.call({
      method: 'POST',
      url: `/v1/admin/payout-runs/${waiting.runId}/cancel`,
      payload: {},
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ state: 'cancelled', totals: { failed: 1 } });
    expect(await balancesOf(t.context, affiliate!.affiliateId)).toMatchObject({
      availableCents: 8_000,
      inTransitCents: 0,
    });
    expect((await approve(waiting.runId!)).statusCode).toBe(409);
    const next = await runPayouts(t.context, new Date(asOf.getTime() + 3_600_000));
    expect(next.runState).toBe('awaiting_approval');
    expect((await approve(next.runId!)).statusCode).toBe(200);
    expect(await balancesOf(t.context, affiliate!.affiliateId)).toMatchObject({ paidCents: 8_000 });
    expect(await expectPayoutsMatchLedger(t.context)).toEqual([]);
    await expectLedgerBalanced(t.context);
  });

  it("a later run's recovery pass sends what a crashed approval left, and the run reads as sent", async () => {
    const affiliates = await dueAffiliates([5_500, 6_500]);
    const waiting = await runPayouts(t.context, nextAsOf(t.clock.now()));
    expect(waiting.runState).toBe('awaiting_approval');
    // The approval commits, then the process dies before it sends anything.
    const crashed = approvePayoutRun(
      t.context,
      { runId: waiting.runId!, approvedBy: 'crashed' },
      {
        hook(step) {
          if (step === 'run_approved') throw new Error('crashed after the approval');
        },
      },
    );
    await expect(crashed).rejects.toThrow('crashed after the approval');
    expect((await run(waiting.runId!)).state).toBe('approved');
    const next = await runPayouts(t.context, nextAsOf(t.clock.now()));
    expect(next.recovered.paid).toBe(2);
    expect(await run(waiting.runId!)).toMatchObject({ state: 'sent', totals: { paid: 2, open: 0 } });
    await expectEachPaidOnce(affiliates);
  });

  it.runIf(testDatabaseKind === 'postgres')('two approvals at once send each payout once', async () => {
    const affiliates = await dueAffiliates([5_000, 5_100, 5_200, 5_300, 5_400, 5_500]);
    const summary = await runPayouts(t.context, nextAsOf(t.clock.now()));
    expect(summary.runState).toBe('awaiting_approval');
    const answers = await Promise.all([
      approvePayoutRun(t.context, { runId: summary.runId!, approvedBy: 'first' }),
      approvePayoutRun(t.context, { runId: summary.runId!, approvedBy: 'second' }),
    ]);
    expect(answers.map((answer) => answer.state)).toContain('sent');
    expect(['first', 'second']).toContain((await run(summary.runId!)).approvedBy);
    await expectEachPaidOnce(affiliates);
  });

  it.runIf(testDatabaseKind === 'postgres')(
    'a crash between approval and sending (or mid-send) loses nothing and pays nothing twice',
    async () => {
      const env = {
        DATABASE_URL: t.database.url!,
        STRIPE_SECRET_KEY: server.apiKey,
        STRIPE_API_BASE: server.url,
      };
      const crashes: Array<{ step: PayoutStep; after: number }> = [
        { step: 'run_approved', after: 0 },
        { step: 'before_provider_call', after: 1 },
        { step: 'after_provider_call', after: 0 },
      ];
      for (const crash of crashes) {
        const affiliates = await dueAffiliates([5_000, 6_000, 7_000]);
        const summary = await runPayouts(t.context, nextAsOf(t.clock.now()));
        expect(summary.runState).toBe('awaiting_approval');
        const exit = await runWorker({
          ...env,
          RUN_ID: summary.runId!,
          CRASH_STEP: crash.step,
          CRASH_AFTER: String(crash.after),
        });
        expect(exit.signal, crash.step).toBe('SIGKILL');
        expect((await run(summary.runId!)).state).toBe('approved');
        // Approving again finishes what the crashed approval left `created`; a payout left
        // `sending` is the recovery pass's, as after any crashed run.
        expect((await approve(summary.runId!)).statusCode).toBe(200);
        await runPayouts(t.context, nextAsOf(t.clock.now()));
        await expectEachPaidOnce(affiliates);
      }
    },
    120_000,
  );
});

describe('payout approval on the CSV rail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-01-05T12:00:00Z') });
  });
  afterAll(async () => t.close());

  it('keeps a waiting run out of the export until it is approved', async () => {
    await t.call({
      method: 'POST',
      url: '/v1/admin/settings',
      payload: { changes: { payoutApprovalRequired: true } },
    });
    const affiliateId = await givenAffiliate(t.context);
    await givenEligibleCents(t.context, affiliateId, 12_000, t.clock.now());
    const asOf = nextAsOf(t.clock.now());
    const summary = await runPayouts(t.context, asOf, { provider: null });
    expect(summary).toMatchObject({ provider: 'csv', runState: 'awaiting_approval', created: 1 });
    expect(await exportCsvPayouts(t.context)).toMatchObject({ payouts: 0 });
    const approved = await t.call({ method: 'POST', url: `/v1/admin/payout-runs/${summary.runId}/approve` });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'sent' });
    expect(await exportCsvPayouts(t.context)).toMatchObject({ payouts: 1, totalCents: 12_000 });
    await expectLedgerBalanced(t.context);
  });
});
