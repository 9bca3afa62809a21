import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { logMailer, signInUrl } from '../../src/accounts/mailer.js';

describe('without SMTP', () => {
  it('logs the sign-in link as one JSON line', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const mailer = logMailer(pino({ level: 'info' }, sink));
    const url = signInUrl('https://partners.emdash.dev/', 'abc123');
    await mailer.sendSignInLink({ to: 'dev@writer.test', url, reason: 'sign_in' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: 'sign-in link',
      email: 'dev@writer.test',
      url: 'https://partners.emdash.dev/auth/verify?token=abc123',
    });
  });
});
