import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commissionStatus } from '../../src/commissions/rules/commission_state.js';
import {
  accountBalances,
  affiliateBalances,
  commissionCreated,
  commissionEligible,
  commissionReleased,
  commissionReversed,
  commissionVested,
  payoutFailed,
  payoutPaid,
  payoutSent,
  sameTransferContent,
  type Transfer,
  transferProblems,
} from '../../src/ledger/rules/ledger.js';

const at = new Date('2026-03-01T00:00:00Z');
const move = { affiliateId: 'aff_1', commissionId: 'tier1:team_1', amountCents: 5_000, at };
const sum = (transfer: Transfer) => transfer.entries.reduce((total, entry) => total + entry.amountCents, 0);

describe('ledger transfers', () => {
  it('moves a commission through its states with balanced, deterministic transfers', () => {
    const transfers = [
      commissionCreated(move),
      commissionVested(move),
      commissionEligible(move),
      commissionReleased({ ...move, owedCents: 0 }),
    ];
    expect(transfers.map((transfer) => transfer.id)).toEqual([
      'tier1:team_1:created',
      'tier1:team_1:vested',
      'tier1:team_1:eligible',
      'tier1:team_1:released',
    ]);
    for (const transfer of transfers) expect(sum(transfer)).toBe(0);
    const balances = affiliateBalances(accountBalances(transfers.flatMap((transfer) => transfer.entries)));
    expect(balances).toEqual({
      pendingCents: 0,
      vestedCents: 0,
      eligibleCents: 0,
      availableCents: 5_000,
      inTransitCents: 0,
      paidCents: 0,
      owedCents: 0,
    });
  });

  it('turns a reversal after payout into owed, and repays it first from the next release', () => {
    const paidOut = [
      commissionCreated(move),
      commissionVested(move),
      commissionEligible(move),
      commissionReleased({ ...move, owedCents: 0 }),
      payoutSent({ affiliateId: 'aff_1', payoutId: 'po_1', amountCents: 5_000, at }),
      payoutPaid({ affiliateId: 'aff_1', payoutId: 'po_1', amountCents: 5_000, at }),
    ];
    const clawback = commissionReversed({
      ...move,
      reversalId: 'churn',
      from: 'available',
      availableCents: 0,
    });
    expect(clawback.entries).toEqual([
      { account: 'owed', amountCents: -5_000 },
      { account: 'program_expense', amountCents: 5_000 },
    ]);
    const next = { ...move, commissionId: 'tier2:team_1', amountCents: 25_000 };
    const release = commissionReleased({ ...next, owedCents: 5_000 });
    expect(release.entries).toEqual([
      { account: 'eligible', amountCents: -25_000 },
      { account: 'owed', amountCents: 5_000 },
      { account: 'available', amountCents: 20_000 },
    ]);
    const all = [
      ...paidOut,
      clawback,
      commissionCreated(next),
      commissionVested(next),
      commissionEligible(next),
      release,
    ];
    const balances = affiliateBalances(accountBalances(all.flatMap((transfer) => transfer.entries)));
    expect(balances).toMatchObject({ availableCents: 20_000, paidCents: 5_000, owedCents: 0 });
  });

  it('takes a reversal of released money from available first, the rest becomes owed', () => {
    const reversal = commissionReversed({
      ...move,
      reversalId: 'r',
      from: 'available',
      availableCents: 1_200,
    });
    expect(reversal.entries).toEqual([
      { account: 'available', amountCents: -1_200 },
      { account: 'owed', amountCents: -3_800 },
      { account: 'program_expense', amountCents: 5_000 },
    ]);
  });

  it('returns a failed payout to available after repaying any debt', () => {
    const failed = payoutFailed({
      affiliateId: 'aff_1',
      payoutId: 'po_2',
      amountCents: 6_000,
      at,
      owedCents: 1_000,
    });
    expect(failed.id).toBe('po_2:failed');
    expect(failed.entries).toEqual([
      { account: 'in_transit', amountCents: -6_000 },
      { account: 'owed', amountCents: 1_000 },
      { account: 'available', amountCents: 5_000 },
    ]);
  });

  it('finds every way a transfer can be invalid', () => {
    const valid = commissionCreated(move);
    expect(transferProblems(valid)).toEqual([]);
    expect(
      transferProblems({
        ...valid,
        entries: [
          { account: 'pending', amountCents: 1 },
          { account: 'program_expense', amountCents: -2 },
        ],
      }),
    ).toEqual(['entries sum to -1, not 0']);
    expect(
      transferProblems({
        ...valid,
        entries: [
          { account: 'pending', amountCents: 0 },
          { account: 'program_expense', amountCents: 0 },
        ],
      }).length,
    ).toBeGreaterThan(0);
    expect(transferProblems({ ...valid, entries: [] }).length).toBeGreaterThan(0);
    expect(
      transferProblems({
        ...valid,
        entries: [
          { account: 'pending', amountCents: 1.5 },
          { account: 'program_expense', amountCents: -1.5 },
        ],
      }).length,
    ).toBeGreaterThan(0);
    expect(() => commissionCreated({ ...move, amountCents: 0 })).toThrow();
    expect(() => commissionCreated({ ...move, amountCents: -5 })).toThrow();
  });

  it('compares content without the creation time and without key order', () => {
    const first = commissionCreated({ ...move, metadata: { a: 1, b: 2 } });
    expect(sameTransferContent(first, { ...first, createdAt: new Date(0), metadata: { b: 2, a: 1 } })).toBe(
      true,
    );
    expect(
      sameTransferContent(
        first,
        commissionCreated({ ...move, amountCents: 5_001, metadata: { a: 1, b: 2 } }),
      ),
    ).toBe(false);
  });

  it('every builder balances and balances are sums of entries (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e12 }),
        fc.nat(1e12),
        fc.nat(1e12),
        (amountCents, owedCents, availableCents) => {
          const m = { ...move, amountCents };
          const transfers = [
            commissionCreated(m),
            commissionVested(m),
            commissionEligible(m),
            commissionReleased({ ...m, owedCents }),
            commissionReversed({ ...m, reversalId: 'r', from: 'available', availableCents }),
            commissionReversed({ ...m, reversalId: 'p', from: 'pending', availableCents }),
            payoutSent({ affiliateId: 'aff_1', payoutId: 'p', amountCents, at }),
            payoutFailed({ affiliateId: 'aff_1', payoutId: 'p', amountCents, at, owedCents }),
          ];
          for (const transfer of transfers) expect(sum(transfer)).toBe(0);
          const sums = accountBalances(transfers.flatMap((transfer) => transfer.entries));
          expect(Object.values(sums).reduce((total, value) => total + value, 0)).toBe(0);
        },
      ),
    );
  });
});

describe('commission state from its transfers', () => {
  it('folds states, dates and partial reversals', () => {
    const day = (n: number) => new Date(Date.UTC(2026, 0, n));
    const status = commissionStatus(1_000, [
      { kind: 'commission_created', movedCents: 1_000, createdAt: day(1) },
      { kind: 'commission_vested', movedCents: 1_000, createdAt: day(2) },
      { kind: 'commission_reversed', movedCents: 400, createdAt: day(3) },
    ]);
    expect(status).toMatchObject({
      state: 'vested',
      reversedCents: 400,
      remainingCents: 600,
      vestedAt: day(2),
      reversedAt: day(3),
    });
    const gone = commissionStatus(1_000, [
      { kind: 'commission_created', movedCents: 1_000, createdAt: day(1) },
      { kind: 'commission_reversed', movedCents: 1_000, createdAt: day(3) },
    ]);
    expect(gone.state).toBe('reversed');
    expect(commissionStatus(0, []).state).toBe('capped');
  });
});
