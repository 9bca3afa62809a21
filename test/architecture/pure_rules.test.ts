import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

/** Folders whose every file is a pure rule (sub-folders included): every capability's `rules/`. */
const pureFolders = readdirSync(join(root, 'src'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, 'src', entry.name, 'rules')))
  .map((entry) => `src/${entry.name}/rules`);

/** Libraries a rule may import: they compute, and touch no I/O, clock or randomness. */
const pureLibraries = new Set([
  'zod',
  'cron-parser',
  'csv-parse/sync',
  'csv-stringify/sync',
  'isbot',
  'jsondiffpatch',
]);
/** What node:crypto offers a rule: hashing only, never random bytes. */
const hashingNames = new Set(['createHash', 'createHmac', 'hash']);
/** Static lists a rule may load with `createRequire` (data files shipped in packages). */
const staticLists = new Set(['email-providers/all.json', 'disposable-email-domains']);

/** Sources that read the process, the clock or randomness, or print. */
const impureExpressions: [string, RegExp][] = [
  ['the environment or process', /\bprocess\./],
  ['the clock', /\bDate\.now\b|\bnew Date\(\s*\)|\bperformance\.now\b/],
  ['randomness', /\bMath\.random\b|\brandom(Bytes|UUID|Int)\b|\bgetRandomValues\b/],
  ['the console', /\bconsole\./],
  ['timers', /\bset(Timeout|Interval|Immediate)\(/],
  ['the network', /\bfetch\(/],
];

function filesUnder(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

const pureRules = pureFolders.flatMap(filesUnder).sort();
const pureRuleSet = new Set(pureRules);

/** Every module a file loads: static imports, re-exports, `import()` and `require()`. */
function specifiersOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

/** Why `specifier`, imported by `file`, is not pure; undefined when it is. */
function impurityOf(file: string, specifier: string, source: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = relative(root, resolve(root, dirname(file), specifier.replace(/\.js$/, '.ts')));
    return pureRuleSet.has(target) ? undefined : `${specifier} is not a pure rule`;
  }
  if (pureLibraries.has(specifier) || staticLists.has(specifier)) return undefined;
  if (specifier === 'node:crypto') {
    const names = [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'node:crypto'/g)].flatMap((match) =>
      match[1]!.split(',').map((name) => name.trim().split(/\s+as\s+/)[0]!),
    );
    const others = names.filter((name) => name && !hashingNames.has(name));
    return names.length > 0 && others.length === 0
      ? undefined
      : `node:crypto beyond hashing (${others.join(', ')})`;
  }
  if (specifier === 'node:module') {
    return /\bcreateRequire\b/.test(source) ? undefined : 'node:module beyond createRequire';
  }
  return `${specifier} is not a pure library`;
}

describe('pure rules import nothing impure', () => {
  it.each(pureRules)('%s reads no database, HTTP, file, environment, clock or randomness', (file) => {
    const source = readFileSync(join(root, file), 'utf8');
    const problems = specifiersOf(source)
      .map((specifier) => impurityOf(file, specifier, source))
      .filter((problem) => problem !== undefined);
    for (const [what, pattern] of impureExpressions) {
      if (pattern.test(source)) problems.push(`reads ${what}`);
    }
    expect(problems).toEqual([]);
  });

  it("finds the rules it checks, in every capability's rules folder", () => {
    expect(pureRules).toContain('src/referrals/rules/attribution.ts');
    expect(pureRules).toContain('src/commissions/rules/tiers.ts');
    expect(pureRules).toContain('src/economics/rules/project_results.ts');
    expect(pureRules).toContain('src/economics/rules/project_agencies.ts');
    expect(pureRules).toContain('src/payouts/rules/csv_format.ts');
    expect(pureRules).not.toContain('src/economics/cli/economics_command.ts');
  });

  it.each([
    [
      "import { pool } from '../db/database.js';",
      'src/commissions/rules/x.ts',
      '../db/database.js is not a pure rule',
    ],
    ["import pg from 'pg';", 'src/commissions/rules/x.ts', 'pg is not a pure library'],
    [
      "import { readFileSync } from 'node:fs';",
      'src/commissions/rules/x.ts',
      'node:fs is not a pure library',
    ],
    [
      "import { randomBytes } from 'node:crypto';",
      'src/commissions/rules/x.ts',
      'node:crypto beyond hashing (randomBytes)',
    ],
    ["const x = await import('fastify');", 'src/commissions/rules/x.ts', 'fastify is not a pure library'],
  ])('catches %s', (source, file, problem) => {
    const problems = specifiersOf(source).map((specifier) => impurityOf(file, specifier, source));
    expect(problems).toEqual([problem]);
  });

  it.each([
    ['const now = new Date();', 'the clock'],
    ['const t = Date.now();', 'the clock'],
    ['const r = Math.random();', 'randomness'],
    ['const url = process.env.X;', 'the environment or process'],
  ])('catches %s', (source, what) => {
    expect(impureExpressions.filter(([, pattern]) => pattern.test(source)).map(([name]) => name)).toEqual([
      what,
    ]);
  });
});
