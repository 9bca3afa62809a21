import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
/** An affiliate's status; an application is a `pending` affiliate. */
export type AffiliateStatus = 'pending' | 'active' | 'rejected' | 'suspended';

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

interface ApplicationRow {
  id: string;
  email: string;
  name: string;
  kind: 'developer' | 'agency';
  website: string | null;
  status: AffiliateStatus;
  created_at: Date;
  decided_at: Date | null;
}

/** The cursor names the last row of a page: its creation time and id, oldest first. */
function encodeCursor(row: ApplicationRow): string {
  return Buffer.from(JSON.stringify([row.created_at.toISOString(), row.id])).toString('base64url');
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
  query: { status: AffiliateStatus; limit: number; cursor?: string | undefined },
): Promise<{ applications: ApplicationView[]; nextCursor: string | null }> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await context.db.query<ApplicationRow>(
    `SELECT id, email, name, kind, website, status, created_at, decided_at FROM affiliates
     WHERE status = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::text))
     ORDER BY created_at, id LIMIT $4`,
    [query.status, after?.at ?? null, after?.id ?? '', query.limit + 1],
  );
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
      createdAt: row.created_at.toISOString(),
      decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}
