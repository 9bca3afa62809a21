import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/partners/create_api_key.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate, createTrackKey } from '../support/attribution.js';

describe('GET /v1/admin/economics', () => {
  let t: TestApp;
  let affiliateKey: string;
  let trackKey: string;

  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-03-10T12:00:00Z') });
    const affiliateId = await createAffiliate(t, 'dev@economics.example.com');
    affiliateKey = (await createApiKey(t.context, { scope: 'affiliate', name: 'dev', affiliateId })).key;
    trackKey = await createTrackKey(t);
  });
  afterAll(async () => t.close());

  it('answers the projection alone without actual=true, as the brief computes it', async () => {
    const response = await t.call({ method: 'GET', url: '/v1/admin/economics' });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.actual).toBeNull();
    expect(body.projection.results.years.map((year: { roiTenths: number }) => year.roiTenths)).toEqual([
      100, 133, 173,
    ]);
  });

  it('answers an empty program with its start and no activity but the month so far', async () => {
    const response = await t.call({ method: 'GET', url: '/v1/admin/economics?actual=true&by=month' });
    expect(response.statusCode, response.body).toBe(200);
    const { actual } = response.json();
    expect(actual.programStart).toBe('2026-03-01T00:00:00.000Z');
    expect(actual.periods).toHaveLength(1);
    expect(actual.periods[0].figures.find((f: { metric: string }) => f.metric === 'roiTenths')).toEqual({
      metric: 'roiTenths',
      label: 'ROI (revenue / commissions)',
      unit: 'tenths',
      actual: null,
      projected: 100,
      difference: null,
    });
    expect(actual.periods[0].growth).toMatchObject({ affiliatesJoined: 1, referredAffiliatesJoined: 0 });
  });

  it.each([
    ['no credentials', null, 401],
    ['a track key', 'track', 403],
    ['an affiliate key', 'affiliate', 403],
  ])('refuses %s', async (_, who, status) => {
    const auth = who === null ? null : who === 'track' ? trackKey : affiliateKey;
    const response = await t.call({ method: 'GET', url: '/v1/admin/economics?actual=true', auth });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).not.toContain('periods');
  });

  it.each([
    'by=week',
    'actual=yes',
    'from=2026-13',
    'to=March',
    'programStart=2026-3',
    'outboundCostPerAccountCents=-1',
    'outboundCostPerAccountCents=12.5',
    'totalNewAcvCents=1,,2',
    'totalNewAcvCents=1,2,3,4,5,6,7,8,9,10,11',
    'unknown=1',
  ])('refuses ?actual=true&%s with a 400 naming the field', async (query) => {
    const response = await t.call({ method: 'GET', url: `/v1/admin/economics?actual=true&${query}` });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('refuses a range that ends before it starts', async () => {
    const response = await t.call({
      method: 'GET',
      url: '/v1/admin/economics?actual=true&by=month&from=2026-05&to=2026-04',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ detail: 'from must not be after to' });
  });

  it('is documented in /openapi.json with its query and response', async () => {
    const response = await t.call({ method: 'GET', url: '/openapi.json', auth: null });
    const operation = response.json().paths['/v1/admin/economics'].get;
    expect(operation.parameters.map((parameter: { name: string }) => parameter.name).sort()).toEqual([
      'actual',
      'by',
      'from',
      'outboundCostPerAccountCents',
      'programStart',
      'to',
      'totalNewAcvCents',
    ]);
    const schema = operation.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual(['projection', 'actual']);
  });
});
