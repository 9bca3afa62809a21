import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface WebhookPostOutcome {
  statusCode: number | null;
  error: string | null;
}

export interface WebhookTransportOptions {
  /** Local development and tests only: lets deliveries reach loopback and private addresses. */
  allowPrivate: boolean;
  /** Resolves host names (tests stand in a resolver that answers with a private address). */
  lookup?: LookupFunction | undefined;
}

const agents = new Map<boolean, { http: RequestFilteringHttpAgent; https: RequestFilteringHttpsAgent }>();

/**
 * The connection-time SSRF guard: the filtering agents check the address each connection really
 * goes to, after DNS, so a name that resolved to a public address at registration and to a
 * private one now is refused here. Meta addresses (0.0.0.0, ::) are refused in every mode.
 */
function agentsFor(allowPrivate: boolean) {
  let found = agents.get(allowPrivate);
  if (!found) {
    const options = { allowPrivateIPAddress: allowPrivate, allowMetaIPAddress: false };
    found = { http: new RequestFilteringHttpAgent(options), https: new RequestFilteringHttpsAgent(options) };
    agents.set(allowPrivate, found);
  }
  return found;
}

/**
 * POSTs one delivery and reports the status the endpoint answered, or why no answer came.
 * Redirects are not followed (a 3xx is a failed attempt) and the answer's body is not read.
 */
export function postWebhook(
  post: WebhookPost,
  options: WebhookTransportOptions,
): Promise<WebhookPostOutcome> {
  const url = new URL(post.url);
  const secure = url.protocol === 'https:';
  const agent = secure ? agentsFor(options.allowPrivate).https : agentsFor(options.allowPrivate).http;
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: WebhookPostOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const outgoing = send(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
        signal: AbortSignal.timeout(post.timeoutMs),
        ...(options.lookup ? { lookup: options.lookup } : {}),
      },
      (response) => {
        const statusCode = response.statusCode ?? null;
        response.destroy();
        const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
        finish({ statusCode, error: ok ? null : `endpoint answered ${statusCode}` });
      },
    );
    outgoing.on('error', (error) => finish({ statusCode: null, error: error.message }));
    outgoing.end(post.body);
  });
}
