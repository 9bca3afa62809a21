import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantCommission } from '../../src/commissions/grant_commission.js';
import { makeCommissionsEligibleForTeam } from '../../src/commissions/make_commissions_eligible_for_team.js';
import { releaseAvailableCommissions } from '../../src/commissions/release_available_commissions.js';
import { reverseCommission } from '../../src/commissions/reverse_commission.js';
import { loadCommission } from '../../src/commissions/storage/commissions.js';
import { vestCommissionsForTeam } from '../../src/commissions/vest_commissions_for_team.js';
import { payoutPaid, payoutSent } from '../../src/ledger/rules/ledger.js';
import { postTransfer, readAffiliateBalances } from '../../src/ledger/storage/ledger.js';
import { AppError } from '../../src/platform/rules/errors.js';
import { msPerDay } from '../../src/settings/rules/program_settings.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testDatabaseKind } from '../support/database.js';
import {
  expectLedgerBalanced,
  givenAffiliate,
  givenReferredTeam,
  reachStage,
} from '../support/ledger_fixtures.js';

const daysLater = (date: Date, days: number) => new Date(date.getTime() + days * msPerDay);

describe('commission lifecycle', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-03-02T12:00:00Z') });
  });
  afterAll(async () => t.close());

  it('grants a milestone once, vests, makes eligible and releases after the payout delay', async () => {
    const affiliateId = await givenAffiliate(t.context);
    const teamId = await givenReferredTeam(t.context, affiliateId);
    const first = await grantCommission(t.context, { kind: 'milestone', teamId, tier: 'tier1' });
    const again = await grantCommission(t.context, { kind: 'milestone', teamId, tier: 'tier1' });
    expect(first).toMatchObject({
      granted: true,
      created: true,
      commission: { id: `tier1:${teamId}`, amountCents: 5_000 },
    });
    expect(again).toMatchObject({ granted: true, created: false, commission: { id: `tier1:${teamId}` } });
    expect(await readAffiliateBalances(t.context.db, affiliateId)).toMatchObject({ pendingCents: 5_000 });

    expect(await vestCommissionsForTeam(t.context, { teamId })).toEqual({ vested: 1 });
    expect(await vestCommissionsForTeam(t.context, { teamId })).toEqual({ vested: 0 });
    expect(await readAffiliateBalances(t.context.db, affiliateId)).toMatchObject({
      pendingCents: 0,
      vestedCents: 5_000,
    });

    const eligibleAt = t.clock.now();
    expect(await makeCommissionsEligibleForTeam(t.context, { teamId, at: eligibleAt })).toEqual({
      eligible: 1,
    });
    const early = await releaseAvailableCommissions(t.context, { asOf: daysLater(eligibleAt, 29.99) });
    expect(early.released).toBe(0);
    const onTime = await releaseAvailableCommissions(t.context, { asOf: daysLater(eligibleAt, 30) });
    expect(onTime).toMatchObject({ released: 1, releasedCents: 5_000 });
    const repeat = await releaseAvailableCommissions(t.context, { asOf: daysLater(eligibleAt, 31) });
    expect(repeat.released).toBe(0);
    expect(await readAffiliateBalances(t.context.db, affiliateId)).toMatchObject({
      eligibleCents: 0,
      availableCents: 5_000,
    });
    const commission = await loadCommission(t.context.db, `tier1:${teamId}`);
    expect(commission?.status).toMatchObject({ state: 'available', remainingCents: 5_000 });
    const transfers = await t.context.db.query<{ n: number }>(
      'SELECT count(*)::int8 AS n FROM ledger_transfers WHERE commission_id = $1',
      [`tier1:${teamId}`],
    );
    expect(transfers[0]!.n).toBe(4);
    await expectLedgerBalanced(t.context);
  });

  it('never grants milestones to agency teams, and pays them Tier 4 instead', async () => {
    const agencyId = await givenAffiliate(t.context, 'agency');
    const teamId = await givenReferredTeam(t.context, agencyId, { source: 'agency', stages: ['paid'] });
    expect(await grantCommission(t.context, { kind: 'milestone', teamId, tier: 'tier1' })).toEqual({
      granted: false,
      reason: 'not_earned_by_source',
    });
    const invoice = { id: `in_${teamId}`, amountCents: 20_000, paidAt: new Date('2026-03-01T00:00:00Z') };
    const granted = await grantCommission(t.context, {
      kind: 'invoice',
      teamId,
      invoice,
      invoices: [invoice],
    });
    expect(granted).toMatchObject({
      granted: true,
      commission: {
        id: `tier4:${invoice.id}`,
        tier: 'tier4',
        amountCents: 4_000,
        status: { state: 'vested' },
      },
    });
    await expectLedgerBalanced(t.context);
  });

  it('caps Tier 3 per affiliate per month and records what the cap cut', async () => {
    const affiliateId = await givenAffiliate(t.context);
    const teams = [
      await givenReferredTeam(t.context, affiliateId),
      await givenReferredTeam(t.context, affiliateId),
    ];
    const amounts: number[] = [];
    const capped: number[] = [];
    for (const [index, teamId] of teams.entries()) {
      const invoice = {
        id: `in_cap_${index}_${teamId}`,
        amountCents: 1_000_000,
        paidAt: new Date(`2026-04-0${index + 1}T00:00:00Z`),
      };
      const result = await grantCommission(t.context, {
        kind: 'invoice',
        teamId,
        invoice,
        invoices: [invoice],
      });
      if (!result.granted) throw new Error('expected a grant');
      amounts.push(result.commission.amountCents);
      capped.push(result.commission.cappedCents);
    }
    expect(amounts).toEqual([150_000, 50_000]);
    expect(capped).toEqual([0, 100_000]);
    const nextMonth = {
      id: `in_cap_may_${teams[0]}`,
      amountCents: 1_000_000,
      paidAt: new Date('2026-05-01T00:00:00Z'),
    };
    const may = await grantCommission(t.context, {
      kind: 'invoice',
      teamId: teams[0]!,
      invoice: nextMonth,
      invoices: [
        { id: `in_cap_0_${teams[0]}`, amountCents: 1_000_000, paidAt: new Date('2026-04-01T00:00:00Z') },
        nextMonth,
      ],
    });
    expect(may).toMatchObject({ granted: true, commission: { amountCents: 150_000, cappedCents: 0 } });
    expect(await readAffiliateBalances(t.context.db, affiliateId)).toMatchObject({ pendingCents: 350_000 });
    await expectLedgerBalanced(t.context);
  });

  it('records a commission capped to zero without posting it, and grants nothing outside the window', async () => {
    const affiliateId = await givenAffiliate(t.context);
    const teamId = await givenReferredTeam(t.context, affiliateId);
    const big = { id: `in_big_${teamId}`, amountCents: 2_000_000, paidAt: new Date('2026-06-01T00:00:00Z') };
    await grantCommission(t.context, { kind: 'invoice', teamId, invoice: big, invoices: [big] });
    const more = { id: `in_more_${teamId}`, amountCents: 1_000, paidAt: new Date('2026-06-02T00:00:00Z') };
    const capped = await grantCommission(t.context, {
      kind: 'invoice',
      teamId,
      invoice: more,
      invoices: [big, more],
    });
    expect(capped).toMatchObject({
      granted: true,
      commission: { amountCents: 0, cappedCents: 150, status: { state: 'capped' } },
    });
    const late = { id: `in_late_${teamId}`, amountCents: 1_000, paidAt: new Date('2026-12-01T00:00:00Z') };
    expect(
      await grantCommission(t.context, {
        kind: 'invoice',
        teamId,
        invoice: late,
        invoices: [big, more, late],
      }),
    ).toEqual({
      granted: false,
      reason: 'not_in_window',
    });
    const transfers = await t.context.db.query<{ n: number }>(
      'SELECT count(*)::int8 AS n FROM ledger_transfers WHERE commission_id = $1',
      [`tier3:${more.id}`],
    );
    expect(transfers[0]!.n).toBe(0);
    await expectLedgerBalanced(t.context);
  });

  it('refuses the same invoice id with a different amount', async () => {
    const affiliateId = await givenAffiliate(t.context);
    const teamId = await givenReferredTeam(t.context, affiliateId, { source: 'content' });
    const invoice = {
      id: `in_conflict_${teamId}`,
      amountCents: 10_000,
      paidAt: new Date('2026-03-01T00:00:00Z'),
    };
    await grantCommission(t.context, { kind: 'invoice', teamId, invoice, invoices: [invoice] });
    const changed = { ...invoice, amountCents: 20_000 };
    const error = await grantCommission(t.context, {
      kind: 'invoice',
      teamId,
      invoice: changed,
      invoices: [changed],
    }).catch((caught) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('idempotency_conflict');
    await expectLedgerBalanced(t.context);
  });

  it('reverses partial refunds proportionally, once per refund, never more than was earned', async () => {
    const affiliateId = await givenAffiliate(t.context);
    const teamId = await givenReferredTeam(t.context, affiliateId, { source: 'content' });
    const invoice = {
      id: `in_refund_${teamId}`,
      amountCents: 10_001,
      paidAt: new Date('2026-03-01T00:00:00Z'),
    };
    const granted = await grantCommission(t.context, {
      kind: 'invoice',
      teamId,
      invoice,
      invoices: [invoice],
    });
    expect(granted).toMatchObject({ commission: { tier: 'content', amountCents: 1_500 } });
    const commissionId = `content:${invoice.id}`;
    const half = await reverseCommission(t.context, {
      commissionId,
      reversalId: 're_1',
      cause: 'refund',
      refundedTotalCents: 5_000,
    });
    expect(half).toMatchObject({ reversedCents: 749, owedCents: 0, replayed: false });
    const replay = await reverseCommission(t.context, {
      commissionId,
      reversalId: 're_1',
      cause: 'refund',
      refundedTotalCents: 5_000,
    });
    expect(replay).toMatchObject({ reversedCents: 749, replayed: true });
    const rest = await reverseCommission(t.context, {
      commissionId,
      reversalId: 're_2',
      cause: 'refund',
      refundedTotalCents: 50_000,
    });
    expect(rest.reversedCents).toBe(751);
    expect(rest.commission.status).toMatchObject({
      state: 'reversed',
      reversedCents: 1_500,
      remainingCents: 0,
    });
    const nothing = await reverseCommission(t.context, {
      commissionId,
      reversalId: 're_3',
      cause: 'refund',
      refundedTotalCents: 50_000,
    });
    expect(nothing.reversedCents).toBe(0);
    expect(await readAffiliateBalances(t.context.db, affiliateId)).toMatchObject({
      pendingCents: 0,
      owedCents: 0,
    });
    await expectLedgerBalanced(t.context);
  });

  it('leaves an owed balance after a clawback of paid money, which the next release repays first', async () => {
    const affiliateId = await givenAffiliate(t.context);
    const teamId = await givenReferredTeam(t.context, affiliateId);
    await grantCommission(t.context, { kind: 'milestone', teamId, tier: 'tier1' });
    const eligibleAt = t.clock.now();
    await makeCommissionsEligibleForTeam(t.context, { teamId, at: eligibleAt });
    await releaseAvailableCommissions(t.context, { asOf: daysLater(eligibleAt, 30) });
    const payout = {
      affiliateId,
      payoutId: `po_${affiliateId}`,
      amountCents: 5_000,
      at: daysLater(eligibleAt, 31),
    };
    await t.context.db.transaction(async (tx) => {
      await postTransfer(tx, payoutSent(payout));
      await postTransfer(tx, payoutPaid(payout));
    });
    const clawback = await reverseCommission(t.context, {
      commissionId: `tier1:${teamId}`,
      reversalId: 'early_churn',
      cause: 'team churned within 30 days of paying',
    });
    expect(clawback).toMatchObject({ reversedCents: 5_000, owedCents: 5_000 });
    expect(await readAffiliateBalances(t.context.db, affiliateId)).toMatchObject({
      availableCents: 0,
      paidCents: 5_000,
      owedCents: 5_000,
    });
    await expectLedgerBalanced(t.context);

    const secondTeam = await givenReferredTeam(t.context, affiliateId);
    await grantCommission(t.context, { kind: 'milestone', teamId: secondTeam, tier: 'tier2' });
    const secondEligibleAt = daysLater(eligibleAt, 40);
    await makeCommissionsEligibleForTeam(t.context, { teamId: secondTeam, at: secondEligibleAt });
    const release = await releaseAvailableCommissions(t.context, { asOf: daysLater(secondEligibleAt, 30) });
    expect(release).toMatchObject({ released: 1, releasedCents: 25_000, repaidOwedCents: 5_000 });
    expect(await readAffiliateBalances(t.context.db, affiliateId)).toMatchObject({
      availableCents: 20_000,
      paidCents: 5_000,
      owedCents: 0,
    });
    await expectLedgerBalanced(t.context);
  });

  it('moves a commission granted after the team reached sustained straight to eligible', async () => {
    const affiliateId = await givenAffiliate(t.context);
    const teamId = await givenReferredTeam(t.context, affiliateId, { stages: ['paid'] });
    await reachStage(t.context, teamId, 'sustained');
    const granted = await grantCommission(t.context, { kind: 'milestone', teamId, tier: 'tier2' });
    expect(granted).toMatchObject({ commission: { status: { state: 'eligible' } } });
    expect(await readAffiliateBalances(t.context.db, affiliateId)).toMatchObject({
      eligibleCents: 25_000,
      pendingCents: 0,
    });
    await expectLedgerBalanced(t.context);
  });

  it.runIf(testDatabaseKind === 'postgres')(
    '20 concurrent grants of the same commission create one commission and one transfer',
    async () => {
      const affiliateId = await givenAffiliate(t.context);
      const teamId = await givenReferredTeam(t.context, affiliateId);
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          grantCommission(t.context, { kind: 'milestone', teamId, tier: 'tier1' }),
        ),
      );
      expect(results.filter((result) => result.granted && result.created)).toHaveLength(1);
      const [counts] = await t.context.db.query<{ commissions: number; transfers: number }>(
        `SELECT (SELECT count(*) FROM commissions WHERE team_id = $1)::int8 AS commissions,
                (SELECT count(*) FROM ledger_transfers WHERE commission_id = $2)::int8 AS transfers`,
        [teamId, `tier1:${teamId}`],
      );
      expect(counts).toEqual({ commissions: 1, transfers: 1 });
      expect(await readAffiliateBalances(t.context.db, affiliateId)).toMatchObject({ pendingCents: 5_000 });
      await expectLedgerBalanced(t.context);
    },
  );
});
