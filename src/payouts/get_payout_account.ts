import type { Context } from '../app/context.js';
import { affiliateExists } from '../partners/storage/affiliates.js';
import { notFound } from '../platform/rules/errors.js';
import type { PayoutProvider } from './rails/payout_provider.js';
import { payoutProviderFromConfig } from './rails/provider_from_config.js';
import { payoutAccountStatus } from './rules/payouts.js';
import {
  loadPayoutAccount,
  type PayoutAccount,
  updatePayoutAccountStatus,
} from './storage/payout_accounts.js';

export interface PayoutAccountView {
  affiliateId: string;
  provider: 'stripe' | 'csv';
  account: PayoutAccount | null;
}

/**
 * The affiliate's payout account. An account not yet ready is asked again at the rail (the
 * `account.updated` webhook may not be forwarded); if the rail does not answer, the stored status
 * stands.
 */
export async function getPayoutAccount(
  context: Context,
  affiliateId: string,
  provider: PayoutProvider | null = payoutProviderFromConfig(context.config),
): Promise<PayoutAccountView> {
  if (!(await affiliateExists(context.db, affiliateId))) throw notFound('affiliate', affiliateId);
  const account = await loadPayoutAccount(context.db, affiliateId);
  if (!provider) return { affiliateId, provider: 'csv', account };
  if (account && account.status !== 'ready') {
    try {
      const status = await provider.getAccountStatus(account.accountId);
      await updatePayoutAccountStatus(
        context.db,
        {
          accountId: account.accountId,
          status: payoutAccountStatus({
            payoutsEnabled: status.payoutsEnabled,
            transfersCapability: status.transfersCapability,
            detailsSubmitted: status.detailsSubmitted,
          }),
          payoutsEnabled: status.payoutsEnabled,
          transfersCapability: status.transfersCapability,
          detailsSubmitted: status.detailsSubmitted,
          requirementsDue: status.requirementsDue,
          statusAt: context.clock.now(),
        },
        context.clock.now(),
      );
    } catch (error) {
      context.logger.warn({ affiliateId, error: String(error) }, 'payout account status not refreshed');
    }
  }
  return { affiliateId, provider: 'stripe', account: await loadPayoutAccount(context.db, affiliateId) };
}
