/** Cookie names and attributes of the browser session (SPEC §12.1). */
export const sessionCookieName = 'emd_session';
export const csrfCookieName = 'emd_csrf';

export interface CookieOptions {
  /** Set when the public URL is https. */
  secure: boolean;
  maxAgeSeconds: number;
}

function attributes(options: CookieOptions): string {
  return `Max-Age=${options.maxAgeSeconds}; Path=/; SameSite=Lax${options.secure ? '; Secure' : ''}`;
}

export function sessionCookie(token: string, options: CookieOptions): string {
  return `${sessionCookieName}=${token}; ${attributes(options)}; HttpOnly`;
}

/** Readable by the page's script, which echoes it in `x-csrf-token`. */
export function csrfCookie(csrfToken: string, options: CookieOptions): string {
  return `${csrfCookieName}=${csrfToken}; ${attributes(options)}`;
}

export function clearedCookies(secure: boolean): string[] {
  const options = { secure, maxAgeSeconds: 0 };
  return [sessionCookie('', options), csrfCookie('', options)];
}

/** One cookie's value from a `Cookie` header; the first occurrence wins. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim() || null;
  }
  return null;
}

/** Whether an `Origin` header names one of the origins allowed to act with a session. */
export function originAllowed(origin: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === undefined) return true;
  return allowedOrigins.includes(origin.toLowerCase());
}
