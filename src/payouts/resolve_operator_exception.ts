import type { Context } from '../app/context.js';
import { AppError, notFound } from '../platform/rules/errors.js';
import type { OperatorException, OperatorExceptionState } from './rules/operator_exceptions.js';
import {
  loadOperatorException,
  markOperatorExceptionResolved,
  selectOperatorExceptions,
} from './storage/operator_exceptions_store.js';

export const operatorExceptionsPageSizeMax = 500;

export async function listOperatorExceptions(
  context: Context,
  input: { state?: OperatorExceptionState | undefined; limit: number },
): Promise<OperatorException[]> {
  const limit = Math.min(Math.max(1, input.limit), operatorExceptionsPageSizeMax);
  return selectOperatorExceptions(context.db, { state: input.state ?? null, limit });
}

/**
 * An operator settled the anomaly (recovered the transfer, or recorded the payment by hand):
 * the exception closes and, when it was the affiliate's last open one, its payouts resume.
 */
export async function resolveOperatorException(
  context: Context,
  input: { id: string; resolution: string; resolvedBy: string },
): Promise<OperatorException> {
  const existing = await loadOperatorException(context.db, input.id);
  if (!existing) throw notFound('operator exception', input.id, 'params.id');
  const changed = await markOperatorExceptionResolved(context.db, {
    id: input.id,
    resolvedAt: context.clock.now(),
    resolvedBy: input.resolvedBy,
    resolution: input.resolution,
  });
  if (!changed) {
    throw new AppError('conflict', `operator exception ${input.id} was resolved already`, {
      path: 'params.id',
    });
  }
  context.logger.info({ exceptionId: input.id, resolvedBy: input.resolvedBy }, 'operator exception resolved');
  return (await loadOperatorException(context.db, input.id))!;
}
