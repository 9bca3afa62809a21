import { evaluateTeamCommissionsIn } from '../commissions/evaluate_team_commissions.js';
import type { BillingEffect } from './billing_effect.js';

/**
 * Commissions follow billing in the transaction that stored it (SPEC §3, §6): a paid invoice
 * earns its revenue share, a refund reverses its part, `paid` vests and `sustained` makes
 * eligible, and a plan change (an upgrade) grants at once whatever the team now meets. Runs after
 * the lifecycle effect, so a `paid` appended by this very input already counts. The evaluation
 * reads all the team's facts, so duplicated and reordered inputs end the same.
 */
export const commissionsBillingEffect: BillingEffect = {
  name: 'commissions',
  async apply({ tx, context, facts, now }) {
    await evaluateTeamCommissionsIn(context, tx, facts.teamId, now, facts);
  },
};
