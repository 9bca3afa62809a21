import type { LifecycleEventType } from '../referrals/rules/lifecycle.js';
import type { LiveEventType } from './live_event.js';

/** The funnel's stages after the click, as the rollup columns that count them. */
export const funnelStageColumns = ['signups', 'activated', 'paid', 'sustained'] as const;
export type FunnelStageColumn = (typeof funnelStageColumns)[number];

const columnOfEvent: Partial<Record<LifecycleEventType, FunnelStageColumn>> = {
  signed_up: 'signups',
  activated: 'activated',
  paid: 'paid',
  sustained: 'sustained',
};

const liveTypeOfEvent: Partial<Record<LifecycleEventType, LiveEventType>> = {
  signed_up: 'signup',
  activated: 'activated',
  paid: 'paid',
  sustained: 'sustained',
};

/** The rollup column a lifecycle event counts in, or null when it is not a funnel stage. */
export function funnelColumnOf(type: LifecycleEventType): FunnelStageColumn | null {
  return columnOfEvent[type] ?? null;
}

export function liveTypeOf(type: LifecycleEventType): LiveEventType | null {
  return liveTypeOfEvent[type] ?? null;
}
