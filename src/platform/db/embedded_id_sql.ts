import { embeddedIdPrefixLength, embeddedIdVerbatimLengthMax } from '../rules/external_ids.js';

/**
 * `embeddedId` (domain/external_ids.ts) written in SQL, for queries that build a commission id
 * from an invoice id. External ids are ASCII by their rule, so `length` and `left` count what
 * JavaScript counts. `test/billing/long_external_ids.test.ts` checks that both give the same ids.
 */
export function embeddedIdSql(expression: string): string {
  return `(CASE WHEN length(${expression}) <= ${embeddedIdVerbatimLengthMax} THEN ${expression}
    ELSE left(${expression}, ${embeddedIdPrefixLength}) || '~' || encode(sha256(convert_to(${expression}, 'UTF8')), 'hex') END)`;
}

/**
 * `commissionIdFor` (domain/commissions/tiers.ts) in SQL: `tier || ':' || the team id` for a
 * milestone, `tier || ':' || the embedded invoice id` for a revenue share. Both arguments are SQL
 * expressions.
 */
export function commissionIdSql(
  input: { tier: string; teamId: string } | { tier: string; invoiceId: string },
): string {
  return 'teamId' in input
    ? `(${input.tier} || ':' || ${input.teamId})`
    : `(${input.tier} || ':' || ${embeddedIdSql(input.invoiceId)})`;
}

/**
 * `commissionReversalTransferId` (domain/ledger.ts) in SQL. Both arguments are SQL expressions.
 */
export function commissionReversalTransferIdSql(commissionId: string, reversalId: string): string {
  return `(${commissionId} || ':reversed:' || ${reversalId})`;
}
