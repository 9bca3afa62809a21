import type { Context } from '../context.js';
import { AppError } from '../domain/errors.js';
import { isAllowedDestination } from '../domain/links.js';
import { type PartnerEventType, partnerEventTypes } from '../domain/outgoing_webhooks.js';
import { randomBase62 } from '../platform/ids.js';

export interface WebhookEndpoint {
  id: string;
  affiliateId: string;
  url: string;
  events: PartnerEventType[];
  /** Signs every delivery; shown when the endpoint is created. */
  secret: string;
  createdAt: string;
}

export async function registerWebhookEndpoint(
  context: Context,
  input: { affiliateId: string; url: string; events?: PartnerEventType[] | undefined },
): Promise<WebhookEndpoint> {
  if (!isAllowedDestination(input.url)) {
    throw new AppError('validation_failed', 'the endpoint must be an absolute http(s) URL', { path: 'url' });
  }
  const found = await context.db.query('SELECT 1 FROM affiliates WHERE id = $1', [input.affiliateId]);
  if (found.length === 0)
    throw new AppError('not_found', `affiliate ${input.affiliateId} does not exist`, { path: 'affiliateId' });
  const endpoint: WebhookEndpoint = {
    id: context.newId('whe'),
    affiliateId: input.affiliateId,
    url: input.url,
    events: [...new Set(input.events ?? partnerEventTypes)],
    secret: `whsec_${randomBase62(32)}`,
    createdAt: context.clock.now().toISOString(),
  };
  await context.db.query(
    `INSERT INTO webhook_endpoints (id, affiliate_id, url, secret, event_types, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [endpoint.id, endpoint.affiliateId, endpoint.url, endpoint.secret, endpoint.events, endpoint.createdAt],
  );
  return endpoint;
}
