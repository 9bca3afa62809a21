import { describe, expect, it } from 'vitest';
import {
  decidePayoutMove,
  isLegalPayoutMove,
  type PayoutLedgerEffect,
  payoutMovesInto,
} from '../../src/payouts/rules/payout_states.js';
import { type PayoutState, payoutStates } from '../../src/payouts/rules/payouts.js';

type Row = Record<PayoutState, PayoutLedgerEffect | '-'>;

/** Rows: from; columns: to; a cell is the move's ledger effect, `-` when the move is illegal. */
const stripe: Record<PayoutState, Row> = {
  created: { created: '-', sending: 'none', in_transit: '-', paid: 'payout_paid', failed: 'payout_failed' },
  sending: { created: '-', sending: 'none', in_transit: '-', paid: 'payout_paid', failed: 'payout_failed' },
  in_transit: { created: '-', sending: '-', in_transit: '-', paid: '-', failed: '-' },
  paid: { created: '-', sending: '-', in_transit: '-', paid: '-', failed: '-' },
  failed: { created: '-', sending: '-', in_transit: '-', paid: '-', failed: '-' },
};
const csv: Record<PayoutState, Row> = {
  created: { created: '-', sending: '-', in_transit: 'none', paid: 'payout_paid', failed: 'payout_failed' },
  sending: { created: '-', sending: '-', in_transit: '-', paid: '-', failed: '-' },
  in_transit: { created: '-', sending: '-', in_transit: '-', paid: 'payout_paid', failed: 'payout_failed' },
  paid: { created: '-', sending: '-', in_transit: '-', paid: '-', failed: '-' },
  failed: { created: '-', sending: '-', in_transit: '-', paid: '-', failed: '-' },
};

describe('payout state machine', () => {
  for (const [provider, table] of [
    ['stripe', stripe],
    ['csv', csv],
  ] as const) {
    for (const from of payoutStates) {
      for (const to of payoutStates) {
        const expected = table[from][to];
        it(`${provider}: ${from} → ${to} is ${expected === '-' ? 'illegal' : `legal (ledger: ${expected})`}`, () => {
          const move = decidePayoutMove(from, to, provider);
          if (expected === '-') {
            expect(move).toBeNull();
          } else {
            expect(move).toEqual({ from, to, provider, ledger: expected });
            expect(isLegalPayoutMove(move!)).toBe(true);
          }
        });
      }
    }
  }

  it('lists every legal move into a state: a Stripe attempt starts from created or repeats from sending', () => {
    expect(payoutMovesInto('sending', 'stripe').map((move) => move.from)).toEqual(['created', 'sending']);
    expect(payoutMovesInto('in_transit', 'csv').map((move) => move.from)).toEqual(['created']);
    expect(payoutMovesInto('sending', 'csv')).toEqual([]);
    expect(payoutMovesInto('paid', 'csv').map((move) => move.from)).toEqual(['created', 'in_transit']);
  });

  it('does not take a hand-made move for a decided one', () => {
    expect(
      isLegalPayoutMove({ from: 'paid', to: 'failed', provider: 'stripe', ledger: 'payout_failed' }),
    ).toBe(false);
    expect(isLegalPayoutMove({ from: 'sending', to: 'paid', provider: 'stripe', ledger: 'none' })).toBe(
      false,
    );
  });
});
