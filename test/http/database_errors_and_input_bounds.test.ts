import fc from 'fast-check';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputDefect, requestJsonDepthMax } from '../../src/platform/http/input_bounds.js';
import { toProblem } from '../../src/platform/http/problem.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { writtenRows } from '../support/attribution.js';

function databaseError(code: string): Error {
  return Object.assign(new Error(`database says ${code}`), { code });
}

const request = { id: 'req-1', url: '/v1/somewhere?x=1' } as unknown as FastifyRequest;

describe('database errors as answers', () => {
  it('answers a unique violation or a value out of range as a bug (500), not as the client’s fault', () => {
    for (const code of ['23505', '22003', '22007', '22P02', '23503', '40001']) {
      expect(toProblem(databaseError(code), request), code).toMatchObject({ status: 500, code: 'internal' });
    }
  });

  it('answers text the database cannot store (a NUL character) as the client’s input', () => {
    for (const code of ['22021', '22P05']) {
      expect(toProblem(databaseError(code), request), code).toMatchObject({
        status: 400,
        code: 'validation_failed',
      });
    }
  });
});

describe('input bounds', () => {
  it('finds nesting past the bound and NULs where asked, without recursion', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level++) deep = { a: [deep] };
    expect(inputDefect(deep, 'body', { refuseNul: false })).toMatchObject({
      message: `nests deeper than ${requestJsonDepthMax} levels`,
    });
    let fine: unknown = 'x';
    for (let level = 0; level < requestJsonDepthMax; level++) fine = [fine];
    expect(inputDefect(fine, 'body', { refuseNul: true })).toBeNull();
    expect(inputDefect({ a: ['ok', 'n\u0000l'] }, 'querystring', { refuseNul: true })).toEqual({
      path: 'querystring.a.1',
      message: 'must not contain NUL characters',
    });
    expect(inputDefect({ a: 'n\u0000l' }, 'body', { refuseNul: false })).toBeNull();
  });

  it('finds a defect exactly when a plain walk that spells every path finds one, and names a real one', () => {
    // Every defect, found by the walk used before paths were spelled lazily (each node carries its
    // path); below a node nested too deep nothing is looked at, as in the real walk.
    const everyDefect = (value: unknown, refuseNul: boolean, depthMax: number) => {
      const found: Array<{ path: string; message: string }> = [];
      const pending: Array<{ value: unknown; path: string; depth: number }> = [
        { value, path: 'body', depth: 0 },
      ];
      while (pending.length > 0) {
        const next = pending.pop()!;
        if (typeof next.value === 'string') {
          if (refuseNul && next.value.includes('\u0000')) {
            found.push({ path: next.path, message: 'must not contain NUL characters' });
          }
        } else if (next.value !== null && typeof next.value === 'object') {
          if (next.depth >= depthMax) {
            found.push({ path: next.path, message: `nests deeper than ${depthMax} levels` });
            continue;
          }
          for (const [key, child] of Object.entries(next.value)) {
            pending.push({ value: child, path: `${next.path}.${key}`, depth: next.depth + 1 });
          }
        }
      }
      return found;
    };
    const text = fc.oneof(fc.string(), fc.constantFrom('\u0000', 'a\u0000b', ''));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.constant(null),
        tie('array'),
        tie('object'),
      ),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 4 }),
    })).value;
    fc.assert(
      fc.property(json, fc.boolean(), fc.integer({ min: 0, max: 5 }), (value, refuseNul, depthMax) => {
        const defect = inputDefect(value, 'body', { refuseNul, depthMax });
        const all = everyDefect(value, refuseNul, depthMax);
        if (all.length === 0) expect(defect).toBeNull();
        else expect(all).toContainEqual(defect);
      }),
      { numRuns: 2_000 },
    );
  });

  describe('on the running API', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => t.close());

    it('refuses a body nested 20,000 levels deep with 400 problem+json and writes nothing', async () => {
      const before = await writtenRows(t);
      let deep = '1';
      for (let level = 0; level < 20_000; level++) deep = `{"a":[${deep}]}`;
      for (const url of ['/v1/track/signup', '/v1/affiliates', '/v1/admin/settings']) {
        const response = await t.call({
          method: 'POST',
          url,
          payload: `{"teamId":"team_deep","email":"a@b.dev","name":"n","kind":"developer","x":${deep}}`,
          headers: { 'content-type': 'application/json' },
        });
        expect(response.statusCode, url).toBe(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.json(), url).toMatchObject({ code: 'validation_failed' });
        expect(response.json().detail, url).toContain(`nests deeper than ${requestJsonDepthMax} levels`);
      }
      expect(await writtenRows(t)).toEqual(before);
    });

    it('refuses a NUL in the path or query before any handler reads it', async () => {
      const inPath = await t.call({ method: 'GET', url: '/v1/referrals/team%00x' });
      expect(inPath.statusCode).toBe(400);
      const inQuery = await t.call({ method: 'GET', url: '/v1/admin/fraud-flags?status=open%00' });
      expect(inQuery.statusCode).toBe(400);
      expect(inQuery.json()).toMatchObject({ code: 'validation_failed', path: 'querystring.status' });
    });

    it('refuses a NUL inside a body field before the database sees it, naming the field', async () => {
      const response = await t.call({
        method: 'POST',
        url: '/v1/affiliates',
        payload: { email: 'nul@example.dev', name: 'N\u0000L', kind: 'developer' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ code: 'validation_failed', path: 'body.name' });
    });
  });
});
