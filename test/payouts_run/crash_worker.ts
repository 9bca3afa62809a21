import { bootstrap } from '../../src/app/bootstrap.js';
import { runPayouts } from '../../src/payouts/run_payouts.js';
import type { PayoutStep } from '../../src/payouts/send_payout.js';
import { loadConfig } from '../../src/platform/config.js';

// A payout run in its own process that kills itself (SIGKILL: no cleanup, no flush) the
// CRASH_AFTER+1-th time it reaches CRASH_STEP. DATABASE_URL, STRIPE_SECRET_KEY, STRIPE_API_BASE
// and AS_OF come from the environment.
const crashStep = process.env['CRASH_STEP'] as PayoutStep | undefined;
const crashAfter = Number(process.env['CRASH_AFTER'] ?? '0');
let reached = 0;
const context = await bootstrap(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }));
await runPayouts(context, new Date(process.env['AS_OF']!), {
  hook(step) {
    if (step !== crashStep) return;
    reached += 1;
    if (reached > crashAfter) process.kill(process.pid, 'SIGKILL');
  },
});
await context.db.close();
process.exit(0);
