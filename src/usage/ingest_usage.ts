import type { Context } from '../app/context.js';
import { evaluateTeamCommissions } from '../commissions/evaluate_team_commissions.js';
import { teamsAwaitingMilestones } from '../commissions/storage/commissions.js';
import { AppError } from '../platform/rules/errors.js';
import { activateTeam } from './activate_team.js';
import {
  type ActivationSettings,
  activationCause,
  findActivatingEvent,
  usageByDayWithout,
} from './rules/activation.js';
import {
  type UsageEvent,
  type UsageRejection,
  usageEventsPerRequestMax,
  validateUsageEvent,
} from './rules/usage.js';
import { insertUsageBatch, loadUsageByDay } from './storage/usage.js';

export interface UsageIngestion {
  accepted: number;
  duplicates: number;
  ignored: number;
  rejected: UsageRejection[];
}

/**
 * Records a batch of usage events (SPEC §12 `POST /v1/track/usage`). Each event is checked on its
 * own, so good events are kept while bad ones are reported by index. An id counts once, ever: within
 * the batch the first copy wins, across batches the primary key of usage_events decides.
 */
export async function ingestUsage(context: Context, rawEvents: readonly unknown[]): Promise<UsageIngestion> {
  if (rawEvents.length > usageEventsPerRequestMax) {
    throw new AppError('validation_failed', `send at most ${usageEventsPerRequestMax} events a request`, {
      path: 'events',
    });
  }
  const now = context.clock.now();
  const settings = (await context.settings.fresh()).at(now);
  const rejected: UsageRejection[] = [];
  const unique = new Map<string, { event: UsageEvent; index: number }>();
  let duplicates = 0;
  rawEvents.forEach((raw, index) => {
    const verdict = validateUsageEvent(raw, index, now, settings.usageDedupeWindowDays);
    if (!verdict.ok) rejected.push(verdict.rejection);
    else if (unique.has(verdict.event.id)) duplicates += 1;
    else unique.set(verdict.event.id, { event: verdict.event, index });
  });
  const result: UsageIngestion = { accepted: 0, duplicates, ignored: 0, rejected };
  if (unique.size > 0) {
    const events = [...unique.values()].map((entry) => entry.event);
    const outcome = await insertUsageBatch(context.db, events);
    for (const id of outcome.lateIds) {
      rejected.push({
        index: unique.get(id)!.index,
        reason: 'late',
        message: 'occurredAt is older than the usage ids still remembered',
      });
    }
    rejected.sort((a, b) => a.index - b.index);
    result.accepted = outcome.accepted;
    result.duplicates += outcome.referred - outcome.accepted;
    result.ignored = events.length - outcome.lateIds.length - outcome.referred;
    if (outcome.signedUpAcceptedIds.length > 0) {
      const accepted = outcome.signedUpAcceptedIds.map((id) => unique.get(id)!.event);
      await activateTeamsCrossingThreshold(context, accepted, settings);
    }
    if (outcome.newActiveDayTeamIds.length > 0) {
      await grantMilestonesOfNewActiveDays(context, outcome.newActiveDayTeamIds);
    }
  }
  countIngestion(context, result);
  return result;
}

/** Teams still `signed_up` whose new events take them over the activation threshold. */
async function activateTeamsCrossingThreshold(
  context: Context,
  accepted: readonly UsageEvent[],
  settings: ActivationSettings,
): Promise<void> {
  const eventsByTeam = new Map<string, UsageEvent[]>();
  for (const event of accepted) {
    const teamEvents = eventsByTeam.get(event.teamId);
    if (teamEvents) teamEvents.push(event);
    else eventsByTeam.set(event.teamId, [event]);
  }
  // Read after the batch committed, so of two concurrent batches at least the later one sees both.
  const usageByTeam = await loadUsageByDay(context.db, [...eventsByTeam.keys()]);
  for (const [teamId, events] of eventsByTeam) {
    const prior = usageByDayWithout(usageByTeam.get(teamId)!, events);
    const crossing = findActivatingEvent(prior, events, settings);
    if (!crossing) continue;
    await activateTeam(context, {
      teamId,
      cause: activationCause(settings),
      occurredAt: crossing.event.occurredAt,
      totals: crossing.totals,
      data: { rule: settings.activationRule, usageEventId: crossing.event.id },
    });
  }
}

/**
 * Tier 1 and Tier 2 count active days, so only a team that gained one can newly meet them, at most
 * once a day per team: the common batch (days already active) costs nothing more.
 */
async function grantMilestonesOfNewActiveDays(context: Context, teamIds: readonly string[]): Promise<void> {
  for (const teamId of await teamsAwaitingMilestones(context.db, teamIds)) {
    await evaluateTeamCommissions(context, teamId);
  }
}

function countIngestion(context: Context, result: UsageIngestion): void {
  const counter = context.metrics.usageEvents;
  if (result.accepted) counter.inc({ result: 'accepted' }, result.accepted);
  if (result.duplicates) counter.inc({ result: 'duplicate' }, result.duplicates);
  if (result.ignored) counter.inc({ result: 'ignored' }, result.ignored);
  if (result.rejected.length) counter.inc({ result: 'rejected' }, result.rejected.length);
}
