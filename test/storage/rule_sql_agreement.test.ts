import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionIdFor, milestoneTiers, revenueShareTiers } from '../../src/commissions/rules/tiers.js';
import { commissionReversalTransferId } from '../../src/ledger/rules/ledger.js';
import { commissionIdSql, commissionReversalTransferIdSql } from '../../src/platform/db/embedded_id_sql.js';
import {
  isReferredTeam,
  lifecycleEventTypes,
  unreferredStatuses,
} from '../../src/referrals/rules/lifecycle.js';
import { referredTeamSql } from '../../src/referrals/storage/referred_team_sql.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const idFirstCharacters = 'ABCXYZabcxyz0189';
const idCharacters = `${idFirstCharacters}_.:-`;

/** A valid external id of 1 to `lengthMax` characters; long ones (past the verbatim bound) are common. */
function externalIdArbitrary(lengthMax: number) {
  return fc
    .tuple(
      fc.constantFrom(...idFirstCharacters),
      fc.oneof(
        fc.string({ unit: fc.constantFrom(...idCharacters), maxLength: 40 }),
        fc.string({
          unit: fc.constantFrom(...idCharacters),
          minLength: Math.min(190, lengthMax - 1),
          maxLength: lengthMax - 1,
        }),
      ),
    )
    .map(([first, rest]) => first + rest);
}

const runs = { numRuns: 20 };

describe('SQL twins of the id and referral rules give what the rules give', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.drop());

  it('commissionIdSql names a revenue share as commissionIdFor does, for short and long invoice ids', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...revenueShareTiers), externalIdArbitrary(255)), {
          minLength: 1,
          maxLength: 12,
        }),
        async (shares) => {
          const [row] = await database.db.query<{ ids: string[] }>(
            `SELECT array_agg(${commissionIdSql({ tier: 's.tier', invoiceId: 's.invoice_id' })} ORDER BY s.n) AS ids
               FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS s(tier, invoice_id, n)`,
            [shares.map(([tier]) => tier), shares.map(([, invoiceId]) => invoiceId)],
          );
          expect(row!.ids).toEqual(shares.map(([tier, invoiceId]) => commissionIdFor({ tier, invoiceId })));
        },
      ),
      runs,
    );
  });

  it('commissionIdSql names a milestone as commissionIdFor does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...milestoneTiers), externalIdArbitrary(128), async (tier, teamId) => {
        const [row] = await database.db.query<{ id: string }>(
          `SELECT ${commissionIdSql({ tier: '$1::text', teamId: '$2::text' })} AS id`,
          [tier, teamId],
        );
        expect(row!.id).toBe(commissionIdFor({ tier, teamId }));
      }),
      runs,
    );
  });

  it('commissionReversalTransferIdSql names a reversal as commissionReversalTransferId does', async () => {
    const reversalIdArbitrary = fc.oneof(
      fc.constant('early_churn'),
      fc.nat({ max: 100_000_000_000 }).map((cents) => `refund:${cents}`),
      externalIdArbitrary(40),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...revenueShareTiers),
        externalIdArbitrary(255),
        reversalIdArbitrary,
        async (tier, invoiceId, reversalId) => {
          const commissionId = commissionIdFor({ tier, invoiceId });
          const [row] = await database.db.query<{ id: string }>(
            `SELECT ${commissionReversalTransferIdSql('$1::text', '$2::text')} AS id`,
            [commissionId, reversalId],
          );
          expect(row!.id).toBe(commissionReversalTransferId(commissionId, reversalId));
        },
      ),
      runs,
    );
  });

  it('referredTeamSql finds the teams isReferredTeam calls referred', async () => {
    expect(unreferredStatuses).toContain('rejected');
    const teamArbitrary = fc.record({
      affiliateId: fc.option(fc.constant('aff_1'), { nil: null }),
      status: fc.constantFrom(...lifecycleEventTypes),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(teamArbitrary, { minLength: 1, maxLength: 16 }), async (teams) => {
        const [row] = await database.db.query<{ referred: boolean[] }>(
          `SELECT array_agg(${referredTeamSql('t', '$3')} ORDER BY t.n) AS referred
             FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(affiliate_id, status, n)`,
          [teams.map((team) => team.affiliateId), teams.map((team) => team.status), unreferredStatuses],
        );
        expect(row!.referred).toEqual(teams.map((team) => isReferredTeam(team)));
      }),
      runs,
    );
  });
});
