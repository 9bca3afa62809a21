import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StripeHttpError, stripeErrors } from './errors.js';
import { type Fault, FaultQueue, type FaultRequest } from './faults.js';
import { canonicalForm, decodeForm, FormDecodeError, type FormObject } from './form.js';
import type { Handler, HandlerResult } from './handlers.js';
import * as handlers from './handlers.js';
import { IdempotencyStore, idempotencyKeyLengthMax, type SavedResponse } from './idempotency.js';
import { StripeState, stripeId } from './state.js';

/**
 * A Stripe-compatible HTTP server for tests: the endpoints the payout provider uses, Stripe's
 * form encoding, response shapes, error bodies and idempotency rules, state in memory, and an
 * API under `/_test/` to inject faults and finish onboarding.
 */

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  endpoint: string;
  handler: Handler;
}

const id = '([A-Za-z0-9_]+)';
const routes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/accounts$/,
    endpoint: 'accounts.create',
    handler: handlers.createAccount,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/accounts/${id}$`),
    endpoint: 'accounts.retrieve',
    handler: handlers.retrieveAccount,
  },
  {
    method: 'POST',
    pattern: /^\/v1\/account_links$/,
    endpoint: 'account_links.create',
    handler: handlers.createAccountLink,
  },
  {
    method: 'POST',
    pattern: /^\/v1\/transfers$/,
    endpoint: 'transfers.create',
    handler: handlers.createTransfer,
  },
  {
    method: 'GET',
    pattern: /^\/v1\/transfers$/,
    endpoint: 'transfers.list',
    handler: handlers.listTransfers,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/transfers/${id}$`),
    endpoint: 'transfers.retrieve',
    handler: handlers.retrieveTransfer,
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/v1/transfers/${id}/reversals$`),
    endpoint: 'transfers.reversals.create',
    handler: handlers.createReversal,
  },
  {
    method: 'GET',
    pattern: /^\/v1\/balance$/,
    endpoint: 'balance.retrieve',
    handler: handlers.retrieveBalance,
  },
];

export const requestBodyBytesMax = 1_000_000;
export const availableBalanceCentsDefault = 10_000_000_00;

export interface StripeTestServerOptions {
  /** Secret keys accepted; one random `sk_test_…` when absent. */
  apiKeys?: string[];
  availableBalanceCents?: number;
  nowSeconds?: () => number;
  /** 0 (a free port) when absent. Always on 127.0.0.1. */
  port?: number;
}

export interface StripeTestServer {
  url: string;
  /** The first accepted key. */
  apiKey: string;
  state: StripeState;
  faults: FaultQueue;
  /** API requests received per endpoint, after authentication. */
  calls: Map<string, number>;
  inject(fault: FaultRequest): void;
  onboard(accountId: string): void;
  close(): Promise<void>;
}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
}

function send(exchange: Exchange, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (exchange.res.destroyed || exchange.res.headersSent) return;
  const text = JSON.stringify(body, null, 2);
  exchange.res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Request-Id': exchange.requestId,
    ...headers,
  });
  exchange.res.end(text);
}

function sendError(exchange: Exchange, error: StripeHttpError): void {
  send(exchange, error.status, error.body(), error.headers);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > requestBodyBytesMax)
      throw new StripeHttpError(413, { type: 'invalid_request_error', message: 'Request body too large' });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function apiKeyOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? '';
  if (header.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
    return decoded.split(':')[0] ?? null;
  }
  return null;
}

/** Waits until the client gives up (or `delayMs` passes); answers nothing itself. */
function hang(exchange: Exchange, delayMs: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = delayMs === undefined ? undefined : setTimeout(resolve, delayMs);
    exchange.res.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startStripeTestServer(
  options: StripeTestServerOptions = {},
): Promise<StripeTestServer> {
  const apiKeys = options.apiKeys ?? [`sk_test_${stripeId('x', 24).slice(2)}`];
  if (apiKeys.length === 0 || apiKeys.some((key) => !key.startsWith('sk_test_'))) {
    throw new Error('apiKeys must be sk_test_… keys');
  }
  const state = new StripeState({
    nowSeconds: options.nowSeconds ?? (() => Math.floor(Date.now() / 1000)),
    availableBalanceCents: options.availableBalanceCents ?? availableBalanceCentsDefault,
  });
  const faults = new FaultQueue();
  const idempotency = new IdempotencyStore();
  const calls = new Map<string, number>();
  let baseUrl = '';

  async function handleApi(exchange: Exchange, route: Route, ids: string[], apiKey: string): Promise<void> {
    const { req } = exchange;
    calls.set(route.endpoint, (calls.get(route.endpoint) ?? 0) + 1);
    let params: FormObject;
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      params = decodeForm(route.method === 'GET' ? url.search.slice(1) : await readBody(req));
    } catch (error) {
      if (error instanceof FormDecodeError)
        return sendError(exchange, stripeErrors.invalidParameter(error.param, error.message));
      throw error;
    }
    const fault = faults.take(route.endpoint);
    if (fault?.kind === 'rate_limit') return sendError(exchange, stripeErrors.rateLimit());
    if (fault?.kind === 'lock_timeout') return sendError(exchange, stripeErrors.lockTimeout());
    if (fault?.kind === 'timeout_before_commit') {
      await hang(exchange, fault.delayMs);
      exchange.res.destroy();
      return;
    }
    if (fault?.kind === 'server_error_before_commit')
      return sendError(exchange, stripeErrors.apiErrorUnsaved());

    const keyHeader = req.headers['idempotency-key'];
    const key =
      route.method === 'POST' && typeof keyHeader === 'string' && keyHeader !== '' ? keyHeader : null;
    if (key !== null) {
      if (key.length > idempotencyKeyLengthMax)
        return sendError(exchange, stripeErrors.idempotencyKeyTooLong());
      const fingerprint = `${route.method} ${new URL(req.url ?? '/', 'http://localhost').pathname} ${canonicalForm(params)}`;
      const lookup = idempotency.begin(apiKey, key, fingerprint);
      if (lookup.kind === 'in_progress') return sendError(exchange, stripeErrors.idempotencyKeyInUse(key));
      if (lookup.kind === 'mismatch') return sendError(exchange, stripeErrors.idempotencyMismatch(key));
      if (lookup.kind === 'replay') {
        return answer(exchange, fault, lookup.saved, {
          'Idempotent-Replayed': 'true',
          'Original-Request': lookup.saved.requestId,
          'Idempotency-Key': key,
        });
      }
    }

    let result: HandlerResult & { headers: Record<string, string> };
    let saved = true;
    try {
      if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 100);
      if (fault?.kind === 'balance_insufficient') throw stripeErrors.balanceInsufficient();
      result = { ...route.handler({ params, ids, state, baseUrl }), headers: {} };
    } catch (error) {
      if (!(error instanceof StripeHttpError)) throw error;
      result = { status: error.status, body: error.body(), headers: error.headers };
      saved = error.saved;
    }
    let response: SavedResponse = { ...result, requestId: exchange.requestId };
    if (fault?.kind === 'server_error_after_commit') {
      const failure = stripeErrors.apiErrorSaved();
      response = {
        status: 500,
        body: failure.body(),
        headers: failure.headers,
        requestId: exchange.requestId,
      };
    }
    if (key !== null) {
      if (saved) idempotency.save(apiKey, key, response);
      else idempotency.release(apiKey, key);
    }
    return answer(exchange, fault, response, key === null ? {} : { 'Idempotency-Key': key });
  }

  async function answer(
    exchange: Exchange,
    fault: Fault | undefined,
    response: SavedResponse,
    extra: Record<string, string>,
  ) {
    if (fault?.kind === 'server_error_after_commit' && response.status < 500) {
      const failure = stripeErrors.apiErrorSaved();
      return send(exchange, 500, failure.body(), { ...failure.headers, ...extra });
    }
    if (fault?.kind === 'timeout_after_commit') {
      await hang(exchange, fault.delayMs);
    }
    send(exchange, response.status, response.body, { ...response.headers, ...extra });
  }

  async function handleControl(exchange: Exchange, path: string): Promise<void> {
    const { req } = exchange;
    const onboarding = /^\/_test\/onboarding\/([A-Za-z0-9_]+)$/.exec(path);
    if (req.method === 'GET' && onboarding) {
      // The account link's URL: visiting it stands for finishing Stripe's hosted onboarding.
      const link = state.onboardingLinks.get(onboarding[1]!);
      if (!link)
        return send(exchange, 404, { error: { type: 'invalid_request_error', message: 'Unknown link' } });
      const usable = !link.used && state.now() <= link.expiresAtSeconds;
      link.used = true;
      if (usable) state.onboard(link.accountId);
      exchange.res.writeHead(302, { Location: usable ? link.returnUrl : link.refreshUrl }).end();
      return;
    }
    const apiKey = apiKeyOf(req);
    if (apiKey === null || !apiKeys.includes(apiKey))
      return sendError(exchange, stripeErrors.missingApiKey());
    const body = req.method === 'POST' ? await readBody(req) : '';
    const account = /^\/_test\/accounts\/([A-Za-z0-9_]+)\/onboard$/.exec(path);
    if (req.method === 'POST' && account) {
      if (!state.onboard(account[1]!)) return sendError(exchange, stripeErrors.accountInvalid(account[1]!));
      return send(exchange, 200, state.accounts.get(account[1]!));
    }
    if (req.method === 'POST' && path === '/_test/faults') {
      try {
        faults.inject(JSON.parse(body) as FaultRequest);
      } catch (error) {
        return send(exchange, 400, { error: { type: 'invalid_request_error', message: String(error) } });
      }
      return send(exchange, 200, { ok: true });
    }
    if (req.method === 'DELETE' && path === '/_test/faults') {
      faults.clear();
      return send(exchange, 200, { ok: true });
    }
    if (req.method === 'POST' && path === '/_test/balance') {
      const parsed = JSON.parse(body || '{}') as { currency?: string; amountCents?: number };
      if (!Number.isSafeInteger(parsed.amountCents) || (parsed.amountCents ?? -1) < 0) {
        return send(exchange, 400, {
          error: { type: 'invalid_request_error', message: 'amountCents must be >= 0' },
        });
      }
      state.availableBalance.set((parsed.currency ?? 'usd').toLowerCase(), parsed.amountCents!);
      return send(exchange, 200, { ok: true });
    }
    return sendError(exchange, stripeErrors.unrecognizedUrl(req.method ?? 'GET', path));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const exchange: Exchange = { req, res, requestId: stripeId('req', 14) };
    try {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path.startsWith('/_test/')) return await handleControl(exchange, path);
      const method = req.method ?? 'GET';
      let ids: string[] = [];
      const route = routes.find((candidate) => {
        const match = candidate.method === method ? candidate.pattern.exec(path) : null;
        if (match) ids = match.slice(1);
        return match !== null;
      });
      if (!route) return sendError(exchange, stripeErrors.unrecognizedUrl(method, path));
      const apiKey = apiKeyOf(req);
      if (apiKey === null || apiKey === '') return sendError(exchange, stripeErrors.missingApiKey());
      if (!apiKeys.includes(apiKey)) return sendError(exchange, stripeErrors.invalidApiKey(apiKey));
      await handleApi(exchange, route, ids, apiKey);
    } catch (error) {
      if (error instanceof StripeHttpError) return sendError(exchange, error);
      send(exchange, 500, { error: { type: 'api_error', message: `Test server bug: ${String(error)}` } });
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    apiKey: apiKeys[0]!,
    state,
    faults,
    calls,
    inject: (fault) => faults.inject(fault),
    onboard(accountId) {
      if (!state.onboard(accountId)) throw new Error(`no account ${accountId}`);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
