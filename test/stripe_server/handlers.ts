import { stripeErrors } from './errors.js';
import type { FormObject } from './form.js';
import {
  allowOnly,
  createdFilter,
  currency,
  metadata,
  optionalPositiveInteger,
  optionalString,
  requiredPositiveInteger,
  requiredString,
} from './params.js';
import { accountRequirementsBeforeOnboarding, fixture, type StripeState, stripeId } from './state.js';

export interface HandlerRequest {
  params: FormObject;
  /** Captures of the route pattern, e.g. the transfer id. */
  ids: string[];
  state: StripeState;
  /** Origin of this server, for URLs it hands out. */
  baseUrl: string;
}

export interface HandlerResult {
  status: number;
  body: unknown;
}

export type Handler = (request: HandlerRequest) => HandlerResult;

const ok = (body: unknown): HandlerResult => ({ status: 200, body });

export const createAccount: Handler = ({ params, state }) => {
  allowOnly(params, ['type', 'country', 'email', 'capabilities', 'metadata', 'business_type', 'expand']);
  const type = optionalString(params, 'type') ?? 'express';
  if (!['express', 'standard', 'custom'].includes(type)) {
    throw stripeErrors.invalidParameter('type', `Invalid type: must be one of express, standard, custom`);
  }
  const capabilities: Record<string, string> = {};
  const requested = params['capabilities'];
  if (requested !== undefined && typeof requested === 'object' && !Array.isArray(requested)) {
    for (const [name, setting] of Object.entries(requested)) {
      if (typeof setting === 'object' && !Array.isArray(setting) && setting['requested'] === 'true') {
        capabilities[name] = 'inactive';
      }
    }
  } else if (requested !== undefined) {
    throw stripeErrors.invalidParameter('capabilities', 'Invalid object');
  }
  const id = stripeId('acct', 16);
  const account = fixture('account');
  Object.assign(account, {
    id,
    type,
    created: state.now(),
    country: (optionalString(params, 'country') ?? 'US').toUpperCase(),
    email: optionalString(params, 'email') ?? null,
    business_type: optionalString(params, 'business_type') ?? null,
    capabilities,
    charges_enabled: false,
    payouts_enabled: false,
    details_submitted: false,
    metadata: metadata(params),
    controller: {
      type: 'application',
      is_controller: true,
      requirement_collection: 'stripe',
      stripe_dashboard: { type: type === 'express' ? 'express' : 'full' },
    },
  });
  const requirements = account['requirements'] as Record<string, unknown>;
  requirements['currently_due'] = [...accountRequirementsBeforeOnboarding];
  requirements['eventually_due'] = [...accountRequirementsBeforeOnboarding];
  requirements['disabled_reason'] = 'requirements.past_due';
  (account['external_accounts'] as Record<string, unknown>)['url'] = `/v1/accounts/${id}/external_accounts`;
  state.accounts.set(id, account);
  return ok(account);
};

export const retrieveAccount: Handler = ({ ids, state }) => {
  const account = state.accounts.get(ids[0]!);
  if (!account) throw stripeErrors.accountInvalid(ids[0]!);
  return ok(account);
};

export const accountLinkLifetimeSeconds = 300;

export const createAccountLink: Handler = ({ params, state, baseUrl }) => {
  allowOnly(params, ['account', 'refresh_url', 'return_url', 'type', 'collect', 'collection_options']);
  const accountId = requiredString(params, 'account');
  const type = requiredString(params, 'type');
  if (type !== 'account_onboarding' && type !== 'account_update') {
    throw stripeErrors.invalidParameter('type', 'Invalid type: must be account_onboarding or account_update');
  }
  const refreshUrl = requiredString(params, 'refresh_url');
  const returnUrl = requiredString(params, 'return_url');
  if (!state.accounts.has(accountId)) throw stripeErrors.resourceMissing('account', accountId, 'account');
  const created = state.now();
  const token = stripeId('link', 24);
  state.onboardingLinks.set(token, {
    accountId,
    refreshUrl,
    returnUrl,
    expiresAtSeconds: created + accountLinkLifetimeSeconds,
    used: false,
  });
  const link = fixture('account_link');
  Object.assign(link, {
    created,
    expires_at: created + accountLinkLifetimeSeconds,
    url: `${baseUrl}/_test/onboarding/${token}`,
  });
  return ok(link);
};

export const createTransfer: Handler = ({ params, state }) => {
  allowOnly(params, [
    'amount',
    'currency',
    'destination',
    'metadata',
    'description',
    'transfer_group',
    'expand',
  ]);
  const amount = requiredPositiveInteger(params, 'amount');
  const transferCurrency = currency(params);
  const destination = requiredString(params, 'destination');
  const transferMetadata = metadata(params);
  const account = state.accounts.get(destination);
  if (!account) throw stripeErrors.resourceMissing('destination', destination, 'destination');
  if ((account['capabilities'] as Record<string, string>)['transfers'] !== 'active') {
    throw stripeErrors.insufficientCapabilities();
  }
  if (!state.debit(transferCurrency, amount)) throw stripeErrors.balanceInsufficient();
  const id = stripeId('tr');
  const transfer = fixture('transfer');
  Object.assign(transfer, {
    id,
    amount,
    amount_reversed: 0,
    balance_transaction: stripeId('txn'),
    created: state.now(),
    currency: transferCurrency,
    description: optionalString(params, 'description') ?? null,
    destination,
    destination_payment: stripeId('py', 14),
    metadata: transferMetadata,
    reversals: {
      object: 'list',
      data: [],
      has_more: false,
      total_count: 0,
      url: `/v1/transfers/${id}/reversals`,
    },
    reversed: false,
    transfer_group: optionalString(params, 'transfer_group') ?? null,
  });
  state.transfers.push(transfer);
  return ok(transfer);
};

export const retrieveTransfer: Handler = ({ ids, state }) => {
  const transfer = state.transfer(ids[0]!);
  if (!transfer) throw stripeErrors.resourceMissing('transfer', ids[0]!);
  return ok(transfer);
};

export const listTransfers: Handler = ({ params, state }) => {
  allowOnly(params, [
    'limit',
    'starting_after',
    'ending_before',
    'destination',
    'transfer_group',
    'created',
    'expand',
  ]);
  const limit = optionalPositiveInteger(params, 'limit') ?? 10;
  if (limit > 100) throw stripeErrors.invalidParameter('limit', 'limit must be between 1 and 100');
  const destination = optionalString(params, 'destination');
  const group = optionalString(params, 'transfer_group');
  const inRange = createdFilter(params);
  const matching = [...state.transfers]
    .reverse()
    .filter(
      (transfer) =>
        (destination === undefined || transfer['destination'] === destination) &&
        (group === undefined || transfer['transfer_group'] === group) &&
        inRange(transfer['created'] as number),
    );
  let start = 0;
  let end = matching.length;
  const after = optionalString(params, 'starting_after');
  const before = optionalString(params, 'ending_before');
  if (after !== undefined) {
    const index = matching.findIndex((transfer) => transfer['id'] === after);
    if (index < 0) throw stripeErrors.resourceMissing('transfer', after, 'starting_after');
    start = index + 1;
  } else if (before !== undefined) {
    const index = matching.findIndex((transfer) => transfer['id'] === before);
    if (index < 0) throw stripeErrors.resourceMissing('transfer', before, 'ending_before');
    end = index;
    start = Math.max(0, end - limit);
  }
  const page = matching.slice(start, Math.min(end, start + limit));
  return ok({ object: 'list', data: page, has_more: start + page.length < end, url: '/v1/transfers' });
};

export const createReversal: Handler = ({ params, ids, state }) => {
  allowOnly(params, ['amount', 'metadata', 'description', 'refund_application_fee', 'expand']);
  const transfer = state.transfer(ids[0]!);
  if (!transfer) throw stripeErrors.resourceMissing('transfer', ids[0]!);
  const remaining = (transfer['amount'] as number) - (transfer['amount_reversed'] as number);
  const amount = optionalPositiveInteger(params, 'amount') ?? remaining;
  const reversalMetadata = metadata(params);
  if (remaining === 0 || amount > remaining) {
    throw stripeErrors.invalidParameter(
      'amount',
      `Amount (${amount}) is greater than the unreversed amount on transfer ${transfer['id']} (${remaining})`,
    );
  }
  const reversal = fixture('transfer_reversal');
  Object.assign(reversal, {
    id: stripeId('trr'),
    amount,
    balance_transaction: stripeId('txn'),
    created: state.now(),
    currency: transfer['currency'],
    destination_payment_refund: stripeId('pyr', 14),
    metadata: reversalMetadata,
    transfer: transfer['id'],
  });
  state.reversals.push(reversal);
  state.credit(transfer['currency'] as string, amount);
  transfer['amount_reversed'] = (transfer['amount_reversed'] as number) + amount;
  transfer['reversed'] = transfer['amount_reversed'] === transfer['amount'];
  const list = transfer['reversals'] as { data: unknown[]; total_count: number };
  list.data.unshift(reversal);
  list.total_count += 1;
  return ok(reversal);
};

export const retrieveBalance: Handler = ({ state }) => {
  const balance = fixture('balance');
  const available = [...state.availableBalance].map(([code, amount]) => ({
    amount,
    currency: code,
    source_types: { card: amount },
  }));
  Object.assign(balance, { available });
  return ok(balance);
};
