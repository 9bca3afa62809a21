import { z } from 'zod';
import type { Context } from '../../app/context.js';
import { countOpenOperatorExceptions } from '../../payouts/storage/operator_exceptions_store.js';

/**
 * `{"status":"ok"}` when all is well (SPEC §12). `failing` (503) when this process cannot do its
 * work: the database does not answer, or its scheduled jobs failed to start. `degraded` (200: the
 * process serves fine, a person must act) while money anomalies are open.
 */
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'failing']),
  database: z.enum(['ok', 'unreachable']).optional(),
  jobs: z
    .object({ state: z.string(), error: z.string().nullable(), failedAt: z.string().nullable() })
    .optional(),
  operatorExceptions: z
    .object({
      open: z.number().int(),
      affiliates: z.number().int(),
      amountCents: z.number().int(),
      oldestAt: z.string().nullable(),
    })
    .optional(),
});
export type Health = z.infer<typeof healthSchema>;

export async function checkHealth(context: Context): Promise<Health> {
  let exceptions: Awaited<ReturnType<typeof countOpenOperatorExceptions>>;
  try {
    exceptions = await countOpenOperatorExceptions(context.db);
  } catch (error) {
    context.logger.error({ err: error }, 'health check: the database did not answer');
    return { status: 'failing', database: 'unreachable' };
  }
  const jobs = context.health.jobs();
  const jobsFailed = jobs.state === 'failed';
  if (!jobsFailed && exceptions.open === 0) return { status: 'ok' };
  return {
    status: jobsFailed ? 'failing' : 'degraded',
    database: 'ok',
    jobs: { state: jobs.state, error: jobs.error, failedAt: jobs.failedAt?.toISOString() ?? null },
    operatorExceptions: { ...exceptions, oldestAt: exceptions.oldestAt?.toISOString() ?? null },
  };
}
