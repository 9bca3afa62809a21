import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { type AffiliateStatus, listAffiliatesInStatus } from './storage/applications_store.js';

export const applicationsPageSizeMax = 200;

export interface ApplicationView {
  id: string;
  email: string;
  name: string;
  kind: 'developer' | 'agency';
  website: string | null;
  status: AffiliateStatus;
  createdAt: string;
  decidedAt: string | null;
}

/** The cursor names the last row of a page: its creation time and id, oldest first. */
function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [time, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const at = new Date(String(time));
    if (typeof id === 'string' && typeof time === 'string' && !Number.isNaN(at.getTime())) return { at, id };
  } catch {
    // refused below
  }
  throw new AppError('validation_failed', 'cursor is not one this endpoint returned', { path: 'cursor' });
}

/** Affiliates in one status (by default the pending applications), oldest first, for a program manager. */
export async function listApplications(
  context: Context,
  query: {
    status: AffiliateStatus;
    limit: number;
    cursor?: string | undefined;
    kind?: 'developer' | 'agency' | undefined;
  },
): Promise<{ applications: ApplicationView[]; nextCursor: string | null }> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await listAffiliatesInStatus(context.db, {
    status: query.status,
    kind: query.kind,
    after,
    rowsMax: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    applications: page.map((row) => ({
      id: row.id,
      email: row.email,
      name: row.name,
      kind: row.kind,
      website: row.website,
      status: row.status,
      createdAt: row.createdAt.toISOString(),
      decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}
