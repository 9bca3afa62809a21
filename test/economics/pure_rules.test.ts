import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const folder = join(import.meta.dirname, '../../src/economics');
/** The adapters: the only files here that may touch the file system, process or database. */
const adapters = new Set(['economics_command.ts']);
/** What a rule may import: its neighbours, zod, and other capabilities' pure formatting rules. */
const allowed = [/^\.\/[a-z_]+\.js$/, /^zod$/, /^\.\.\/payouts\/csv_format\.js$/];

function importsOf(source: string): string[] {
  return [...source.matchAll(/^import[^;]*?from '([^']+)';/gms)].map((match) => match[1]!);
}

describe('the economics rules are pure', () => {
  const rules = readdirSync(folder).filter((name) => name.endsWith('.ts') && !adapters.has(name));

  it.each(rules)('%s imports no I/O, clock or randomness', (name) => {
    const source = readFileSync(join(folder, name), 'utf8');
    for (const specifier of importsOf(source)) {
      expect(
        allowed.some((pattern) => pattern.test(specifier)),
        `${name} imports ${specifier}`,
      ).toBe(true);
    }
    expect(source).not.toMatch(/\b(process\.|Date\.now|new Date\(|Math\.random|console\.)/);
  });

  it('finds the rules it checks', () => {
    expect(rules).toContain('project_results.ts');
    expect(rules).toContain('project_agencies.ts');
  });
});
