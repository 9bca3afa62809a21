import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantCommission } from '../../src/commissions/grant_commission.js';
import { releaseAvailableCommissions } from '../../src/commissions/release_available_commissions.js';
import { readAffiliateBalances } from '../../src/ledger/storage/ledger.js';
import { exportCsvPayouts } from '../../src/payouts/export_csv_payouts.js';
import { importCsvPayouts } from '../../src/payouts/import_csv_payouts.js';
import { runPayouts } from '../../src/payouts/run_payouts.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate, signup } from '../support/attribution.js';
import { insertClick } from '../support/clicks.js';
import { expectLedgerBalanced, givenAffiliate, givenReferredTeam } from '../support/ledger_fixtures.js';
import { daysAfter, givenEligibleTeamCommissions, givenOpenFlag } from './support.js';

interface FlagView {
  id: string;
  kind: string;
  status: string;
  teamId: string | null;
  affiliate: { id: string; email: string } | null;
  team: { id: string; status: string } | null;
  commissions: { eligibleCents: number; availableCents: number; held: boolean } | null;
  decisions: Array<{ decision: string; note: string | null; decidedBy: string }>;
}

describe('fraud review decisions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-01-05T12:00:00Z') });
  });
  afterAll(async () => t.close());

  const decide = (flagId: string, payload: Record<string, unknown>) =>
    t.call({ method: 'POST', url: `/v1/admin/fraud-flags/${flagId}/decision`, payload });

  async function flag(flagId: string): Promise<FlagView> {
    const response = await t.call({ method: 'GET', url: '/v1/admin/fraud-flags?limit=1000' });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { flags: FlagView[] }).flags.find((found) => found.id === flagId)!;
  }

  const balances = (affiliateId: string) => readAffiliateBalances(t.context.db, affiliateId);

  async function payoutCents(affiliateId: string): Promise<number[]> {
    const rows = await t.context.db.query<{ amount_cents: number }>(
      'SELECT amount_cents FROM payouts WHERE affiliate_id = $1 ORDER BY created_at',
      [affiliateId],
    );
    return rows.map((row) => Number(row.amount_cents));
  }

  it('holds a flagged team past its availability date; release makes it available and the next run pays it', async () => {
    const affiliateId = await createAffiliate(t, 'hold@writer.dev');
    const link = await t.call({ method: 'POST', url: '/v1/links', payload: { affiliateId } });
    const linkId = (link.json() as { id: string }).id;
    const clickId = 'clk_console_hold';
    const clickedAt = new Date(t.clock.now().getTime() - 60_000);
    await insertClick(t.context.db, { id: clickId, linkId, affiliateId, occurredAt: clickedAt });
    const signed = await signup(t, { teamId: 'team_console_hold', email: 'x@mailinator.com', clickId });
    expect(signed.json()).toMatchObject({ attributed: true, affiliateId });
    const [opened] = await t.context.db.query<{ id: string }>(
      "SELECT id FROM fraud_flags WHERE team_id = 'team_console_hold'",
    );
    const flagId = opened!.id;
    await givenEligibleTeamCommissions(t.context, 'team_console_hold');

    const dueAt = daysAfter(t.clock.now(), 31);
    expect(await releaseAvailableCommissions(t.context, { asOf: dueAt })).toMatchObject({ released: 0 });
    await runPayouts(t.context, dueAt, { provider: null });
    expect(await payoutCents(affiliateId)).toEqual([]);
    expect(await balances(affiliateId)).toMatchObject({ eligibleCents: 30_000, availableCents: 0 });
    expect(await flag(flagId)).toMatchObject({
      kind: 'disposable_email',
      status: 'open',
      affiliate: { id: affiliateId, email: 'hold@writer.dev' },
      team: { id: 'team_console_hold' },
      commissions: { eligibleCents: 30_000, availableCents: 0, held: true },
    });

    await t.clock.advanceTo(dueAt);
    const released = await decide(flagId, { decision: 'release', note: 'real company behind the mailbox' });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({
      status: 'dismissed',
      decision: 'release',
      releasedCents: 30_000,
    });
    expect(await balances(affiliateId)).toMatchObject({ eligibleCents: 0, availableCents: 30_000 });
    const next = await runPayouts(t.context, daysAfter(dueAt, 1), { provider: null });
    expect(next.created).toBeGreaterThanOrEqual(1);
    expect(await payoutCents(affiliateId)).toEqual([30_000]);
    expect(await flag(flagId)).toMatchObject({
      status: 'dismissed',
      commissions: { held: false },
      decisions: [
        {
          decision: 'release',
          note: 'real company behind the mailbox',
          decidedBy: expect.stringMatching(/^key:/),
        },
      ],
    });

    const again = await decide(flagId, { decision: 'reverse' });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(await balances(affiliateId)).toMatchObject({ inTransitCents: 30_000 });
    await expectLedgerBalanced(t.context);
  });

  it('reverse takes back the team’s commissions through the ledger, paid ones as a clawback, and stops new ones', async () => {
    const affiliateId = await givenAffiliate(t.context);
    const teamId = await givenReferredTeam(t.context, affiliateId, { stages: ['paid'] });
    await grantCommission(t.context, { kind: 'milestone', teamId, tier: 'tier1' });
    await givenEligibleTeamCommissions(t.context, teamId);
    // Tier 1 is paid before anyone flags the team: release, pay out by CSV, import paid.
    const asOf = daysAfter(t.clock.now(), 31);
    await runPayouts(t.context, asOf, { provider: null });
    const exported = await exportCsvPayouts(t.context, { asOf });
    const paidRows = exported.csv
      .split('\n')
      .slice(1)
      .filter((line) => line.includes(affiliateId))
      .map((line) => `${line.split(',')[0]},paid,wire-1`);
    expect(paidRows).toHaveLength(1);
    await importCsvPayouts(t.context, `payout_id,status,reference\n${paidRows.join('\n')}\n`);
    expect(await balances(affiliateId)).toMatchObject({ paidCents: 30_000, availableCents: 0 });

    const flagId = await givenOpenFlag(t.context, { affiliateId, teamId, kind: 'self_referral' });
    const held = await decide(flagId, { decision: 'hold', note: 'asking the affiliate' });
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json()).toMatchObject({ status: 'open', decision: 'hold' });

    const reversed = await decide(flagId, { decision: 'reverse', note: 'same person' });
    expect(reversed.statusCode, reversed.body).toBe(200);
    expect(reversed.json()).toMatchObject({ status: 'confirmed', reversedCents: 30_000, owedCents: 30_000 });
    expect(await balances(affiliateId)).toMatchObject({ owedCents: 30_000, paidCents: 30_000 });
    expect(await flag(flagId)).toMatchObject({
      status: 'confirmed',
      team: { status: 'rejected' },
      decisions: [{ decision: 'hold' }, { decision: 'reverse', note: 'same person' }],
    });
    const later = await grantCommission(t.context, {
      kind: 'invoice',
      teamId,
      invoice: { id: 'in_after_fraud', amountCents: 90_000, paidAt: t.clock.now() },
      invoices: [{ id: 'in_after_fraud', amountCents: 90_000, paidAt: t.clock.now() }],
    });
    expect(later).toEqual({ granted: false, reason: 'not_referred' });
    const [reversals] = await t.context.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ledger_transfers WHERE id LIKE $1`,
      [`%:reversed:fraud_${flagId}`],
    );
    expect(Number(reversals!.n)).toBe(2);
    await expectLedgerBalanced(t.context);
  });

  it('a self-referral flag names a team nobody earns on: release dismisses it and moves no money', async () => {
    const affiliateId = await createAffiliate(t, 'self@selfco.dev');
    const link = await t.call({ method: 'POST', url: '/v1/links', payload: { affiliateId } });
    const linkId = (link.json() as { id: string }).id;
    const clickedAt = new Date(t.clock.now().getTime() - 60_000);
    await insertClick(t.context.db, { id: 'clk_console_self', linkId, affiliateId, occurredAt: clickedAt });
    const signed = await signup(t, {
      teamId: 'team_console_self',
      email: 'self@selfco.dev',
      clickId: 'clk_console_self',
    });
    expect(signed.json()).toMatchObject({ attributed: false });
    const [opened] = await t.context.db.query<{ id: string; kind: string }>(
      "SELECT id, kind FROM fraud_flags WHERE team_id = 'team_console_self'",
    );
    expect(opened!.kind).toBe('self_referral');
    const response = await decide(opened!.id, { decision: 'release' });
    expect(response.json()).toMatchObject({ status: 'dismissed', releasedCents: 0, reversedCents: 0 });
    expect(await flag(opened!.id)).toMatchObject({
      team: { status: 'rejected' },
      commissions: { held: false },
    });
  });

  it('answers domain disputes with 409 pointing to their resolve endpoint, and refuses bad requests', async () => {
    const affiliateId = await givenAffiliate(t.context);
    const flagId = await givenOpenFlag(t.context, { affiliateId, teamId: null, kind: 'domain_dispute' });
    const dispute = await decide(flagId, { decision: 'release' });
    expect(dispute.statusCode).toBe(409);
    expect(dispute.json()).toMatchObject({
      code: 'conflict',
      resolveWith: `/v1/admin/domain-disputes/${flagId}/resolve`,
    });
    expect((await flag(flagId)).status).toBe('open');

    expect((await decide('flg_nothing_here', { decision: 'release' })).statusCode).toBe(404);
    expect((await decide(flagId, { decision: 'approve' })).statusCode).toBe(400);
    expect((await decide(flagId, { decision: 'hold', extra: 1 })).statusCode).toBe(400);
    const anonymous = await t.call({
      method: 'POST',
      url: `/v1/admin/fraud-flags/${flagId}/decision`,
      payload: { decision: 'hold' },
      auth: null,
    });
    expect(anonymous.statusCode).toBe(401);
    const [decisions] = await t.context.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM fraud_flag_decisions WHERE flag_id = $1',
      [flagId],
    );
    expect(Number(decisions!.n)).toBe(0);
  });

  it('decides a flag once when two decisions race', async () => {
    const affiliateId = await givenAffiliate(t.context);
    const teamId = await givenReferredTeam(t.context, affiliateId, { stages: ['paid'] });
    await givenEligibleTeamCommissions(t.context, teamId);
    const flagId = await givenOpenFlag(t.context, { affiliateId, teamId });
    const answers = await Promise.all([
      decide(flagId, { decision: 'reverse' }),
      decide(flagId, { decision: 'release' }),
      decide(flagId, { decision: 'reverse' }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409, 409]);
    const [closing] = await t.context.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM fraud_flag_decisions WHERE flag_id = $1 AND decision <> 'hold'`,
      [flagId],
    );
    expect(Number(closing!.n)).toBe(1);
    const winner = answers.find((answer) => answer.statusCode === 200)!.json() as { decision: string };
    const after = await balances(affiliateId);
    expect(after.eligibleCents).toBe(winner.decision === 'reverse' ? 0 : 30_000);
    await expectLedgerBalanced(t.context);
  });
});
