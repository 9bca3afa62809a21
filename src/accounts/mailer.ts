import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../platform/config.js';

export interface SignInMail {
  to: string;
  url: string;
  /** Why the link is sent: a requested sign-in, an approved application, or an agency's invitation. */
  reason: 'sign_in' | 'approved' | 'invited';
}

export interface Mailer {
  sendSignInLink(mail: SignInMail): Promise<void>;
}

const subjects: Record<SignInMail['reason'], string> = {
  approved: 'Welcome to the EmDash affiliate program',
  invited: 'You were invited to an EmDash agency workspace',
  sign_in: 'Your EmDash Affiliates sign-in link',
};

const openings: Record<SignInMail['reason'], string> = {
  approved: 'Your application to the EmDash affiliate program was approved.',
  invited: 'You were invited to an agency workspace on EmDash Affiliates.',
  sign_in: 'Someone (hopefully you) asked to sign in to EmDash Affiliates.',
};

function subjectOf(mail: SignInMail): string {
  return subjects[mail.reason];
}

function textOf(mail: SignInMail): string {
  const opening = openings[mail.reason];
  return `${opening}\n\nSign in with this link (it works once, for 15 minutes):\n${mail.url}\n\nIf you did not ask for it, ignore this message.\n`;
}

/** Sends over SMTP (`SMTP_URL`, e.g. `smtp://user:pass@host:587`). */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async sendSignInLink(mail) {
      await transport.sendMail({ from, to: mail.to, subject: subjectOf(mail), text: textOf(mail) });
    },
  };
}

/** Without SMTP the link is one JSON log line (SPEC §12.1), so the embedded default works alone. */
export function logMailer(logger: Logger): Mailer {
  return {
    async sendSignInLink(mail) {
      logger.info({ email: mail.to, url: mail.url }, 'sign-in link');
    },
  };
}

export function mailerFromConfig(config: Config, logger: Logger): Mailer {
  return config.smtpUrl ? smtpMailer(config.smtpUrl, config.smtpFrom) : logMailer(logger);
}

/** The sign-in page a link opens: `<public URL>/auth/verify?token=…`. */
export function signInUrl(publicUrl: string, token: string): string {
  const url = new URL('/auth/verify', publicUrl);
  url.searchParams.set('token', token);
  return url.toString();
}
