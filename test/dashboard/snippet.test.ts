import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snippetSource } from '../../src/tracking/snippet.js';
import { startTestApp, type TestApp } from '../support/app.js';

/** Runs the snippet against a fake page and returns the cookies it set. */
function runOnPage(source: string, url: string): string[] {
  const cookies: string[] = [];
  const location = new URL(url);
  const document = {
    set cookie(value: string) {
      cookies.push(value);
    },
  };
  vm.runInNewContext(source, { window: { location }, document });
  return cookies;
}

describe('the browser snippet', () => {
  it('keeps emd_click from the page URL in a first-party cookie for the window', () => {
    const cookies = runOnPage(
      snippetSource(90),
      'https://docs.example.dev/pricing?utm=x&emd_click=clk_Ab12-_x#top',
    );
    expect(cookies).toEqual(['emd_click=clk_Ab12-_x; Max-Age=7776000; Path=/; SameSite=Lax; Secure']);
    expect(runOnPage(snippetSource(30), 'http://localhost:8080/?emd_click=clk_1')).toEqual([
      'emd_click=clk_1; Max-Age=2592000; Path=/; SameSite=Lax',
    ]);
  });

  it('sets nothing without a click id, or with one that is not shaped like a click id', () => {
    expect(runOnPage(snippetSource(90), 'https://site.example/?ref=x')).toEqual([]);
    expect(
      runOnPage(snippetSource(90), 'https://site.example/?emd_click=a%3B%20Domain%3Devil.example'),
    ).toEqual([]);
    expect(runOnPage(snippetSource(90), 'https://site.example/?emd_click=%E0%A4%A')).toEqual([]);
  });

  describe('GET /snippet.js', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => t.close());

    it('is public, small, cacheable and carries the program cookie window', async () => {
      const response = await t.call({ method: 'GET', url: '/snippet.js', auth: null });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/javascript');
      expect(response.headers['cache-control']).toBe('public, max-age=3600');
      expect(response.body.length).toBeLessThan(2_048);
      expect(response.body).toContain('Max-Age=7776000');
      const again = await t.call({
        method: 'GET',
        url: '/snippet.js',
        auth: null,
        headers: { 'if-none-match': String(response.headers.etag) },
      });
      expect(again.statusCode).toBe(304);
    });
  });
});
