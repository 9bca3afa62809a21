import { describe, expect, it } from 'vitest';
import {
  canAppend,
  type LifecycleEventType,
  lifecycleEventTypes,
  replay,
} from '../../src/referrals/rules/lifecycle.js';

const t0 = new Date('2026-01-01T00:00:00Z');

function stateAfter(types: readonly LifecycleEventType[]) {
  return replay(types.map((type, index) => ({ type, occurredAt: new Date(t0.getTime() + index * 1000) })));
}

type Verdict = 'ok' | 'already_reached' | 'terminal' | 'missing_prerequisite';

/** Every event type after every history a referral can have; `ok` means the transition is allowed. */
const transitions: Array<{ history: LifecycleEventType[]; expected: Record<LifecycleEventType, Verdict> }> = [
  {
    history: [],
    expected: {
      linked: 'ok',
      signed_up: 'ok',
      activated: 'missing_prerequisite',
      paid: 'missing_prerequisite',
      sustained: 'missing_prerequisite',
      churned: 'missing_prerequisite',
      rejected: 'ok',
    },
  },
  {
    history: ['linked'],
    expected: {
      linked: 'already_reached',
      signed_up: 'ok',
      activated: 'missing_prerequisite',
      paid: 'missing_prerequisite',
      sustained: 'missing_prerequisite',
      churned: 'missing_prerequisite',
      rejected: 'ok',
    },
  },
  {
    history: ['linked', 'signed_up'],
    expected: {
      linked: 'already_reached',
      signed_up: 'already_reached',
      activated: 'ok',
      paid: 'ok',
      sustained: 'missing_prerequisite',
      churned: 'ok',
      rejected: 'ok',
    },
  },
  {
    history: ['signed_up'],
    expected: {
      linked: 'ok',
      signed_up: 'already_reached',
      activated: 'ok',
      paid: 'ok',
      sustained: 'missing_prerequisite',
      churned: 'ok',
      rejected: 'ok',
    },
  },
  {
    history: ['signed_up', 'activated'],
    expected: {
      linked: 'ok',
      signed_up: 'already_reached',
      activated: 'already_reached',
      paid: 'ok',
      sustained: 'missing_prerequisite',
      churned: 'ok',
      rejected: 'ok',
    },
  },
  {
    history: ['signed_up', 'paid'],
    expected: {
      linked: 'ok',
      signed_up: 'already_reached',
      activated: 'ok',
      paid: 'already_reached',
      sustained: 'ok',
      churned: 'ok',
      rejected: 'ok',
    },
  },
  {
    history: ['signed_up', 'activated', 'paid', 'sustained'],
    expected: {
      linked: 'ok',
      signed_up: 'already_reached',
      activated: 'already_reached',
      paid: 'already_reached',
      sustained: 'already_reached',
      churned: 'ok',
      rejected: 'ok',
    },
  },
  {
    history: ['signed_up', 'churned'],
    expected: {
      linked: 'terminal',
      signed_up: 'already_reached',
      activated: 'terminal',
      paid: 'terminal',
      sustained: 'terminal',
      churned: 'already_reached',
      rejected: 'terminal',
    },
  },
  {
    history: ['signed_up', 'rejected'],
    expected: {
      linked: 'terminal',
      signed_up: 'already_reached',
      activated: 'terminal',
      paid: 'terminal',
      sustained: 'terminal',
      churned: 'terminal',
      rejected: 'already_reached',
    },
  },
  {
    history: ['rejected'],
    expected: {
      linked: 'terminal',
      signed_up: 'terminal',
      activated: 'terminal',
      paid: 'terminal',
      sustained: 'terminal',
      churned: 'terminal',
      rejected: 'already_reached',
    },
  },
];

describe('lifecycle: every transition allowed or refused', () => {
  const rows = transitions.flatMap(({ history, expected }) =>
    lifecycleEventTypes.map((type) => ({
      history: history.join(' → ') || '(none)',
      events: history,
      type,
      verdict: expected[type],
    })),
  );
  it.each(rows)('after $history, $type is $verdict', ({ events, type, verdict }) => {
    const result = canAppend(stateAfter(events), type);
    expect(result).toEqual(verdict === 'ok' ? { ok: true } : { ok: false, reason: verdict });
  });
});

describe('lifecycle: status is the furthest stage, or the exit', () => {
  const cases: Array<{ events: LifecycleEventType[]; status: string | null }> = [
    { events: [], status: null },
    { events: ['linked'], status: 'linked' },
    { events: ['linked', 'signed_up'], status: 'signed_up' },
    { events: ['signed_up', 'linked'], status: 'signed_up' },
    { events: ['signed_up', 'paid', 'activated'], status: 'paid' },
    { events: ['signed_up', 'activated', 'paid', 'sustained'], status: 'sustained' },
    { events: ['signed_up', 'paid', 'churned'], status: 'churned' },
    { events: ['signed_up', 'rejected'], status: 'rejected' },
    // Refused events leave the state as it was.
    { events: ['activated'], status: null },
    { events: ['signed_up', 'sustained'], status: 'signed_up' },
    { events: ['signed_up', 'churned', 'paid'], status: 'churned' },
    { events: ['signed_up', 'signed_up', 'activated'], status: 'activated' },
  ];
  it.each(cases)('replay($events) → $status', ({ events, status }) => {
    const state = stateAfter(events);
    expect(state.status).toBe(status);
  });

  it('records which events were reached, refused ones excluded', () => {
    expect([...stateAfter(['activated', 'signed_up', 'sustained', 'paid']).reached].sort()).toEqual(
      ['paid', 'signed_up'].sort(),
    );
  });
});
