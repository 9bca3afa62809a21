import { type Command, InvalidArgumentError } from 'commander';
import type { Context } from '../../app/context.js';
import { cliActor } from '../../platform/cli_actor.js';
import { approvePayoutRun } from '../approve_payout_run.js';
import { cancelPayoutRun } from '../cancel_payout_run.js';
import { getPayoutRun } from '../get_payout_run.js';
import { listPayoutRuns } from '../list_payout_runs.js';

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new InvalidArgumentError('1 to 200');
  return limit;
}

/** `payouts runs`, `payouts run-show <id>`, `payouts approve <id>` and `payouts cancel <id>`. */
export function registerPayoutRunCommands(
  payouts: Command,
  commandContext: () => Promise<Context>,
  print: (result: unknown) => void,
): void {
  const withContext = async (work: (context: Context) => Promise<unknown>) => {
    const context = await commandContext();
    try {
      print(await work(context));
    } finally {
      await context.db.close();
    }
  };
  payouts
    .command('runs')
    .description('payout runs newest first: as-of, state, payouts, total cents, approver')
    .option('--limit <n>', 'how many (default 50)', parseLimit)
    .action(async (options: { limit?: number }) =>
      withContext(async (context) => {
        const page = await listPayoutRuns(context, { limit: options.limit ?? 50 });
        return page.runs.map((run) => ({
          id: run.id,
          asOf: run.asOf.toISOString(),
          state: run.state,
          provider: run.provider,
          payouts: run.totals.payouts,
          totalCents: run.totals.totalCents,
          approvedBy: run.approvedBy,
          approvedAt: run.approvedAt?.toISOString() ?? null,
        }));
      }),
    );
  payouts
    .command('run-show')
    .description('one payout run with its payouts')
    .argument('<runId>', 'e.g. run_20260401T060000Z')
    .action(async (runId: string) =>
      withContext(async (context) => {
        const run = await getPayoutRun(context, runId);
        if (!run) throw new Error(`payout run ${runId} does not exist`);
        return run;
      }),
    );
  payouts
    .command('approve')
    .description('approve a payout run awaiting approval and send its payouts')
    .argument('<runId>', 'e.g. run_20260401T060000Z')
    .option('--note <text>', 'why, for the audit trail')
    .action(async (runId: string, options: { note?: string }) =>
      withContext((context) =>
        approvePayoutRun(context, { runId, approvedBy: cliActor(), note: options.note }),
      ),
    );
  payouts
    .command('cancel')
    .description('cancel a payout run awaiting approval: its money returns to the available balances')
    .argument('<runId>', 'e.g. run_20260401T060000Z')
    .option('--note <text>', 'why, for the audit trail')
    .action(async (runId: string, options: { note?: string }) =>
      withContext((context) =>
        cancelPayoutRun(context, { runId, cancelledBy: cliActor(), note: options.note }),
      ),
    );
}
