import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clickIdOf, countedClicksOf, createLink, storedClicks, visit } from './support.js';

const minute = 60_000;

describe('click redirect', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('answers 302 to the destination with the click id added and the query kept', async () => {
    const { code } = await createLink(t, {
      destination: 'https://emdash.dev/start?utm_source=blog&x=1#pricing',
    });
    const response = await visit(t, `/r/${code}`);
    expect(response.statusCode).toBe(302);
    const location = new URL(String(response.headers.location));
    expect(location.origin + location.pathname).toBe('https://emdash.dev/start');
    expect(location.searchParams.get('utm_source')).toBe('blog');
    expect(location.searchParams.get('x')).toBe('1');
    expect(location.searchParams.get('emd_click')).toMatch(/^clk_[0-9A-Za-z]{20}$/);
    expect(location.hash).toBe('#pricing');
  });

  it('sets the first-party cookie with the click id for the program window', async () => {
    const { code } = await createLink(t);
    const response = await visit(t, `/r/${code}`);
    const clickId = clickIdOf(response);
    const windowDays = t.context.settings.at(t.clock.now()).cookieWindowDays;
    expect(windowDays).toBe(90);
    expect(response.headers['set-cookie']).toBe(
      `emd_click=${clickId}; Max-Age=${windowDays * 86_400}; Path=/; HttpOnly; SameSite=Lax`,
    );
    const [stored] = (await storedClicks(t)).filter((click) => click.id === clickId);
    expect(stored).toMatchObject({ id: clickId, counted: true });
  });

  it('records the path tag, else the link tag', async () => {
    const { code } = await createLink(t, { tag: 'launch-post' });
    const own = clickIdOf(await visit(t, `/r/${code}`));
    const fromPath = clickIdOf(await visit(t, `/r/${code}/repo-readme`, { ip: '198.51.100.11' }));
    const clicks = await storedClicks(t);
    expect(clicks.find((click) => click.id === own)?.tag).toBe('launch-post');
    expect(clicks.find((click) => click.id === fromPath)?.tag).toBe('repo-readme');
  });

  it('records the click id of an existing cookie as the prior click', async () => {
    const { code } = await createLink(t);
    const first = clickIdOf(await visit(t, `/r/${code}`, { ip: '198.51.100.20' }));
    const second = clickIdOf(
      await visit(t, `/r/${code}`, { ip: '198.51.100.21', cookie: `theme=dark; emd_click=${first}` }),
    );
    const clicks = await storedClicks(t);
    expect(clicks.find((click) => click.id === second)).toMatchObject({
      prior_click_id: first,
      counted: false,
    });
  });

  it('redirects bots to the bare destination without a cookie and records nothing', async () => {
    const { code } = await createLink(t, { destination: 'https://emdash.dev/bots' });
    const before = (await storedClicks(t)).length;
    const agents = [
      'Googlebot/2.1 (+http://www.google.com/bot.html)',
      'curl/8.4.0',
      'python-requests/2.31',
      null,
    ];
    for (const userAgent of agents) {
      const response = await visit(t, `/r/${code}`, { userAgent });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('https://emdash.dev/bots');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    const head = await visit(t, `/r/${code}`, { method: 'HEAD' });
    expect(head.statusCode).toBe(302);
    expect((await storedClicks(t)).length).toBe(before);
    expect(await countedClicksOf(t, code)).toBe(0);
  });

  it('counts a visitor once within 60 minutes and again after', async () => {
    const { code } = await createLink(t);
    const visitor = { ip: '203.0.113.5' };
    const first = await visit(t, `/r/${code}`, visitor);
    const again = await visit(t, `/r/${code}`, visitor);
    expect(clickIdOf(again)).not.toBe(clickIdOf(first));
    expect(await countedClicksOf(t, code)).toBe(1);
    await t.clock.advanceTo(new Date(t.clock.now().getTime() + 59 * minute));
    await visit(t, `/r/${code}`, visitor);
    expect(await countedClicksOf(t, code)).toBe(1);
    await t.clock.advanceTo(new Date(t.clock.now().getTime() + 1 * minute));
    await visit(t, `/r/${code}`, visitor);
    expect(await countedClicksOf(t, code)).toBe(2);
  });

  it('counts a returning cookie from a new network once', async () => {
    const { code } = await createLink(t);
    const first = clickIdOf(await visit(t, `/r/${code}`, { ip: '203.0.113.30' }));
    await visit(t, `/r/${code}`, { ip: '192.0.2.44', cookie: `emd_click=${first}` });
    expect(await countedClicksOf(t, code)).toBe(1);
  });

  it('counts different tags and different visitors separately', async () => {
    const { code } = await createLink(t);
    const visitor = { ip: '203.0.113.6' };
    await visit(t, `/r/${code}`, visitor);
    await visit(t, `/r/${code}/post-a`, visitor);
    await visit(t, `/r/${code}/post-b`, visitor);
    await visit(t, `/r/${code}/post-b`, visitor);
    await visit(t, `/r/${code}/post-b`, { ip: '203.0.113.7' });
    await visit(t, `/r/${code}/post-b`, {
      ip: '203.0.113.6',
      userAgent: 'Mozilla/5.0 (X11; Linux) Firefox/128.0',
    });
    expect(await countedClicksOf(t, code)).toBe(5);
  });
});
