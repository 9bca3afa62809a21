import { afterEach, describe, expect, it, vi } from 'vitest';
import { printResult } from '../../src/app/cli/output.js';

describe('printResult', () => {
  afterEach(() => vi.restoreAllMocks());

  function printed(result: unknown, json: boolean): string {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    printResult(result, { json });
    return write.mock.calls.map(([chunk]) => String(chunk)).join('');
  }

  it('prints one field: value line per leaf for people, nested fields dotted and list items numbered', () => {
    const result = {
      month: '2026-02',
      teams: { checked: 3, paid: 1 },
      listed: [{ id: 'a' }, { id: 'b' }],
      none: [],
      at: new Date('2026-03-01T00:00:00Z'),
    };
    expect(printed(result, false)).toBe(
      [
        'month: 2026-02',
        'teams.checked: 3',
        'teams.paid: 1',
        'listed[0].id: a',
        'listed[1].id: b',
        'none: (none)',
        'at: 2026-03-01T00:00:00.000Z',
        '',
      ].join('\n'),
    );
  });

  it('prints indented JSON with --json, which parses back to the result', () => {
    const result = { now: '2026-03-01T00:00:00.000Z', simulated: true, nested: { list: [1, 2] } };
    const text = printed(result, true);
    expect(JSON.parse(text)).toEqual(result);
    expect(text.endsWith('}\n')).toBe(true);
  });
});
