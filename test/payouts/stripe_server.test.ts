import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeForm } from '../stripe_server/form.js';
import { type StripeTestServer, startStripeTestServer } from '../stripe_server/server.js';

const keyA = 'sk_test_platformKeyA000000000000';
const keyB = 'sk_test_platformKeyB000000000000';

describe('Stripe test server speaks Stripe', () => {
  let server: StripeTestServer;
  let destination: string;

  const post = (path: string, body: string, options: { key?: string | null; idempotencyKey?: string } = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(options.key === null ? {} : { Authorization: `Bearer ${options.key ?? keyA}` }),
        ...(options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {}),
      },
      body,
    });
  const transfersWithGroup = (group: string) =>
    server.state.transfers.filter((transfer) => transfer['transfer_group'] === group);

  beforeAll(async () => {
    server = await startStripeTestServer({ apiKeys: [keyA, keyB] });
    const created = await post('/v1/accounts', 'type=express&capabilities[transfers][requested]=true');
    destination = ((await created.json()) as { id: string }).id;
    server.onboard(destination);
  });
  afterAll(async () => server.close());

  it('decodes nested form parameters, indexed arrays and appended arrays', () => {
    expect(
      decodeForm(
        'metadata[payoutId]=pay_1&metadata[note]=a%20b&capabilities[transfers][requested]=true&expand[0]=x&expand[1]=y&tags[]=p&tags[]=q',
      ),
    ).toEqual({
      metadata: { payoutId: 'pay_1', note: 'a b' },
      capabilities: { transfers: { requested: 'true' } },
      expand: ['x', 'y'],
      tags: ['p', 'q'],
    });
    expect(() => decodeForm('metadata[__proto__][polluted]=1')).toThrow(/Invalid parameter/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('answers without a key with 401 and Stripe’s error body', async () => {
    const response = await post('/v1/transfers', 'amount=1', { key: null });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/did not provide an API key/);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
  });

  it('answers an unknown URL with 404 and an unknown parameter with 400', async () => {
    expect((await post('/v1/nothing', '')).status).toBe(404);
    const unknown = await post(
      '/v1/transfers',
      `amount=100&currency=usd&destination=${destination}&colour=red`,
    );
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: string; param: string } }).error).toMatchObject({
      code: 'parameter_unknown',
      param: 'colour',
    });
  });

  it('replays the same key with the same parameters, marking the replay', async () => {
    const body = `amount=1000&currency=usd&destination=${destination}&transfer_group=g_replay&metadata[payoutId]=p1`;
    const first = await post('/v1/transfers', body, { idempotencyKey: 'key-replay' });
    const second = await post('/v1/transfers', body, { idempotencyKey: 'key-replay' });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    expect(transfersWithGroup('g_replay')).toHaveLength(1);
  });

  it('treats parameters in another order as the same request', async () => {
    const one = `amount=1000&currency=usd&destination=${destination}&transfer_group=g_order`;
    const other = `transfer_group=g_order&destination=${destination}&currency=usd&amount=1000`;
    await post('/v1/transfers', one, { idempotencyKey: 'key-order' });
    const again = await post('/v1/transfers', other, { idempotencyKey: 'key-order' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(transfersWithGroup('g_order')).toHaveLength(1);
  });

  it('refuses the same key with other parameters or on another endpoint', async () => {
    await post('/v1/transfers', `amount=1000&currency=usd&destination=${destination}&transfer_group=g_mis`, {
      idempotencyKey: 'key-mismatch',
    });
    const changed = await post(
      '/v1/transfers',
      `amount=1001&currency=usd&destination=${destination}&transfer_group=g_mis`,
      {
        idempotencyKey: 'key-mismatch',
      },
    );
    expect(changed.status).toBe(400);
    expect(((await changed.json()) as { error: { type: string } }).error.type).toBe('idempotency_error');
    const elsewhere = await post('/v1/accounts', 'type=express', { idempotencyKey: 'key-mismatch' });
    expect(elsewhere.status).toBe(400);
    expect(transfersWithGroup('g_mis')).toHaveLength(1);
  });

  it('scopes idempotency keys to the API key', async () => {
    const body = `amount=1000&currency=usd&destination=${destination}&transfer_group=g_scope`;
    const byA = await post('/v1/transfers', body, { key: keyA, idempotencyKey: 'key-scope' });
    const byB = await post('/v1/transfers', body, { key: keyB, idempotencyKey: 'key-scope' });
    expect(byB.headers.get('idempotent-replayed')).toBeNull();
    expect(((await byA.json()) as { id: string }).id).not.toBe(((await byB.json()) as { id: string }).id);
    expect(transfersWithGroup('g_scope')).toHaveLength(2);
  });

  it('does not remember a request rejected for its parameters', async () => {
    const missing = await post(
      '/v1/transfers',
      `currency=usd&destination=${destination}&transfer_group=g_fix`,
      {
        idempotencyKey: 'key-fix',
      },
    );
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('parameter_missing');
    const fixed = await post(
      '/v1/transfers',
      `amount=500&currency=usd&destination=${destination}&transfer_group=g_fix`,
      {
        idempotencyKey: 'key-fix',
      },
    );
    expect(fixed.status).toBe(200);
    expect(transfersWithGroup('g_fix')).toHaveLength(1);
  });

  it('answers 409 idempotency_key_in_use to a concurrent request with the same key', async () => {
    server.inject({ endpoint: 'transfers.create', kind: 'delay', delayMs: 150 });
    const body = `amount=1000&currency=usd&destination=${destination}&transfer_group=g_race`;
    const [a, b] = await Promise.all([
      post('/v1/transfers', body, { idempotencyKey: 'key-race' }),
      post('/v1/transfers', body, { idempotencyKey: 'key-race' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(((await loser.json()) as { error: { code: string } }).error.code).toBe('idempotency_key_in_use');
    expect(transfersWithGroup('g_race')).toHaveLength(1);
  });

  it('saves a 500 that followed the commit and replays it for the same key', async () => {
    server.inject({ endpoint: 'transfers.create', kind: 'server_error_after_commit' });
    const body = `amount=1000&currency=usd&destination=${destination}&transfer_group=g_500`;
    const first = await post('/v1/transfers', body, { idempotencyKey: 'key-500' });
    const replay = await post('/v1/transfers', body, { idempotencyKey: 'key-500' });
    expect(first.status).toBe(500);
    expect(((await first.json()) as { error: { type: string } }).error.type).toBe('api_error');
    expect(replay.status).toBe(500);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(transfersWithGroup('g_500')).toHaveLength(1);
  });

  it('takes faults and onboarding through its test API', async () => {
    const fault = await fetch(`${server.url}/_test/faults`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${keyA}` },
      body: JSON.stringify({ endpoint: 'accounts.retrieve', kind: 'rate_limit', count: 2 }),
    });
    expect(fault.status).toBe(200);
    const retrieve = () =>
      fetch(`${server.url}/v1/accounts/${destination}`, { headers: { Authorization: `Bearer ${keyA}` } });
    expect((await retrieve()).status).toBe(429);
    expect((await retrieve()).status).toBe(429);
    expect((await retrieve()).status).toBe(200);

    const created = await post('/v1/accounts', 'type=express&capabilities[transfers][requested]=true');
    const accountId = ((await created.json()) as { id: string }).id;
    const onboard = await fetch(`${server.url}/_test/accounts/${accountId}/onboard`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${keyA}` },
    });
    expect(((await onboard.json()) as { payouts_enabled: boolean }).payouts_enabled).toBe(true);
  });
});
