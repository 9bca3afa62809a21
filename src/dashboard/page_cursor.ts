import { AppError } from '../platform/rules/errors.js';

/** Largest page a dashboard list returns. */
export const dashboardPageSizeMax = 200;
export const dashboardPageSizeDefault = 50;

export interface Keyset {
  at: Date;
  id: string;
}

/** An opaque cursor naming the last row of a page (its time and id). */
export function encodeCursor(keyset: Keyset): string {
  return Buffer.from(JSON.stringify([keyset.at.toISOString(), keyset.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Keyset {
  try {
    const [time, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const at = new Date(String(time));
    if (typeof id === 'string' && typeof time === 'string' && !Number.isNaN(at.getTime())) return { at, id };
  } catch {
    // refused below
  }
  throw new AppError('validation_failed', 'cursor is not one this endpoint returned', { path: 'cursor' });
}
