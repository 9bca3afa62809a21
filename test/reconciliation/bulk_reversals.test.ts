import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantCommission } from '../../src/commissions/grant_commission.js';
import { makeCommissionsEligibleForTeam } from '../../src/commissions/make_commissions_eligible_for_team.js';
import { releaseAvailableCommissions } from '../../src/commissions/release_available_commissions.js';
import { reverseCommission, reverseCommissionIn } from '../../src/commissions/reverse_commission.js';
import {
  type BulkReversalInput,
  reverseCommissionsInBulkIn,
} from '../../src/commissions/reverse_commissions_in_bulk.js';
import { vestCommissionsForTeam } from '../../src/commissions/vest_commissions_for_team.js';
import { payoutSent } from '../../src/ledger/rules/ledger.js';
import { postTransfer } from '../../src/ledger/storage/ledger.js';
import type { Queryable } from '../../src/platform/db/database.js';
import { msPerDay } from '../../src/settings/rules/program_settings.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectLedgerBalanced, givenAffiliate, givenReferredTeam } from '../support/ledger_fixtures.js';

class RolledBack extends Error {}

/** Everything a posting can change, in posting order (entry ids differ between runs, order does not). */
async function ledgerSnapshot(db: Queryable) {
  return {
    transfers: await db.query(
      `SELECT id, kind, affiliate_id, commission_id, created_at, metadata FROM ledger_transfers ORDER BY id`,
    ),
    entries: await db.query(
      'SELECT transfer_id, affiliate_id, account, amount_cents FROM ledger_entries ORDER BY id',
    ),
    balances: await db.query(
      'SELECT affiliate_id, account, balance_cents, entries FROM ledger_account_balances ORDER BY 1, 2',
    ),
  };
}

describe('early-churn reversals in bulk', () => {
  let t: TestApp;
  const inputs: BulkReversalInput[] = [];
  const reversal = (commissionId: string, reversalId = 'early_churn') => ({
    commissionId,
    reversalId,
    cause: `churned early (${commissionId})`,
  });

  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-01-05T12:00:00Z') });
    const states = await givenAffiliate(t.context);
    const clawback = await givenAffiliate(t.context);
    const teamWith = async (affiliateId: string, tiers: Array<'tier1' | 'tier2'> = ['tier1']) => {
      const teamId = await givenReferredTeam(t.context, affiliateId);
      for (const tier of tiers) await grantCommission(t.context, { kind: 'milestone', teamId, tier });
      return teamId;
    };
    // One affiliate with a commission in each state a reversal starts from.
    const pending = await teamWith(states, ['tier1', 'tier2']);
    const vested = await teamWith(states);
    await vestCommissionsForTeam(t.context, { teamId: vested });
    const eligible = await teamWith(states);
    await makeCommissionsEligibleForTeam(t.context, { teamId: eligible });
    const partly = await teamWith(states);
    await reverseCommission(t.context, {
      commissionId: `tier1:${partly}`,
      reversalId: 'refund:1',
      cause: 'test',
      amountCents: 1_000,
    });
    const already = await teamWith(states);
    await reverseCommission(t.context, { ...reversal(`tier1:${already}`) });
    const whollyReversed = await teamWith(states);
    await reverseCommission(t.context, {
      commissionId: `tier1:${whollyReversed}`,
      reversalId: 'other',
      cause: 'test',
    });
    // Another with two released commissions, most of whose money was paid out: the first
    // reversal takes what is left in available and owes the rest, the second owes it all.
    const releasedFirst = await teamWith(clawback);
    const releasedSecond = await teamWith(clawback);
    const eligibleAt = t.clock.now();
    for (const teamId of [releasedFirst, releasedSecond, eligible]) {
      await makeCommissionsEligibleForTeam(t.context, { teamId, at: eligibleAt });
    }
    await releaseAvailableCommissions(t.context, { asOf: new Date(eligibleAt.getTime() + 30 * msPerDay) });
    await t.context.db.transaction((tx) =>
      postTransfer(
        tx,
        payoutSent({ affiliateId: clawback, payoutId: 'po_clawback', amountCents: 7_000, at: t.clock.now() }),
      ),
    );
    const stillEligible = await teamWith(clawback);
    await makeCommissionsEligibleForTeam(t.context, { teamId: stillEligible });

    inputs.push(
      reversal(`tier1:${pending}`),
      reversal(`tier2:${pending}`),
      reversal(`tier1:${vested}`),
      reversal(`tier1:${eligible}`),
      reversal(`tier1:${partly}`),
      reversal(`tier1:${already}`),
      reversal(`tier1:${whollyReversed}`),
      reversal(`tier1:${releasedFirst}`),
      reversal(`tier1:${stillEligible}`),
      reversal(`tier1:${releasedSecond}`),
      reversal(`tier1:${pending}`, 'second_look'),
    );
  }, 120_000);
  afterAll(async () => t.close());

  it('posts exactly the transfers, entries and balances that reversing one by one posts', async () => {
    const at = new Date('2026-03-01T02:00:00Z');
    const before = await ledgerSnapshot(t.context.db);
    let reference: { results: unknown[]; snapshot: Awaited<ReturnType<typeof ledgerSnapshot>> } | undefined;
    await t.context.db
      .transaction(async (tx) => {
        const results = [];
        for (const input of inputs) {
          const { reversedCents, owedCents, replayed, commission } = await reverseCommissionIn(tx, input, at);
          results.push({ commissionId: commission.id, reversedCents, owedCents, replayed });
        }
        await tx.query('SET CONSTRAINTS ALL IMMEDIATE');
        reference = { results, snapshot: await ledgerSnapshot(tx) };
        throw new RolledBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    expect(await ledgerSnapshot(t.context.db)).toEqual(before);

    const results = await t.context.db.transaction((tx) => reverseCommissionsInBulkIn(tx, inputs, at));
    expect(results).toEqual(reference!.results);
    expect(await ledgerSnapshot(t.context.db)).toEqual(reference!.snapshot);
    await expectLedgerBalanced(t.context);

    // The reference moved money from every state, owed some, replayed one and skipped the rest.
    const moved = results.filter((result) => result.reversedCents > 0);
    expect(moved.length).toBeGreaterThanOrEqual(7);
    expect(results.some((result) => result.owedCents > 0)).toBe(true);
    expect(results.filter((result) => result.replayed)).toHaveLength(1);
    expect(results.some((result) => result.reversedCents === 0 && !result.replayed)).toBe(true);
  });

  it('posts nothing more when run again: every reversal replays', async () => {
    const at = new Date('2026-03-02T02:00:00Z');
    const before = await ledgerSnapshot(t.context.db);
    const again = await t.context.db.transaction((tx) => reverseCommissionsInBulkIn(tx, inputs, at));
    expect(await ledgerSnapshot(t.context.db)).toEqual(before);
    const posted = again.filter((result) => result.reversedCents > 0);
    expect(posted.length).toBeGreaterThan(0);
    expect(posted.every((result) => result.replayed)).toBe(true);
    await expectLedgerBalanced(t.context);
  });

  it('refuses an unknown commission and writes nothing', async () => {
    const before = await ledgerSnapshot(t.context.db);
    await expect(
      t.context.db.transaction((tx) =>
        reverseCommissionsInBulkIn(tx, [reversal('tier1:team_missing'), ...inputs], new Date()),
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await ledgerSnapshot(t.context.db)).toEqual(before);
  });
});
