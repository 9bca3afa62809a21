import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountBalances,
  affiliateBalances,
  commissionCreated,
  commissionEligible,
  commissionReleased,
  commissionVested,
  payoutSent,
  type Transfer,
} from '../../src/ledger/rules/ledger.js';
import { postTransfer, readAffiliateBalances, verifyLedger } from '../../src/ledger/storage/ledger.js';
import { AppError } from '../../src/platform/rules/errors.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectLedgerBalanced, givenAffiliate, givenReferredTeam } from '../support/ledger_fixtures.js';

async function givenCommissionRow(t: TestApp, affiliateId: string, id: string, amountCents: number) {
  const teamId = await givenReferredTeam(t.context, affiliateId);
  await t.context.db.query(
    `INSERT INTO commissions (id, affiliate_id, team_id, tier, amount_cents, cause, earned_at, created_at)
     VALUES ($1, $2, $3, 'tier1', $4, 'test', now(), now())`,
    [id, affiliateId, teamId, amountCents],
  );
}

describe('ledger postings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('posts a transfer once: the same id and content replays, other content is refused', async () => {
    const affiliateId = await givenAffiliate(t.context);
    await givenCommissionRow(t, affiliateId, `c1_${affiliateId}`, 5_000);
    const transfer = commissionCreated({
      affiliateId,
      commissionId: `c1_${affiliateId}`,
      amountCents: 5_000,
      at: t.clock.now(),
      metadata: { tier: 'tier1' },
    });
    const first = await t.context.db.transaction((tx) => postTransfer(tx, transfer));
    expect(first.replayed).toBe(false);
    const again = await t.context.db.transaction((tx) =>
      postTransfer(tx, { ...transfer, createdAt: new Date(transfer.createdAt.getTime() + 60_000) }),
    );
    expect(again.replayed).toBe(true);
    expect(again.transfer.createdAt.toISOString()).toBe(transfer.createdAt.toISOString());
    expect(again.transfer.entries).toEqual(expect.arrayContaining(transfer.entries));
    const different: Transfer = {
      ...transfer,
      entries: [
        { account: 'pending', amountCents: 6_000 },
        { account: 'program_expense', amountCents: -6_000 },
      ],
    };
    const refused = await t.context.db
      .transaction((tx) => postTransfer(tx, different))
      .catch((error) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('idempotency_conflict');
    const rows = await t.context.db.query<{ n: number }>(
      'SELECT count(*)::int8 AS n FROM ledger_entries WHERE transfer_id = $1',
      [transfer.id],
    );
    expect(rows[0]!.n).toBe(2);
    expect(await readAffiliateBalances(t.context.db, affiliateId)).toMatchObject({ pendingCents: 5_000 });
    await expectLedgerBalanced(t.context);
  });

  it('refuses an unbalanced transfer in the database itself, even written with raw SQL', async () => {
    const affiliateId = await givenAffiliate(t.context);
    const before = await verifyLedger(t.context.db);
    const unbalanced = t.context.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ledger_transfers (id, kind, affiliate_id, created_at) VALUES ('raw_unbalanced', 'payout_sent', $1, now())`,
        [affiliateId],
      );
      await tx.query(
        `INSERT INTO ledger_entries (transfer_id, account, amount_cents) VALUES
           ('raw_unbalanced', 'available', -100), ('raw_unbalanced', 'in_transit', 99)`,
      );
    });
    await expect(unbalanced).rejects.toThrow(/unbalanced/);
    const empty = t.context.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ledger_transfers (id, kind, affiliate_id, created_at) VALUES ('raw_empty', 'payout_sent', $1, now())`,
        [affiliateId],
      );
    });
    await expect(empty).rejects.toThrow(/unbalanced/);
    const onlyOneLeg = t.context.db.query(
      `WITH transfer AS (
         INSERT INTO ledger_transfers (id, kind, affiliate_id, created_at) VALUES ('raw_one', 'payout_sent', $1, now()) RETURNING id)
       INSERT INTO ledger_entries (transfer_id, account, amount_cents) SELECT id, 'available', 100 FROM transfer`,
      [affiliateId],
    );
    await expect(onlyOneLeg).rejects.toThrow(/unbalanced/);
    const after = await verifyLedger(t.context.db);
    expect(after).toEqual(before);
    expect(after.balanced).toBe(true);
  });

  it('refuses any UPDATE, DELETE or TRUNCATE of ledger rows and any direct write to balances', async () => {
    const affiliateId = await givenAffiliate(t.context);
    await givenCommissionRow(t, affiliateId, `c2_${affiliateId}`, 700);
    const transfer = commissionCreated({
      affiliateId,
      commissionId: `c2_${affiliateId}`,
      amountCents: 700,
      at: t.clock.now(),
    });
    await t.context.db.transaction((tx) => postTransfer(tx, transfer));
    const attempts = [
      `UPDATE ledger_entries SET amount_cents = amount_cents * 2 WHERE transfer_id = '${transfer.id}'`,
      `DELETE FROM ledger_entries WHERE transfer_id = '${transfer.id}'`,
      `UPDATE ledger_transfers SET kind = 'payout_paid' WHERE id = '${transfer.id}'`,
      `DELETE FROM ledger_transfers WHERE id = '${transfer.id}'`,
      `UPDATE commissions SET amount_cents = 1 WHERE id = 'c2_${affiliateId}'`,
      `DELETE FROM commissions WHERE id = 'c2_${affiliateId}'`,
      'TRUNCATE ledger_entries CASCADE',
      'TRUNCATE ledger_transfers CASCADE',
      `UPDATE ledger_account_balances SET balance_cents = 0 WHERE affiliate_id = '${affiliateId}'`,
      `DELETE FROM ledger_account_balances WHERE affiliate_id = '${affiliateId}'`,
      `INSERT INTO ledger_account_balances (affiliate_id, account, balance_cents, entries) VALUES ('${affiliateId}', 'paid', 1, 1)`,
    ];
    for (const sql of attempts) {
      await expect(t.context.db.query(sql), sql).rejects.toThrow();
    }
    expect(await readAffiliateBalances(t.context.db, affiliateId)).toMatchObject({ pendingCents: 700 });
    await expectLedgerBalanced(t.context);
  });

  it('keeps balances equal to the sums of entries, in the query and in the materialized table', async () => {
    const affiliateId = await givenAffiliate(t.context);
    const transfers: Transfer[] = [];
    for (const [index, amountCents] of [1_234, 5_000, 99].entries()) {
      const commissionId = `c3_${index}_${affiliateId}`;
      await givenCommissionRow(t, affiliateId, commissionId, amountCents);
      const move = { affiliateId, commissionId, amountCents, at: t.clock.now() };
      transfers.push(commissionCreated(move));
      if (index < 2) transfers.push(commissionVested(move), commissionEligible(move));
      if (index < 1) transfers.push(commissionReleased({ ...move, owedCents: 0 }));
    }
    transfers.push(
      payoutSent({ affiliateId, payoutId: `po_${affiliateId}`, amountCents: 1_000, at: t.clock.now() }),
    );
    await t.context.db.transaction(async (tx) => {
      for (const transfer of transfers) await postTransfer(tx, transfer);
    });
    const expected = affiliateBalances(accountBalances(transfers.flatMap((transfer) => transfer.entries)));
    expect(expected).toEqual({
      pendingCents: 99,
      vestedCents: 0,
      eligibleCents: 5_000,
      availableCents: 234,
      inTransitCents: 1_000,
      paidCents: 0,
      owedCents: 0,
    });
    expect(await readAffiliateBalances(t.context.db, affiliateId)).toEqual(expected);
    const materialized = await t.context.db.query<{ account: string; balance_cents: number }>(
      'SELECT account, balance_cents FROM ledger_account_balances WHERE affiliate_id = $1',
      [affiliateId],
    );
    const table = Object.fromEntries(materialized.map((row) => [row.account, row.balance_cents]));
    expect(table).toMatchObject({
      pending: 99,
      eligible: 5_000,
      available: 234,
      in_transit: 1_000,
      program_expense: -6_333,
    });
    await expectLedgerBalanced(t.context);
  });

  it('reports an unbalanced ledger when a stored balance has drifted from its entries', async () => {
    const affiliateId = await givenAffiliate(t.context);
    await givenCommissionRow(t, affiliateId, `c4_${affiliateId}`, 300);
    await t.context.db.transaction((tx) =>
      postTransfer(
        tx,
        commissionCreated({
          affiliateId,
          commissionId: `c4_${affiliateId}`,
          amountCents: 300,
          at: t.clock.now(),
        }),
      ),
    );
    // Only an operator who switches the guard off can make it drift; verify must then say so.
    await t.context.db.exec(`
      ALTER TABLE ledger_account_balances DISABLE TRIGGER ledger_account_balances_guarded;
      UPDATE ledger_account_balances SET balance_cents = balance_cents + 1 WHERE affiliate_id = '${affiliateId}' AND account = 'pending';
      ALTER TABLE ledger_account_balances ENABLE TRIGGER ledger_account_balances_guarded;`);
    const verification = await verifyLedger(t.context.db);
    expect(verification).toMatchObject({ balanced: false, mismatchedAccounts: 1, unbalancedTransfers: 0 });
  });
});
