import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCommission } from '../../src/commissions/storage/commissions.js';
import {
  commissionCreated,
  commissionReversed,
  payoutPaid,
  payoutReversed,
  payoutSent,
  type Transfer,
} from '../../src/ledger/rules/ledger.js';
import { postTransfer } from '../../src/ledger/storage/ledger.js';
import { sumLedgerByPeriod } from '../../src/ledger/storage/ledger_period_sums.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectLedgerBalanced, givenAffiliate, givenReferredTeam } from '../support/ledger_fixtures.js';

const january = new Date('2026-01-01T00:00:00Z');
const february = new Date('2026-02-01T00:00:00Z');
const march = new Date('2026-03-01T00:00:00Z');
const april = new Date('2026-04-01T00:00:00Z');

describe('the ledger per period, as economics reads it', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-01-02T00:00:00Z') });
    const affiliateId = await givenAffiliate(t.context);
    const teamId = await givenReferredTeam(t.context, affiliateId);
    const commissionId = `tier2:${teamId}`;
    await insertCommission(t.context.db, {
      id: commissionId,
      affiliateId,
      teamId,
      tier: 'tier2',
      amountCents: 25_000,
      cappedCents: 0,
      rateBasisPoints: null,
      invoiceId: null,
      invoiceAmountCents: null,
      cause: 'test',
      earnedAt: new Date('2026-01-10T00:00:00Z'),
      createdAt: new Date('2026-01-10T00:00:00Z'),
    });
    const payout = (at: string) => ({
      affiliateId,
      payoutId: 'po_economics',
      amountCents: 20_000,
      at: new Date(at),
    });
    const transfers: Transfer[] = [
      commissionCreated({
        affiliateId,
        commissionId,
        amountCents: 25_000,
        at: new Date('2026-01-10T00:00:00Z'),
      }),
      commissionReversed({
        affiliateId,
        commissionId,
        amountCents: 4_000,
        at: new Date('2026-02-03T00:00:00Z'),
        reversalId: 'refund:4000',
        from: 'pending',
        availableCents: 0,
      }),
      payoutSent(payout('2026-02-27T00:00:00Z')),
      payoutPaid(payout('2026-03-02T00:00:00Z')),
      payoutReversed({
        ...payout('2026-03-20T00:00:00Z'),
        amountCents: 5_000,
        owedCents: 0,
        reversalKey: 'trr_1',
      }),
    ];
    for (const transfer of transfers) {
      await t.context.db.transaction((tx) => postTransfer(tx, transfer));
    }
  });
  afterAll(async () => t.close());

  it('sums commission expense (granted less reversed) and money paid out (less payout reversals) per period', async () => {
    await expectLedgerBalanced(t.context);
    const sums = await sumLedgerByPeriod(t.context.db, [january, february, march, april]);
    expect(sums.sort((a, b) => a.periodIndex - b.periodIndex)).toEqual([
      { periodIndex: 0, commissionExpenseCents: 25_000, paidOutCents: 0 },
      { periodIndex: 1, commissionExpenseCents: -4_000, paidOutCents: 0 },
      { periodIndex: 2, commissionExpenseCents: 0, paidOutCents: 15_000 },
    ]);
  });

  it('reads nothing outside the boundaries and nothing without a period', async () => {
    expect(await sumLedgerByPeriod(t.context.db, [march, april])).toEqual([
      { periodIndex: 0, commissionExpenseCents: 0, paidOutCents: 15_000 },
    ]);
    expect(await sumLedgerByPeriod(t.context.db, [january])).toEqual([]);
  });
});
