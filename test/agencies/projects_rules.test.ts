import { describe, expect, it } from 'vitest';
import {
  configurationBytesMax,
  configurationSchema,
  exampleConfiguration,
  sameConfiguration,
} from '../../src/agencies/rules/configuration.js';
import { diffConfigurations } from '../../src/agencies/rules/configuration_diff.js';

const base = structuredClone(exampleConfiguration);

describe('the configuration schema', () => {
  it('accepts the documented example and the smallest document', () => {
    expect(configurationSchema.safeParse(base).success).toBe(true);
    const smallest = { schemaVersion: 1, models: { default: 'm' }, rules: [], tools: { enabled: [] } };
    expect(configurationSchema.safeParse(smallest).success).toBe(true);
  });

  it.each([
    ['an unknown top-level property', { ...base, extra: 1 }, []],
    ['an unknown nested property', { ...base, limits: { monthlyApiCalls: 1, burst: 2 } }, ['limits']],
    ['a negative limit', { ...base, limits: { monthlyApiCalls: -1 } }, ['limits', 'monthlyApiCalls']],
    ['a fractional limit', { ...base, limits: { monthlyApiCalls: 1.5 } }, ['limits', 'monthlyApiCalls']],
    [
      'an unknown member role',
      { ...base, members: [{ email: 'a@b.example', role: 'owner' }] },
      ['members', 0, 'role'],
    ],
    [
      'the same member twice, whatever the case',
      {
        ...base,
        members: [
          { email: 'a@b.example', role: 'admin' },
          { email: 'A@b.example', role: 'viewer' },
        ],
      },
      ['members', 1, 'email'],
    ],
    ['a tool listed twice', { ...base, tools: { enabled: ['shell', 'shell'] } }, ['tools', 'enabled', 1]],
    ['an empty glob', { ...base, ignore: [''] }, ['ignore', 0]],
    ['a missing model', { ...base, models: {} }, ['models', 'default']],
  ])('refuses %s, naming its path', (_name, document, path) => {
    const result = configurationSchema.safeParse(document);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(path);
  });

  it(`refuses a document over ${configurationBytesMax} bytes as JSON`, () => {
    const rules = Array.from({ length: 17 }, (_, i) => ({
      id: `r${i}`,
      glob: '*',
      instructions: 'é'.repeat(2_000),
    }));
    const result = configurationSchema.safeParse({ ...base, rules });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(/at most 65536/);
  });

  it('compares documents without regard to key order', () => {
    const reordered = Object.fromEntries(Object.entries(base).reverse());
    expect(sameConfiguration(base, reordered)).toBe(true);
    expect(sameConfiguration(base, { ...base, ignore: [] })).toBe(false);
  });
});

describe('the readable diff', () => {
  it('is empty between equal documents', () => {
    expect(diffConfigurations(base, structuredClone(base))).toEqual({ changes: [], delta: null });
  });

  it('matches rules by id and members by email, and orders removals before additions', () => {
    const from = {
      ...base,
      rules: [
        { id: 'a', glob: '*', instructions: 'one' },
        { id: 'b', glob: '*', instructions: 'two' },
      ],
    };
    const to = {
      ...base,
      rules: [
        { id: 'b', glob: '*.md', instructions: 'two' },
        { id: 'c', glob: '*', instructions: 'three' },
      ],
      members: [{ email: 'lead@client.example', role: 'viewer' }],
      limits: { monthlyApiCalls: 200_000, concurrentSessions: 4 },
    };
    expect(diffConfigurations(from, to).changes).toEqual([
      { path: 'limits.concurrentSessions', op: 'added', after: 4 },
      { path: 'members[0].role', op: 'changed', before: 'admin', after: 'viewer' },
      { path: 'rules[0]', op: 'removed', before: { id: 'a', glob: '*', instructions: 'one' } },
      { path: 'rules[0].glob', op: 'changed', before: '*', after: '*.md' },
      { path: 'rules[1]', op: 'added', after: { id: 'c', glob: '*', instructions: 'three' } },
    ]);
  });

  it('reports a change of type as one change', () => {
    expect(diffConfigurations({ a: 1 }, { a: [1] }).changes).toEqual([
      { path: 'a', op: 'changed', before: 1, after: [1] },
    ]);
  });
});
