import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canAppend,
  type LifecycleEventType,
  lifecycleEventTypes,
  replay,
} from '../../src/referrals/rules/lifecycle.js';
import { appendReferralEvent, loadReferralEvents } from '../../src/referrals/storage/referral_events.js';
import { trackSignup } from '../../src/referrals/track_signup.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate, createLink } from '../support/attribution.js';
import { insertClick } from '../support/clicks.js';

const minuteMs = 60_000;

const stepArbitrary = fc.record({
  type: fc.constantFrom(...lifecycleEventTypes),
  offsetMinutes: fc.integer({ min: -60 * 24 * 30, max: 60 * 24 * 365 }),
});
/** How the team starts: a plain signup, a click-attributed one, or a refused self-referral. */
const startArbitrary = fc.constantFrom('unattributed', 'click', 'self_referral');

describe('referral events: the cached status always equals the replay', () => {
  let t: TestApp;
  let affiliateId: string;
  let linkId: string;
  let teamNumber = 0;

  beforeAll(async () => {
    t = await startTestApp();
    affiliateId = await createAffiliate(t, 'dev@gmail.com');
    linkId = (await createLink(t, affiliateId)).id;
  });
  afterAll(async () => t.close());

  async function newTeam(start: string): Promise<string> {
    teamNumber += 1;
    const teamId = `team_prop_${teamNumber}`;
    const clickId = `clk_prop_${teamNumber}`;
    await insertClick(t.context.db, {
      id: clickId,
      linkId,
      affiliateId,
      occurredAt: new Date(t.clock.now().getTime() - minuteMs),
    });
    const email = start === 'self_referral' ? 'dev@gmail.com' : `p${teamNumber}@gmail.com`;
    const answer = await trackSignup(t.context, {
      teamId,
      email,
      ...(start === 'unattributed' ? {} : { clickId }),
    });
    expect(answer.attributed).toBe(start === 'click');
    return teamId;
  }

  async function storedStatusAndReplay(teamId: string) {
    const [row] = await t.context.db.query<{ status: string }>('SELECT status FROM teams WHERE id = $1', [
      teamId,
    ]);
    const events = await loadReferralEvents(t.context.db, teamId);
    return { cached: row!.status, replayed: replay(events).status, state: replay(events) };
  }

  function append(teamId: string, type: LifecycleEventType, offsetMinutes: number) {
    const occurredAt = new Date(t.clock.now().getTime() + offsetMinutes * minuteMs);
    return t.context.db.transaction((tx) =>
      appendReferralEvent(tx, { teamId, type, cause: 'property', occurredAt, recordedAt: t.clock.now() }),
    );
  }

  it('after every append of a random sequence, and appends happen exactly when allowed', async () => {
    await fc.assert(
      fc.asyncProperty(startArbitrary, fc.array(stepArbitrary, { maxLength: 12 }), async (start, steps) => {
        const teamId = await newTeam(start);
        let before = await storedStatusAndReplay(teamId);
        expect(before.cached).toBe(before.replayed);
        for (const step of steps) {
          const allowed = canAppend(before.state, step.type).ok;
          const result = await append(teamId, step.type, step.offsetMinutes);
          expect(result !== null).toBe(allowed);
          const after = await storedStatusAndReplay(teamId);
          expect(after.cached).toBe(after.replayed);
          if (result) expect(result.status).toBe(after.replayed);
          before = after;
        }
      }),
      { numRuns: 40 },
    );
  });

  it('after random events appended concurrently to one team', async () => {
    await fc.assert(
      fc.asyncProperty(
        startArbitrary,
        fc.array(stepArbitrary, { minLength: 2, maxLength: 10 }),
        async (start, steps) => {
          const teamId = await newTeam(start);
          await Promise.all(steps.map((step) => append(teamId, step.type, step.offsetMinutes)));
          const after = await storedStatusAndReplay(teamId);
          expect(after.cached).toBe(after.replayed);
          const types = (await loadReferralEvents(t.context.db, teamId)).map((event) => event.type);
          expect(new Set(types).size).toBe(types.length);
        },
      ),
      { numRuns: 25 },
    );
  });
});
