import type { VerifySignInResult } from '../verify_sign_in_link.js';

type Refusal = Extract<VerifySignInResult, { signedIn: false }>['reason'] | 'missing';

const explanations: Record<Refusal, string> = {
  used: 'This sign-in link was already used. Each link works once.',
  expired: 'This sign-in link has expired. Links work for 15 minutes.',
  unknown: 'This sign-in link is not valid. It may have been copied incompletely.',
  missing: 'This sign-in link is incomplete: it carries no token.',
};

/** The small page a refused sign-in link opens: what happened, and where to get a new link. */
export function signInRefusedPage(reason: Refusal): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>Sign-in link not valid · EmDash Affiliates</title>' +
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}' +
    'a{color:#0b57d0}</style></head><body><main>' +
    '<h1>This sign-in link cannot be used</h1>' +
    `<p>${explanations[reason]}</p>` +
    '<p><a href="/">Send me a new sign-in link</a></p>' +
    '</main></body></html>'
  );
}

/** Used and expired links are gone for good (410); an unknown or incomplete one is a bad request. */
export function refusalStatus(reason: Refusal): number {
  return reason === 'used' || reason === 'expired' ? 410 : 400;
}
