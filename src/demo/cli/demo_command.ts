import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { bootstrap } from '../../app/bootstrap.js';
import { SimulatedClock } from '../../platform/clock.js';
import { loadConfig } from '../../platform/config.js';
import { openDatabase } from '../../platform/db/database.js';
import { migrate } from '../../platform/db/migrate.js';
import { DatabaseClockStore } from '../../platform/storage/program_clock.js';
import { type DemoOptions, parseDemoOptions, parseDemoSettings } from '../rules/demo_options.js';
import { runDemo } from '../run_demo.js';
import { demoReportOf, renderDemoReport } from './demo_report.js';
import { progressBar } from './progress_bar.js';

/**
 * The program on the stored simulated clock, whatever EMDASH_SIMULATED_CLOCK says: an empty
 * store starts at the demo's first day; a stored time is kept (the demo refuses one that is later).
 */
async function demoContext(options: DemoOptions) {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    const clock = new SimulatedClock(options.start);
    await clock.attach(new DatabaseClockStore(db));
    return await bootstrap(config, { db, clock, logToStderr: true });
  } catch (error) {
    await db.close();
    throw error;
  }
}

async function readSettings(file: string): Promise<ReturnType<typeof parseDemoSettings>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`--settings: cannot read ${file}: ${(error as Error).message}`] };
  }
  try {
    return parseDemoSettings(JSON.parse(text));
  } catch {
    return { ok: false, problems: [`--settings: ${file} is not JSON`] };
  }
}

export function registerDemoCommand(program: Command, json: () => boolean): void {
  program
    .command('demo')
    .description(
      'simulate a program (affiliates, clicks, signups, usage, Stripe billing, churn, payouts) through the real use cases on the simulated clock, and compare it with the Year-1 projection',
    )
    .option('--seed <n>', 'the same seed builds the same program', '1')
    .option('--affiliates <n>', 'affiliates joining in the first two weeks', '150')
    .option('--months <n>', 'calendar months to simulate', '12')
    .option('--start <YYYY-MM-01>', 'the first day, when the database has no clock yet', '2026-01-01')
    .option('--settings <file>', 'JSON of program settings in force from the first day (any subset)')
    .action(async ({ settings: settingsFile, ...raw }: Record<string, unknown>) => {
      const parsed = parseDemoOptions(raw);
      const settings =
        settingsFile === undefined
          ? { ok: true as const, settings: {} }
          : await readSettings(String(settingsFile));
      if (!parsed.ok || !settings.ok) {
        for (const problem of [
          ...(parsed.ok ? [] : parsed.problems),
          ...(settings.ok ? [] : settings.problems),
        ]) {
          console.error(problem);
        }
        process.exitCode = 1;
        return;
      }
      const options = { ...parsed.options, settings: settings.settings };
      const context = await demoContext(options);
      const bar = progressBar();
      const startedMs = performance.now();
      try {
        const run = await runDemo(context, options, (progress) => bar.update(progress));
        bar.done();
        const report = demoReportOf(run);
        process.stdout.write(
          json() ? `${JSON.stringify(report, null, 2)}\n` : `${renderDemoReport(report, run)}\n`,
        );
        console.error(`demo finished in ${((performance.now() - startedMs) / 1000).toFixed(1)} s`);
      } finally {
        bar.done();
        await context.db.close();
      }
    });
}
