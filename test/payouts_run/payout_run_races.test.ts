import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPayouts } from '../../src/payouts/run_payouts.js';
import type { PayoutStep } from '../../src/payouts/send_payout.js';
import { type StripeTestServer, startStripeTestServer } from '../stripe_server/server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testDatabaseKind } from '../support/database.js';
import { expectLedgerBalanced, givenAffiliate } from '../support/ledger_fixtures.js';
import {
  balancesOf,
  daysAfter,
  expectPayoutsMatchLedger,
  givenEligibleCents,
  givenReadyAccount,
  transfersByPayout,
} from './support.js';

const workerPath = fileURLToPath(new URL('./crash_worker.ts', import.meta.url));
const steps: PayoutStep[] = [
  'payout_created',
  'before_provider_call',
  'after_provider_call',
  'after_settled',
];

/** A small deterministic generator, so a failing sequence of crashes can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

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

describe.runIf(testDatabaseKind === 'postgres')('payout run under crashes and concurrent runners', () => {
  let server: StripeTestServer;
  let t: TestApp;

  beforeAll(async () => {
    server = await startStripeTestServer();
    t = await startTestApp({ config: { stripeSecretKey: server.apiKey, stripeApiBase: server.url } });
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  async function givenDueAffiliates(count: number, cents: (index: number) => number) {
    const affiliates: Array<{ affiliateId: string; accountId: string; amountCents: number }> = [];
    for (let index = 0; index < count; index++) {
      const affiliateId = await givenAffiliate(t.context);
      const accountId = await givenReadyAccount(t.context, server, affiliateId);
      await givenEligibleCents(t.context, affiliateId, cents(index), t.clock.now());
      affiliates.push({ affiliateId, accountId, amountCents: cents(index) });
    }
    return affiliates;
  }

  async function expectEachPaidOnce(
    affiliates: Array<{ affiliateId: string; accountId: string; amountCents: number }>,
  ) {
    const byPayout = transfersByPayout(server);
    for (const affiliate of affiliates) {
      const payouts = await t.context.db.query<{ id: string; state: string }>(
        'SELECT id, state FROM payouts WHERE affiliate_id = $1',
        [affiliate.affiliateId],
      );
      expect(payouts).toEqual([expect.objectContaining({ state: 'paid' })]);
      expect(byPayout.get(payouts[0]!.id)).toBe(1);
      const received = server.state.transfers
        .filter((transfer) => transfer['destination'] === affiliate.accountId)
        .reduce((sum, transfer) => sum + (transfer['amount'] as number), 0);
      expect(received).toBe(affiliate.amountCents);
      expect(await balancesOf(t.context, affiliate.affiliateId)).toMatchObject({
        availableCents: 0,
        inTransitCents: 0,
        paidCents: affiliate.amountCents,
      });
    }
    expect(await expectPayoutsMatchLedger(t.context)).toEqual([]);
    await expectLedgerBalanced(t.context);
  }

  it('pays each affiliate once when two runners start together', async () => {
    const affiliates = await givenDueAffiliates(8, (index) => 5_000 + index * 1_000);
    const asOf = daysAfter(t.clock.now(), 30);
    const later = new Date(asOf.getTime() + 3_600_000);
    const [first, second] = await Promise.all([runPayouts(t.context, asOf), runPayouts(t.context, later)]);
    expect(first.created + second.created).toBe(8);
    await Promise.all([runPayouts(t.context, later), runPayouts(t.context, later)]);
    await expectEachPaidOnce(affiliates);
  });

  it('never pays twice nor loses a payout when the run is killed at random points and restarted', async () => {
    const affiliates = await givenDueAffiliates(6, (index) => 5_000 + index * 777);
    const asOf = daysAfter(t.clock.now(), 30);
    const seed = Date.now() % 1_000_000;
    const next = random(seed);
    const env = {
      DATABASE_URL: t.database.url!,
      STRIPE_SECRET_KEY: server.apiKey,
      STRIPE_API_BASE: server.url,
      AS_OF: asOf.toISOString(),
    };
    const kills: string[] = [];
    for (let round = 0; round < 10; round++) {
      const step = steps[Math.floor(next() * steps.length)]!;
      const after = Math.floor(next() * 3);
      // Every third round Stripe also commits a transfer and answers 500.
      if (round % 3 === 1) server.inject({ endpoint: 'transfers.create', kind: 'server_error_after_commit' });
      const exit = await runWorker({ ...env, CRASH_STEP: step, CRASH_AFTER: String(after) });
      if (exit.signal === 'SIGKILL') kills.push(`${step}+${after}`);
      else expect(exit.code, `seed ${seed}`).toBe(0);
    }
    server.faults.clear();
    expect(kills.length, `seed ${seed}`).toBeGreaterThan(0);
    const finalRun = await runWorker(env);
    expect(finalRun.code).toBe(0);
    await runPayouts(t.context, asOf);
    await expectEachPaidOnce(affiliates);
  }, 120_000);
});
