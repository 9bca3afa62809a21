/**
 * The referral lifecycle (SPEC §5): linked → signed_up → activated → paid → sustained, with the
 * side exits churned and rejected. State is never stored on its own: it is the fold of the
 * appended events, and the cached `teams.status` must equal `replay(events).status`.
 */
export const lifecycleStages = ['linked', 'signed_up', 'activated', 'paid', 'sustained'] as const;
export const lifecycleExits = ['churned', 'rejected'] as const;
export const lifecycleEventTypes = [...lifecycleStages, ...lifecycleExits] as const;

export type LifecycleStage = (typeof lifecycleStages)[number];
export type LifecycleEventType = (typeof lifecycleEventTypes)[number];
export type LifecycleStatus = LifecycleEventType;

export interface LifecycleEvent {
  type: LifecycleEventType;
  occurredAt: Date;
}

export interface LifecycleState {
  status: LifecycleStatus | null;
  reached: ReadonlySet<LifecycleEventType>;
}

const stageRank: Record<LifecycleStage, number> = {
  linked: 0,
  signed_up: 1,
  activated: 2,
  paid: 3,
  sustained: 4,
};

export const emptyLifecycle: LifecycleState = { status: null, reached: new Set() };

/** What must already have happened before an event of this type may be appended. */
const prerequisite: Record<LifecycleEventType, LifecycleEventType | null> = {
  linked: null,
  signed_up: null,
  activated: 'signed_up',
  paid: 'signed_up',
  sustained: 'paid',
  churned: 'signed_up',
  rejected: null,
};

export type AppendVerdict =
  | { ok: true }
  | { ok: false; reason: 'already_reached' | 'terminal' | 'missing_prerequisite' };

/** Whether `type` may be appended now. Each type happens at most once; rejected and churned end it. */
export function canAppend(state: LifecycleState, type: LifecycleEventType): AppendVerdict {
  if (state.reached.has(type)) return { ok: false, reason: 'already_reached' };
  if (state.status === 'rejected' || state.status === 'churned') return { ok: false, reason: 'terminal' };
  const required = prerequisite[type];
  if (required !== null && !state.reached.has(required)) return { ok: false, reason: 'missing_prerequisite' };
  return { ok: true };
}

/** Applies one event; events that may not be appended leave the state as it was. */
export function applyEvent(state: LifecycleState, event: LifecycleEvent): LifecycleState {
  if (!canAppend(state, event.type).ok) return state;
  const reached = new Set(state.reached);
  reached.add(event.type);
  if (event.type === 'churned' || event.type === 'rejected') return { status: event.type, reached };
  const current = state.status;
  const status =
    current === null || stageRank[event.type] > stageRank[current as LifecycleStage] ? event.type : current;
  return { status, reached };
}

/** The state the events describe, applied in the order given (the order they were appended). */
export function replay(events: readonly LifecycleEvent[]): LifecycleState {
  return events.reduce(applyEvent, emptyLifecycle);
}

/** Statuses that take an attributed team out of the program: it earns nothing and is not counted. */
export const unreferredStatuses: readonly LifecycleStatus[] = ['rejected'];

/** A referred team: an affiliate is attributed to it and it was not rejected (SPEC §5). */
export function isReferredTeam(team: { affiliateId: string | null; status: string }): boolean {
  return team.affiliateId !== null && !(unreferredStatuses as readonly string[]).includes(team.status);
}
