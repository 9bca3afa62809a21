import type { Context } from '../app/context.js';
import type { Queryable } from '../platform/db/database.js';
import { describeOperatorException, type OperatorExceptionKind } from './rules/operator_exceptions.js';
import { insertOperatorException } from './storage/operator_exceptions_store.js';

export interface OperatorExceptionInput {
  kind: OperatorExceptionKind;
  affiliateId: string;
  payoutId: string;
  transferId: string;
  amountCents: number;
  currency: string;
}

/**
 * Stores a money anomaly for an operator, in the caller's transaction, once per kind, payout and
 * transfer. From then on the affiliate's payouts are held until it is resolved.
 */
export async function recordOperatorException(
  context: Context,
  tx: Queryable,
  input: OperatorExceptionInput,
): Promise<void> {
  const detail = describeOperatorException(input);
  const stored = await insertOperatorException(tx, {
    id: context.newId('opx'),
    ...input,
    detail,
    createdAt: context.clock.now(),
  });
  context.logger.error(
    {
      kind: input.kind,
      affiliateId: input.affiliateId,
      payoutId: input.payoutId,
      transferId: input.transferId,
    },
    stored
      ? `operator exception: ${detail}; payouts of the affiliate held until resolved`
      : 'operator exception seen again',
  );
}
