import type { Queryable } from '../../platform/db/database.js';
import type { ClickDecision, NewClick, StoredClick } from '../rules/clicks.js';

/** A click as the redirect captured it: the link's owner travels with it. */
export interface CapturedClick extends NewClick {
  affiliateId: string;
}

type StoredClickRow = {
  id: string;
  link_id: string;
  tag: string | null;
  visitor_hash: string;
  prior_click_id: string | null;
  occurred_at: Date;
  counted_click_id: string;
  counted_at: Date;
};

const storedClickColumns = `c.id, c.link_id, c.tag, c.visitor_hash, c.prior_click_id, c.occurred_at,
  coalesce(c.repeat_of_click_id, c.id) AS counted_click_id, coalesce(a.occurred_at, c.occurred_at) AS counted_at`;

/**
 * Stored clicks that could make one of `batch` a repeat: same link, within the window of the
 * earliest click of the batch, and the same visitor hash or the id a cookie named. The batch's
 * own ids are left out, so a retried batch that did commit decides the same way again.
 *
 * Visitors are looked up one index probe each (LATERAL; `OFFSET 0` keeps the planner from
 * flattening it into a scan of the link's recent clicks), so the cost follows the batch, never the
 * number of clicks a popular link got within the window. Only counted clicks are read (a partial
 * index): a repeat decides by the counted click it repeats, and a visitor who hammers a link adds
 * no rows to this read — at most one counted click per window.
 */
export async function selectClicksMatching(
  tx: Queryable,
  batch: readonly NewClick[],
  dedupeWindowMinutes: number,
): Promise<StoredClick[]> {
  if (batch.length === 0 || dedupeWindowMinutes === 0) return [];
  let earliestMs = Number.POSITIVE_INFINITY;
  for (const click of batch) earliestMs = Math.min(earliestMs, click.occurredAt.getTime());
  const since = new Date(earliestMs - dedupeWindowMinutes * 60_000).toISOString();
  const linkIds = [...new Set(batch.map((click) => click.linkId))];
  const batchIds = batch.map((click) => click.id);
  const hashes = [...new Set(batch.map((click) => click.visitorHash))];
  const priorIds = [...new Set(batch.flatMap((click) => (click.priorClickId ? [click.priorClickId] : [])))];
  const byVisitor = await tx.query<StoredClickRow>(
    `SELECT ${storedClickColumns}
       FROM unnest($3::text[]) AS visitor(hash)
       JOIN LATERAL (
         SELECT * FROM clicks
          WHERE visitor_hash = visitor.hash AND link_id = ANY($1::text[]) AND occurred_at > $2 AND counted
         OFFSET 0
       ) c ON true
       LEFT JOIN clicks a ON a.id = c.repeat_of_click_id
      WHERE NOT (c.id = ANY($4::text[]))`,
    [linkIds, since, hashes, batchIds],
  );
  const byCookie =
    priorIds.length === 0
      ? []
      : await tx.query<StoredClickRow>(
          `SELECT ${storedClickColumns}
             FROM clicks c LEFT JOIN clicks a ON a.id = c.repeat_of_click_id
            WHERE c.id = ANY($3::text[]) AND c.link_id = ANY($1::text[]) AND c.occurred_at > $2
              AND NOT (c.id = ANY($4::text[]))`,
          [linkIds, since, priorIds, batchIds],
        );
  // Clicks whose cookie named one of this batch's clicks, stored first by another process that
  // answered the later visit before this one wrote the earlier.
  const namingBatch = await tx.query<StoredClickRow>(
    `SELECT ${storedClickColumns}
       FROM clicks c LEFT JOIN clicks a ON a.id = c.repeat_of_click_id
      WHERE c.prior_click_id = ANY($3::text[]) AND c.link_id = ANY($1::text[]) AND c.occurred_at > $2
        AND NOT (c.id = ANY($3::text[]))`,
    [linkIds, since, batchIds],
  );
  const rows = new Map<string, StoredClickRow>();
  for (const row of [...byVisitor, ...byCookie, ...namingBatch]) rows.set(row.id, row);
  return [...rows.values()].map((row) => ({
    id: row.id,
    linkId: row.link_id,
    tag: row.tag,
    visitorHash: row.visitor_hash,
    priorClickId: row.prior_click_id,
    occurredAt: row.occurred_at,
    countedClickId: row.counted_click_id,
    countedAt: row.counted_at,
  }));
}

/** Seeds the 64-bit hash that turns a visitor key into an advisory lock key (any fixed number). */
export const clickVisitorLockSeed = 7_310_432;

/**
 * A batch as one JSON text, for statements that read it with `json_to_recordset`: one native
 * `JSON.stringify` instead of escaping thousands of array elements in JavaScript. Made once per batch.
 */
const batchJsonTexts = new WeakMap<readonly NewClick[], string>();
function batchJson(batch: readonly NewClick[]): string {
  let text = batchJsonTexts.get(batch);
  if (text === undefined) {
    // Times as milliseconds: a Date's own JSON (toISOString per click) costs more than the rest.
    text = JSON.stringify(
      batch.map((click) => ({
        id: click.id,
        linkId: click.linkId,
        affiliateId: (click as Partial<CapturedClick>).affiliateId,
        tag: click.tag,
        visitorHash: click.visitorHash,
        priorClickId: click.priorClickId,
        occurredAtMs: click.occurredAt.getTime(),
      })),
    );
    batchJsonTexts.set(batch, text);
  }
  return text;
}

/**
 * The keys that order one click against the others: its link with its visitor hash, and its link
 * with the click id its cookie named (or its own id, which a later click's cookie may name). Two
 * clicks that can decide each other's dedupe share a key; clicks of different visitors share none.
 * `lockClickVisitors` builds the same keys in SQL.
 */
export function clickLockKeysOf(batch: readonly NewClick[]): string[] {
  const keys = new Set<string>();
  for (const click of batch) {
    keys.add(`${click.linkId} v ${click.visitorHash}`);
    keys.add(`${click.linkId} c ${click.priorClickId ?? click.id}`);
  }
  return [...keys];
}

/**
 * Makes writers of the same visitors' clicks take turns, and only those: one transaction-level
 * advisory lock per key of `clickLockKeysOf`, taken in ascending order (so two batches never wait
 * on each other in a cycle) and held until the caller's transaction ends. Batches of different
 * visitors, from any number of processes, write side by side.
 */
export async function lockClickVisitors(tx: Queryable, batch: readonly NewClick[]): Promise<void> {
  if (batch.length === 0) return;
  await tx.query(
    `SELECT count(pg_advisory_xact_lock(k))
       FROM (SELECT DISTINCT hashtextextended(key, $2) AS k
               FROM json_to_recordset($1::json) AS c(id text, "linkId" text, "visitorHash" text, "priorClickId" text),
                    LATERAL (VALUES (c."linkId" || ' v ' || c."visitorHash"),
                                    (c."linkId" || ' c ' || coalesce(c."priorClickId", c.id))) AS keys(key)
              ORDER BY 1) AS ordered`,
    [batchJson(batch), clickVisitorLockSeed],
  );
}

/**
 * Counted clicks a link has ever had, from the monthly rollups the click flush keeps in the same
 * statement as the clicks (so the count is exact, and reading it never scans the clicks).
 */
export async function countCountedClicksOfLink(
  db: Queryable,
  affiliateId: string,
  linkId: string,
): Promise<number> {
  const [row] = await db.query<{ clicks: number }>(
    `SELECT coalesce(sum(clicks), 0)::int8 AS clicks FROM funnel_monthly_rollups
      WHERE affiliate_id = $1 AND link_id = $2`,
    [affiliateId, linkId],
  );
  return row?.clicks ?? 0;
}

/** Clicks of one batch that were written, per link and tag. */
export interface WrittenClickGroup {
  affiliateId: string;
  linkId: string;
  tag: string | null;
  counted: number;
  repeated: number;
}

/**
 * One multi-row insert; a click id already stored (a retried batch that did commit) is skipped.
 * Rollup rows are upserted in key order, so two processes' batches on the same links queue on
 * those rows but never deadlock.
 * The same statement adds the counted clicks it wrote to the rollups the dashboard reads (per
 * link and day, per day, per link and month), so the rollups change exactly when clicks do. Returns what was written, per link and tag.
 */
export async function insertClicks(
  tx: Queryable,
  clicks: readonly CapturedClick[],
  decisions: readonly ClickDecision[],
): Promise<WrittenClickGroup[]> {
  if (clicks.length === 0) return [];
  const rows = await tx.query<{
    affiliate_id: string;
    link_id: string;
    tag: string | null;
    counted: number;
    repeated: number;
  }>(
    `WITH inserted AS (
       INSERT INTO clicks (id, link_id, affiliate_id, tag, visitor_hash, prior_click_id, counted,
                           repeat_of_click_id, occurred_at)
       SELECT c.id, c."linkId", c."affiliateId", c.tag, c."visitorHash", c."priorClickId", d.counted,
              d."repeatOfClickId", 'epoch'::timestamptz + c."occurredAtMs" * interval '1 millisecond'
         FROM ROWS FROM (json_to_recordset($1::json) AS (id text, "linkId" text, "affiliateId" text, tag text,
                "visitorHash" text, "priorClickId" text, "occurredAtMs" int8)) WITH ORDINALITY
                AS c(id, "linkId", "affiliateId", tag, "visitorHash", "priorClickId", "occurredAtMs", n)
         JOIN ROWS FROM (json_to_recordset($2::json) AS (counted boolean, "repeatOfClickId" text)) WITH ORDINALITY
                AS d(counted, "repeatOfClickId", n) USING (n)
       ON CONFLICT (id) DO NOTHING
       RETURNING affiliate_id, link_id, tag, counted, occurred_at
     ), rolled_up AS (
       INSERT INTO click_daily_rollups AS r (affiliate_id, day, link_id, tag, clicks)
       SELECT affiliate_id, (occurred_at AT TIME ZONE 'UTC')::date, link_id, coalesce(tag, ''), count(*)
         FROM inserted WHERE counted GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
       ON CONFLICT (affiliate_id, day, link_id, tag) DO UPDATE SET clicks = r.clicks + excluded.clicks
     ), day_totals AS (
       INSERT INTO funnel_daily_totals AS t (affiliate_id, day, clicks)
       SELECT affiliate_id, (occurred_at AT TIME ZONE 'UTC')::date, count(*)
         FROM inserted WHERE counted GROUP BY 1, 2 ORDER BY 1, 2
       ON CONFLICT (affiliate_id, day) DO UPDATE SET clicks = t.clicks + excluded.clicks
     ), month_rollups AS (
       INSERT INTO funnel_monthly_rollups AS m (affiliate_id, month, link_id, tag, clicks)
       SELECT affiliate_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date, link_id, coalesce(tag, ''),
              count(*)
         FROM inserted WHERE counted GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
       ON CONFLICT (affiliate_id, month, link_id, tag) DO UPDATE SET clicks = m.clicks + excluded.clicks
     )
     SELECT affiliate_id, link_id, tag, count(*) FILTER (WHERE counted)::int8 AS counted,
            count(*) FILTER (WHERE NOT counted)::int8 AS repeated
       FROM inserted GROUP BY affiliate_id, link_id, tag`,
    [batchJson(clicks), JSON.stringify(decisions)],
  );
  return rows.map((row) => ({
    affiliateId: row.affiliate_id,
    linkId: row.link_id,
    tag: row.tag,
    counted: row.counted,
    repeated: row.repeated,
  }));
}
