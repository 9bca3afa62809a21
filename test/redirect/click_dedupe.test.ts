import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ClickDecision,
  clickCookie,
  clickIdFromCookieHeader,
  decideClicks,
  type NewClick,
  type StoredClick,
  visitorHash,
} from '../../src/tracking/rules/clicks.js';

const start = Date.parse('2026-01-05T12:00:00Z');
const minute = 60_000;

function click(id: string, atMinutes: number, overrides: Partial<NewClick> = {}): NewClick {
  return {
    id,
    linkId: 'lnk_a',
    tag: null,
    visitorHash: 'visitor-1',
    priorClickId: null,
    occurredAt: new Date(start + atMinutes * minute),
    ...overrides,
  };
}

/** What a stored click looks like once `decisions` were written. */
function stored(batch: readonly NewClick[], decisions: readonly ClickDecision[]): StoredClick[] {
  const byId = new Map(batch.map((entry) => [entry.id, entry]));
  return batch.map((entry, index) => {
    const countedClickId = decisions[index]!.repeatOfClickId ?? entry.id;
    return { ...entry, countedClickId, countedAt: byId.get(countedClickId)!.occurredAt };
  });
}

describe('click dedupe decisions', () => {
  const table: Array<{
    name: string;
    batch: NewClick[];
    counted: boolean[];
    repeatOf?: Array<string | null>;
  }> = [
    { name: 'a first click counts', batch: [click('c1', 0)], counted: [true] },
    {
      name: 'the same visitor on the same link and tag within the hour counts once',
      batch: [click('c1', 0), click('c2', 59)],
      counted: [true, false],
      repeatOf: [null, 'c1'],
    },
    {
      name: 'a click exactly one window later counts again',
      batch: [click('c1', 0), click('c2', 60)],
      counted: [true, true],
    },
    {
      name: 'the window runs from the last counted click, not the last click',
      batch: [click('c1', 0), click('c2', 30), click('c3', 61), click('c4', 90), click('c5', 121)],
      counted: [true, false, true, false, true],
      repeatOf: [null, 'c1', null, 'c3', null],
    },
    {
      name: 'another tag counts separately',
      batch: [click('c1', 0), click('c2', 1, { tag: 'post' }), click('c3', 2, { tag: 'post' })],
      counted: [true, true, false],
    },
    {
      name: 'another link counts separately',
      batch: [click('c1', 0), click('c2', 1, { linkId: 'lnk_b' })],
      counted: [true, true],
    },
    {
      name: 'another visitor counts separately',
      batch: [click('c1', 0), click('c2', 1, { visitorHash: 'visitor-2' })],
      counted: [true, true],
    },
    {
      name: 'a cookie naming an earlier counted click makes a new IP the same visitor',
      batch: [click('c1', 0), click('c2', 5, { visitorHash: 'visitor-2', priorClickId: 'c1' })],
      counted: [true, false],
      repeatOf: [null, 'c1'],
    },
    {
      name: 'a cookie chain through an uncounted click still finds the counted one',
      batch: [
        click('c1', 0),
        click('c2', 5, { visitorHash: 'visitor-2', priorClickId: 'c1' }),
        click('c3', 10, { visitorHash: 'visitor-3', priorClickId: 'c2' }),
      ],
      counted: [true, false, false],
      repeatOf: [null, 'c1', 'c1'],
    },
    {
      name: 'a cookie naming a click on another link does not dedupe',
      batch: [
        click('c1', 0, { linkId: 'lnk_b' }),
        click('c2', 5, { visitorHash: 'visitor-2', priorClickId: 'c1' }),
      ],
      counted: [true, true],
    },
    {
      name: 'a batch out of time order is decided in time order',
      batch: [click('c2', 10), click('c1', 0)],
      counted: [false, true],
      repeatOf: ['c1', null],
    },
  ];

  for (const row of table) {
    it(row.name, () => {
      const decisions = decideClicks([], row.batch, 60);
      expect(decisions.map((decision) => decision.counted)).toEqual(row.counted);
      if (row.repeatOf) expect(decisions.map((decision) => decision.repeatOfClickId)).toEqual(row.repeatOf);
    });
  }

  it('finds the counted click among clicks stored by earlier flushes', () => {
    const earlier = stored([click('c1', 0)], [{ counted: true, repeatOfClickId: null }]);
    expect(decideClicks(earlier, [click('c2', 59)], 60)).toEqual([{ counted: false, repeatOfClickId: 'c1' }]);
    expect(decideClicks(earlier, [click('c2', 60)], 60)).toEqual([{ counted: true, repeatOfClickId: null }]);
  });

  it('counts every click when the window is zero', () => {
    const decisions = decideClicks([], [click('c1', 0), click('c2', 0)], 0);
    expect(decisions.every((decision) => decision.counted)).toBe(true);
  });

  const clicksArbitrary = fc
    .array(
      fc.record({
        link: fc.constantFrom('lnk_a', 'lnk_b'),
        tag: fc.constantFrom(null, 'post'),
        visitor: fc.constantFrom('v1', 'v2', 'v3'),
        gapMinutes: fc.integer({ min: 0, max: 90 }),
        priorIndex: fc.option(fc.nat(), { nil: null }),
      }),
      { maxLength: 40 },
    )
    .map((drafts) => {
      let atMinutes = 0;
      return drafts.map((draft, index) => {
        atMinutes += draft.gapMinutes;
        const prior = draft.priorIndex === null || index === 0 ? null : `c${draft.priorIndex % index}`;
        return click(`c${index}`, atMinutes, {
          linkId: draft.link,
          tag: draft.tag,
          visitorHash: draft.visitor,
          priorClickId: prior,
        });
      });
    });

  it('ties a click to a later click another process stored first, whose cookie named it', () => {
    // Process B answered the visit from work (cookie naming c1) and wrote it before process A
    // wrote c1 itself: c1 repeats the counted click from work instead of counting a second time.
    const fromWork = click('c2', 5, { visitorHash: 'visitor-work', priorClickId: 'c1' });
    const earlier: StoredClick[] = [{ ...fromWork, countedClickId: 'c2', countedAt: fromWork.occurredAt }];
    expect(decideClicks(earlier, [click('c1', 0)], 60)).toEqual([{ counted: false, repeatOfClickId: 'c2' }]);
    // Only on the same link and tag, and only within the window.
    expect(decideClicks(earlier, [click('c1', 0, { tag: 'post' })], 60)).toEqual([
      { counted: true, repeatOfClickId: null },
    ]);
    expect(decideClicks(earlier, [click('c1', -60)], 60)).toEqual([{ counted: true, repeatOfClickId: null }]);
  });

  it('decides the same whether clicks arrive in one batch or across flushes', () => {
    fc.assert(
      fc.property(clicksArbitrary, fc.nat(), (clicks, cut) => {
        const whole = decideClicks([], clicks, 60);
        const split = cut % (clicks.length + 1);
        const first = decideClicks([], clicks.slice(0, split), 60);
        const second = decideClicks(stored(clicks.slice(0, split), first), clicks.slice(split), 60);
        expect([...first, ...second]).toEqual(whole);
      }),
    );
  });

  it('keeps counted clicks of one visitor, link and tag a full window apart, and every repeat near one', () => {
    fc.assert(
      fc.property(clicksArbitrary, (drafts) => {
        const clicks = drafts.map((entry) => ({ ...entry, priorClickId: null }));
        const decisions = decideClicks([], clicks, 60);
        const lastCounted = new Map<string, number>();
        clicks.forEach((entry, index) => {
          const key = `${entry.linkId}/${entry.tag}/${entry.visitorHash}`;
          const at = entry.occurredAt.getTime();
          const previous = lastCounted.get(key);
          const withinWindow = previous !== undefined && at - previous < 60 * minute;
          expect(decisions[index]!.counted).toBe(!withinWindow);
          if (!withinWindow) lastCounted.set(key, at);
        });
      }),
    );
  });
});

describe('visitor hash and click cookie', () => {
  it('hashes IP and user agent with the salt, never showing the IP', () => {
    const hash = visitorHash('salt-1', '203.0.113.7', 'Mozilla/5.0');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('203.0.113.7');
    expect(visitorHash('salt-2', '203.0.113.7', 'Mozilla/5.0')).not.toBe(hash);
    expect(visitorHash('salt-1', '203.0.113.8', 'Mozilla/5.0')).not.toBe(hash);
    expect(visitorHash('salt-1', '203.0.113.7', 'Mozilla/5.1')).not.toBe(hash);
  });

  it('writes the cookie with the window in seconds', () => {
    expect(clickCookie('clk_abc', 90)).toBe(
      'emd_click=clk_abc; Max-Age=7776000; Path=/; HttpOnly; SameSite=Lax',
    );
  });

  it('reads only a well-formed click id from the Cookie header', () => {
    const id = 'clk_0123456789abcdefghij';
    expect(clickIdFromCookieHeader(`a=1; emd_click=${id}; b=2`)).toBe(id);
    expect(clickIdFromCookieHeader(`emd_click=${id}`)).toBe(id);
    expect(clickIdFromCookieHeader(`xemd_click=${id}`)).toBeNull();
    expect(clickIdFromCookieHeader('emd_click=clk_short')).toBeNull();
    expect(clickIdFromCookieHeader("emd_click=clk_0123456789abcdefghi'")).toBeNull();
    expect(clickIdFromCookieHeader(undefined)).toBeNull();
  });
});
