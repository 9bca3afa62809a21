import { expect } from 'vitest';
import type { Context } from '../../src/app/context.js';
import type { ReferralSource } from '../../src/commissions/rules/tiers.js';
import { verifyLedger } from '../../src/ledger/storage/ledger.js';
import { createAffiliate } from '../../src/partners/create_affiliate.js';
import type { LifecycleEventType } from '../../src/referrals/rules/lifecycle.js';
import { appendReferralEvent } from '../../src/referrals/storage/referral_events.js';

let sequence = 0;

export async function givenAffiliate(
  context: Context,
  kind: 'developer' | 'agency' = 'developer',
): Promise<string> {
  sequence += 1;
  const affiliate = await createAffiliate(context, {
    email: `partner${sequence}-${Date.now()}@partner${sequence}.example`,
    name: `Partner ${sequence}`,
    kind,
  });
  return affiliate.id;
}

/** A referred team, inserted directly (attribution is not what these tests are about). */
export async function givenReferredTeam(
  context: Context,
  affiliateId: string,
  options: { source?: ReferralSource; stages?: LifecycleEventType[] } = {},
): Promise<string> {
  sequence += 1;
  const teamId = `team_${sequence}_${Date.now()}`;
  const now = context.clock.now();
  await context.db.query(
    `INSERT INTO teams (id, email, email_domain, affiliate_id, source, rule, status, evidence, signed_up_at, created_at)
     VALUES ($1, $2, 'client.example', $3, $4, 'click', 'signed_up', '{}'::jsonb, $5, $5)`,
    [teamId, `owner@${teamId}.example`, affiliateId, options.source ?? 'direct_link', now],
  );
  for (const type of ['signed_up', ...(options.stages ?? [])] as LifecycleEventType[]) {
    await reachStage(context, teamId, type);
  }
  return teamId;
}

export async function reachStage(context: Context, teamId: string, type: LifecycleEventType): Promise<void> {
  const now = context.clock.now();
  await context.db.transaction((tx) =>
    appendReferralEvent(tx, { teamId, type, cause: 'test', occurredAt: now, recordedAt: now }),
  );
}

/** Every test that writes money ends by checking the whole ledger. */
export async function expectLedgerBalanced(context: Context): Promise<void> {
  const verification = await verifyLedger(context.db);
  expect(verification).toMatchObject({ balanced: true, unbalancedTransfers: 0, mismatchedAccounts: 0 });
}
