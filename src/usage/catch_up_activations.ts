import type { Context } from '../app/context.js';
import { loadSignedUpReferredTeamIds } from '../referrals/storage/teams.js';
import { activateTeam } from './activate_team.js';
import { activationCause, findActivationDay } from './rules/activation.js';
import { utcDay } from './rules/usage.js';
import { loadTeamIdsWithUsageReaching, loadUsageByDay } from './storage/usage.js';

const teamsPerBatchMax = 500;

/**
 * Sweep step: activates referred teams still `signed_up` that meet the activation rule in force
 * at `asOf`, counting usage up to `asOf`'s UTC day — teams that ingestion did not take over the
 * threshold, e.g. because the program switched rule or lowered it. Idempotent.
 */
export async function catchUpActivations(context: Context, asOf: Date): Promise<{ teamsActivated: number }> {
  await context.settings.fresh();
  const settings = context.settings.at(asOf);
  const ruleFrom = context.settings.versionAt(asOf)?.effectiveFrom ?? new Date(0);
  const toDay = utcDay(asOf);
  let teamsActivated = 0;
  let afterTeamId = '';
  for (;;) {
    // Walk the teams still waiting, a batch at a time, so the work grows linearly with them.
    const batch = await loadSignedUpReferredTeamIds(context.db, afterTeamId, teamsPerBatchMax);
    if (batch.length === 0) break;
    afterTeamId = batch[batch.length - 1]!;
    // A coarse filter in SQL; the domain rule below decides and finds the day it held.
    const teamIds = await loadTeamIdsWithUsageReaching(context.db, batch, toDay, {
      apiCallsMin:
        settings.activationRule === 'api_calls' ? settings.activationApiCalls : Number.MAX_SAFE_INTEGER,
      activeDaysMin:
        settings.activationRule === 'active_days' ? settings.activationActiveDays : Number.MAX_SAFE_INTEGER,
    });
    const usageByTeam = teamIds.length > 0 ? await loadUsageByDay(context.db, teamIds, { toDay }) : new Map();
    for (const teamId of teamIds) {
      const days = [...usageByTeam.get(teamId)!].map(([day, apiCalls]) => ({ day, apiCalls }));
      const reached = findActivationDay(days, settings);
      if (!reached) continue;
      // Only day sums remain: the rule held during that day, and not before the rule was in force.
      const dayStartMs = Date.parse(`${reached.day}T00:00:00Z`);
      const occurredAtMs = Math.min(Math.max(dayStartMs, ruleFrom.getTime()), asOf.getTime());
      const activated = await activateTeam(context, {
        teamId,
        cause: activationCause(settings),
        occurredAt: new Date(occurredAtMs),
        totals: reached.totals,
        data: { rule: settings.activationRule, reachedOnDay: reached.day, caughtUpAsOf: asOf.toISOString() },
      });
      if (activated) teamsActivated += 1;
    }
    if (batch.length < teamsPerBatchMax) break;
  }
  return { teamsActivated };
}
