import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantCommission } from '../../src/commissions/grant_commission.js';
import { reverseCommissionsIn } from '../../src/commissions/reverse_commission.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectLedgerBalanced, givenAffiliate, givenReferredTeam } from '../support/ledger_fixtures.js';

describe('every reversal is announced once through the one reversal use case', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-01-05T12:00:00Z') });
  });
  afterAll(async () => t.close());

  const events = () =>
    t.context.db.query<{ id: string; data: Record<string, unknown> }>(
      "SELECT id, data FROM webhook_events WHERE type = 'commission.reversed' ORDER BY id",
    );

  it('announces a bulk batch and a partial reversal with their causes, and nothing again on a rerun', async () => {
    const affiliateId = await givenAffiliate(t.context);
    const teams = [
      await givenReferredTeam(t.context, affiliateId),
      await givenReferredTeam(t.context, affiliateId),
    ];
    for (const teamId of teams)
      await grantCommission(t.context, { kind: 'milestone', teamId, tier: 'tier1' });
    const [first, second] = teams.map((teamId) => `tier1:${teamId}`) as [string, string];
    const at = new Date('2026-02-01T02:00:00Z');
    const batch = [
      {
        commissionId: first,
        reversalId: 'early_churn',
        cause: 'team churned 3 day(s) after first paying',
        announcedCause: 'early_churn',
        details: { paidAt: '2026-01-06T00:00:00.000Z', churnedAt: '2026-01-09T00:00:00.000Z' },
      },
      { commissionId: second, reversalId: 'correction', cause: 'fraud review', amountCents: 1_000 },
    ];
    const run = () => t.context.db.transaction((tx) => reverseCommissionsIn(t.context, tx, batch, at));

    const outcomes = await run();
    expect(outcomes).toEqual([
      { commissionId: first, reversedCents: 5_000, owedCents: 0, replayed: false },
      { commissionId: second, reversedCents: 1_000, owedCents: 0, replayed: false },
    ]);
    // Whole reversals only: the set-based bulk path, announced the same way.
    const whole = await t.context.db.transaction((tx) =>
      reverseCommissionsIn(
        t.context,
        tx,
        [
          {
            commissionId: second,
            reversalId: 'early_churn',
            cause: 'churned',
            announcedCause: 'early_churn',
          },
          batch[0]!,
        ],
        at,
      ),
    );
    expect(whole.map((outcome) => [outcome.reversedCents, outcome.replayed])).toEqual([
      [4_000, false],
      [5_000, true],
    ]);
    expect(await events()).toEqual(
      [
        {
          id: `commission.reversed:${first}:early_churn`,
          data: {
            commissionId: first,
            teamId: teams[0],
            tier: 'tier1',
            reversedCents: 5_000,
            owedCents: 0,
            cause: 'early_churn',
            paidAt: '2026-01-06T00:00:00.000Z',
            churnedAt: '2026-01-09T00:00:00.000Z',
          },
        },
        {
          id: `commission.reversed:${second}:correction`,
          data: expect.objectContaining({ reversedCents: 1_000, cause: 'fraud review' }),
        },
        {
          id: `commission.reversed:${second}:early_churn`,
          data: expect.objectContaining({ reversedCents: 4_000, cause: 'early_churn' }),
        },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );

    const again = await run();
    expect(again.every((outcome) => outcome.replayed)).toBe(true);
    expect(await events()).toHaveLength(3);
    await expectLedgerBalanced(t.context);
  });

  it('refuses a bad amount before writing anything', async () => {
    const before = await events();
    await expect(
      t.context.db.transaction((tx) =>
        reverseCommissionsIn(
          t.context,
          tx,
          [{ commissionId: 'tier1:none', reversalId: 'x', cause: 'x', amountCents: 0.5 }],
          new Date(),
        ),
      ),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await events()).toEqual(before);
  });
});
