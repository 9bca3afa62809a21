import type { Context } from '../app/context.js';
import { grantMilestonesDue } from '../commissions/grant_milestones_due.js';
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
import { insertUsageBatches, loadUsageByDay, type UsageBatchesOutcome } from './storage/usage.js';
import { UsageWriteQueue } from './usage_write_queue.js';

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
    const outcome = await usageWriteQueueOf(context).write(events);
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
  }
  countIngestion(context, result);
  return result;
}

/**
 * Statements that write usage at once per process: one on PGlite (its single connection runs one
 * at a time anyway), two on PostgreSQL (one runs while the other waits for its commit's flush; at
 * load average 6, four were slower than two in both shapes and brought back row-lock waits on hot
 * teams and WAL-write contention). A statement carries up to 50 requests of 100 events.
 */
const writeLimitsByDatabase = {
  pglite: { eventsPerStatementMax: 5_000, statementsInFlightMax: 1 },
  postgres: { eventsPerStatementMax: 5_000, statementsInFlightMax: 2 },
} as const;

const writeQueues = new WeakMap<Context, UsageWriteQueue>();

/** The process's write queue of this context's database, made on first use. */
function usageWriteQueueOf(context: Context): UsageWriteQueue {
  let queue = writeQueues.get(context);
  if (!queue) {
    queue = new UsageWriteQueue(
      {
        store: (batches) => insertUsageBatches(context.db, batches),
        follow: (batches, outcome) => followStoredUsage(context, batches, outcome),
      },
      writeLimitsByDatabase[context.db.kind],
    );
    writeQueues.set(context, queue);
  }
  return queue;
}

/** Once batches are stored: activation of teams they took over the threshold, then milestones. */
async function followStoredUsage(
  context: Context,
  batches: ReadonlyArray<readonly UsageEvent[]>,
  outcome: UsageBatchesOutcome,
): Promise<void> {
  if (outcome.signedUpAcceptedIds.length > 0) {
    const acceptedIds = new Set(outcome.signedUpAcceptedIds);
    const accepted = batches.flat().filter((event) => acceptedIds.has(event.id));
    const settings = context.settings.at(context.clock.now());
    await activateTeamsCrossingThreshold(context, accepted, settings);
  }
  // Tier 1 and Tier 2 count active days, so only a team that gained one can newly meet them, at
  // most once a day per team; of those, only teams with a milestone due cost an evaluation.
  await grantMilestonesDue(context, outcome.newActiveDayTeamIds);
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

function countIngestion(context: Context, result: UsageIngestion): void {
  const counter = context.metrics.usageEvents;
  if (result.accepted) counter.inc({ result: 'accepted' }, result.accepted);
  if (result.duplicates) counter.inc({ result: 'duplicate' }, result.duplicates);
  if (result.ignored) counter.inc({ result: 'ignored' }, result.ignored);
  if (result.rejected.length) counter.inc({ result: 'rejected' }, result.rejected.length);
}
