/**
 * Explicit time budgets for the tests that replay a program year or many property runs. Each is
 * several times the slowest duration measured on a loaded 2-core machine, so a busy CI runner
 * slows them down without failing them; a hang still ends. Durations are never asserted.
 */

/** A year (or more) on the simulated clock: daily sweeps, monthly reconciliation and payout runs. Measured 36–58 s. */
export const simulatedYearBudgetMs = 300_000;
