import { bootstrap } from '../../src/app/bootstrap.js';
import { approvePayoutRun } from '../../src/payouts/approve_payout_run.js';
import type { PayoutStep } from '../../src/payouts/send_payout.js';
import { loadConfig } from '../../src/platform/config.js';

// Approves a payout run in its own process and kills itself (SIGKILL: no cleanup) the
// CRASH_AFTER+1-th time it reaches CRASH_STEP. DATABASE_URL, STRIPE_SECRET_KEY, STRIPE_API_BASE
// and RUN_ID come from the environment.
const crashStep = process.env['CRASH_STEP'] as PayoutStep | undefined;
const crashAfter = Number(process.env['CRASH_AFTER'] ?? '0');
let reached = 0;
const context = await bootstrap(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }));
await approvePayoutRun(
  context,
  { runId: process.env['RUN_ID']!, approvedBy: 'crash-test' },
  {
    hook(step) {
      if (step !== crashStep) return;
      reached += 1;
      if (reached > crashAfter) process.kill(process.pid, 'SIGKILL');
    },
  },
);
await context.db.close();
process.exit(0);
