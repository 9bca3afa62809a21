import type { Context } from '../context.js';
import { notFound } from '../domain/errors.js';
import type { AffiliateBalances } from '../domain/ledger.js';
import { readAffiliateBalances } from '../storage/ledger.js';

/** The seven balances of an affiliate, each a sum over its ledger entries. */
export async function getAffiliateBalance(context: Context, affiliateId: string): Promise<AffiliateBalances> {
  const found = await context.db.query('SELECT 1 FROM affiliates WHERE id = $1', [affiliateId]);
  if (found.length === 0) throw notFound('affiliate', affiliateId);
  return readAffiliateBalances(context.db, affiliateId);
}
