import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  text: string;
}

export interface SmtpInbox {
  url: string;
  /** Resolves with the sign-in link of the next mail to `email` (or one already received and not taken). */
  takeSignInLink(email: string): Promise<string>;
  close(): Promise<void>;
}

const signInLinkPattern = /https?:\/\/\S+\/auth\/verify\?token=[A-Za-z0-9_\-%.~]+/;

/** A real SMTP server on a free local port that keeps every message it gets. */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const mails: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        // Quoted-printable soft line breaks would cut the link in two.
        const text = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
        mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()), text });
        for (const wake of waiters.splice(0)) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  async function takeSignInLink(email: string): Promise<string> {
    const address = email.toLowerCase();
    for (;;) {
      const index = mails.findIndex((mail) => mail.to.includes(address) && signInLinkPattern.test(mail.text));
      if (index >= 0) {
        const [mail] = mails.splice(index, 1);
        return (mail?.text.match(signInLinkPattern) ?? [''])[0];
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    takeSignInLink,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
