import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { type PartnerEventType, partnerEventTypes } from './rules/outgoing_webhooks.js';
import { affiliateExists } from './storage/affiliates.js';
import { insertWebhookEndpoint } from './storage/webhook_endpoints.js';
import { hostOf, isPublicAddress, webhookUrlRefusal } from './webhook_target.js';

export interface WebhookEndpoint {
  id: string;
  affiliateId: string;
  url: string;
  events: PartnerEventType[];
  /** Signs every delivery (Standard Webhooks: `whsec_` + base64 of 32 random bytes); shown when created. */
  secret: string;
  createdAt: string;
}

/** How long registration waits for the endpoint's DNS answers before leaving it to connection time. */
export const registrationLookupTimeoutMs = 3_000;

export async function registerWebhookEndpoint(
  context: Context,
  input: { affiliateId: string; url: string; events?: PartnerEventType[] | undefined },
): Promise<WebhookEndpoint> {
  const allowPrivate = context.config.allowPrivateWebhooks;
  const refusal =
    webhookUrlRefusal(input.url, { allowPrivate }) ?? (await resolvedRefusal(input.url, allowPrivate));
  if (refusal) throw new AppError('validation_failed', refusal, { path: 'url' });
  if (!(await affiliateExists(context.db, input.affiliateId))) {
    throw new AppError('not_found', `affiliate ${input.affiliateId} does not exist`, { path: 'affiliateId' });
  }
  const createdAt = context.clock.now();
  const endpoint: WebhookEndpoint = {
    id: context.newId('whe'),
    affiliateId: input.affiliateId,
    url: input.url,
    events: [...new Set(input.events ?? partnerEventTypes)],
    secret: `whsec_${randomBytes(32).toString('base64')}`,
    createdAt: createdAt.toISOString(),
  };
  await insertWebhookEndpoint(context.db, {
    id: endpoint.id,
    affiliateId: endpoint.affiliateId,
    url: endpoint.url,
    secret: endpoint.secret,
    eventTypes: endpoint.events,
    createdAt,
  });
  return endpoint;
}

/**
 * A name that resolves to a private address now is refused now. A name that does not resolve (yet)
 * is accepted: every connection checks the address it really reaches (DNS can change either way).
 */
async function resolvedRefusal(value: string, allowPrivate: boolean): Promise<string | null> {
  if (allowPrivate) return null;
  const host = hostOf(new URL(value));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), registrationLookupTimeoutMs);
  });
  try {
    const addresses = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
    const inner = addresses?.find((answer) => !isPublicAddress(answer.address));
    return inner
      ? `the endpoint's host ${host} resolves to ${inner.address}, which is not a public address`
      : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
