import type { Context } from '../app/context.js';
import { type LedgerVerification, verifyLedger as verify } from './storage/ledger.js';

/** Checks every transfer sums to zero and every account balance equals the sum of its entries. */
export async function verifyLedger(context: Context): Promise<LedgerVerification> {
  return verify(context.db);
}
