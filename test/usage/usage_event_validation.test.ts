import { describe, expect, it } from 'vitest';
import { validateUsageEvent } from '../../src/usage/rules/usage.js';

const now = new Date('2026-03-01T12:00:00Z');
const valid = { id: 'evt_1', teamId: 'team_1', apiCalls: 10, occurredAt: '2026-03-01T11:00:00Z' };
const verdict = (raw: unknown) => validateUsageEvent(raw, 7, now, 35);

describe('usage event validation', () => {
  it('accepts a well-formed event and parses its time', () => {
    expect(verdict(valid)).toEqual({
      ok: true,
      event: { ...valid, occurredAt: new Date('2026-03-01T11:00:00Z') },
    });
  });

  it.each([
    ['2026-01-25T12:00:00Z', true],
    ['2026-01-25T11:59:59.999Z', false],
    ['2026-03-01T12:05:00Z', true],
    ['2026-03-01T12:05:00.001Z', false],
    ['2026-03-01T14:00:00+02:00', true],
  ])('at the window edges, occurredAt %s accepted: %s', (occurredAt, accepted) => {
    expect(verdict({ ...valid, occurredAt }).ok).toBe(accepted);
  });

  it('names the reason and keeps the index', () => {
    const late = verdict({ ...valid, occurredAt: '2026-01-01T00:00:00Z' });
    expect(late).toMatchObject({ ok: false, rejection: { index: 7, reason: 'late' } });
    const future = verdict({ ...valid, occurredAt: '2026-03-02T00:00:00Z' });
    expect(future).toMatchObject({ ok: false, rejection: { index: 7, reason: 'in_future' } });
    expect(verdict({ ...valid, occurredAt: '2026-02-30T00:00:00Z' })).toMatchObject({ ok: false });
    expect(verdict({ ...valid, occurredAt: 1_767_000_000_000 })).toMatchObject({
      rejection: { reason: 'invalid_occurred_at' },
    });
    expect(verdict({ ...valid, apiCalls: Number.NaN })).toMatchObject({
      rejection: { reason: 'invalid_api_calls' },
    });
    expect(verdict({ ...valid, teamId: '' })).toMatchObject({ rejection: { reason: 'invalid_team_id' } });
  });
});
