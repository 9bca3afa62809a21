/**
 * Explicit time budgets for the tests that replay a program year or many property runs. Each is
 * several times the slowest duration measured on a loaded 2-core machine, so a busy CI runner
 * slows them down without failing them; a hang still ends. Durations are never asserted.
 */

/** A year (or more) on the simulated clock: daily sweeps, monthly reconciliation and payout runs. Measured 36–58 s. */
export const simulatedYearBudgetMs = 300_000;

/** Starts CLI or server processes (tsx compiles the sources at each start). Measured up to 25 s a process. */
export const spawnedProcessesBudgetMs = 180_000;

/** Writes and walks a thousand-odd rows through the real use cases. Measured up to 40 s. */
export const bulkRowsBudgetMs = 180_000;
