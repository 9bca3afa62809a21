import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { bootstrap } from '../../src/app/bootstrap.js';
import type { Context } from '../../src/app/context.js';
import { verifyLedger } from '../../src/ledger/verify_ledger.js';
import { loadConfig } from '../../src/platform/config.js';
import { simulatedYearBudgetMs } from '../support/budgets.js';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '../support/database.js';
import { type Finished, runCli } from '../support/processes.js';

// Each case starts the CLI as a real process that simulates three months (measured up to 3 min
// a process on a loaded machine): an explicit budget.
vi.setConfig({ testTimeout: simulatedYearBudgetMs * 2 });

interface DemoJson {
  seed: number;
  comparison: Array<{ key: string; projected: number | null; demo: number | null }>;
  program: {
    funnel: { clicks: number; signups: number; activated: number; paid: number; sustained: number };
    attributedByRule: Record<string, number>;
    refusedSignups: number;
    commissionsEarnedCents: number;
    payoutsPaid: number;
    payoutsPaidCents: number;
    invoices: number;
    reconciliationReports: number;
    ledger: { balanced: boolean; transfers: number; entries: number };
  };
  clock: { startedAt: string; endedAt: string };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const folder = mkdtempSync(join(tmpdir(), 'emdash-demo-'));
cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
// Default settings pay nothing within three months (sustained after 90 days, then a 30-day
// delay): the small demo shortens both so that its payouts happen.
const settingsFile = join(folder, 'short_waits.json');
writeFileSync(settingsFile, JSON.stringify({ sustainedDays: 30, payoutDelayDays: 0 }));

/** Reopened on the stored clock the demo left (the variable only seeds an empty store). */
const storedClock = { LOG_LEVEL: 'silent', EMDASH_SIMULATED_CLOCK: '2000-01-01T00:00:00Z' };

/** A program database of the suite's kind for one CLI run, and how to open it afterwards. */
async function programDatabase(
  name: string,
): Promise<{ environment: Record<string, string>; open(): Promise<Context> }> {
  if (testDatabaseKind === 'pglite') {
    const dataDir = join(folder, name);
    return {
      environment: { DATA_DIR: dataDir },
      open: () => bootstrap(loadConfig({ DATA_DIR: dataDir, ...storedClock })),
    };
  }
  const database: TestDatabase = await createTestDatabase();
  cleanups.push(() => database.drop());
  return {
    environment: { DATABASE_URL: database.url! },
    open: () => bootstrap(loadConfig({ DATABASE_URL: database.url!, ...storedClock })),
  };
}

async function runDemo(environment: Record<string, string>, seed: number): Promise<Finished> {
  return runCli(
    [
      '--json',
      'demo',
      '--affiliates',
      '10',
      '--months',
      '3',
      '--seed',
      String(seed),
      '--settings',
      settingsFile,
    ],
    environment,
  );
}

function figures(result: Finished): DemoJson {
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as DemoJson;
}

/** What must be equal between two runs of one seed: everything but the wall-clock. */
function aggregates(demo: DemoJson) {
  return { comparison: demo.comparison, program: demo.program };
}

describe(`the demo command on ${testDatabaseKind}`, () => {
  const runs: DemoJson[] = [];
  let first: Awaited<ReturnType<typeof programDatabase>>;

  it('simulates three months through the real engine: activated referrals, commissions, payouts, a balanced ledger', async () => {
    first = await programDatabase('seed7a');
    const demo = figures(await runDemo(first.environment, 7));
    runs.push(demo);
    expect(demo.clock).toEqual({
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-04-01T08:00:00.000Z',
    });
    const { program } = demo;
    expect(program.funnel.clicks).toBeGreaterThan(program.funnel.signups);
    expect(program.funnel.activated).toBeGreaterThan(0);
    expect(program.funnel.paid).toBeGreaterThan(0);
    expect(program.attributedByRule['click']).toBeGreaterThan(0);
    expect(program.invoices).toBeGreaterThan(0);
    expect(program.commissionsEarnedCents).toBeGreaterThan(0);
    expect(program.payoutsPaid).toBeGreaterThanOrEqual(1);
    expect(program.payoutsPaidCents).toBeGreaterThanOrEqual(5_000);
    expect(program.reconciliationReports).toBeGreaterThanOrEqual(3);
    expect(program.ledger.balanced).toBe(true);
    const row = (key: string) => demo.comparison.find((entry) => entry.key === key)!;
    expect(row('referredSignups').projected).toBe(75);
    expect(row('activatedAccounts').demo).toBe(program.funnel.activated);

    // Read back by the program itself, not by the demo's report.
    const context = await first.open();
    try {
      const ledger = await verifyLedger(context);
      expect(ledger).toMatchObject({ balanced: true, unbalancedTransfers: 0, mismatchedAccounts: 0 });
      expect(ledger.transfers).toBe(program.ledger.transfers);
      expect(context.clock.now().toISOString()).toBe('2026-04-01T08:00:00.000Z');
    } finally {
      await context.db.close();
    }
  });

  it('refuses a database that already holds a program, and writes nothing', async () => {
    const again = await runDemo(first.environment, 7);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds a program/);
    expect(again.stdout).toBe('');
    const context = await first.open();
    try {
      expect((await verifyLedger(context)).transfers).toBe(runs[0]!.program.ledger.transfers);
    } finally {
      await context.db.close();
    }
  });

  it('gives the same figures for the same seed, and other figures for another seed', async () => {
    const same = figures(await runDemo((await programDatabase('seed7b')).environment, 7));
    expect(aggregates(same)).toEqual(aggregates(runs[0]!));
    const other = figures(await runDemo((await programDatabase('seed8')).environment, 8));
    expect(aggregates(other)).not.toEqual(aggregates(runs[0]!));
  });

  it('refuses bad flags with the flag at fault', async () => {
    const environment = (await programDatabase('flags')).environment;
    const result = await runCli(['demo', '--months', '0', '--affiliates', 'many'], environment);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--affiliates: /);
    expect(result.stderr).toMatch(/--months: must be at least 1/);
    expect(result.stdout).toBe('');
  });
});
