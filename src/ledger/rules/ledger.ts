/**
 * The double-entry ledger (SPEC §6), pure. Every money movement is a transfer whose entries sum
 * to zero. Each transfer belongs to one affiliate and moves money between that affiliate's
 * accounts, so every account is "(affiliate, name)" and no row is shared between affiliates.
 *
 * Sign convention: an entry's amount is positive when it adds to what the program owes the
 * affiliate in that state. The affiliate's state accounts therefore have balances ≥ 0, the
 * program-side `program_expense` is the counterpart (negative by what was granted net of
 * reversals), and `owed` — the affiliate's debt after a clawback — is the one account whose
 * balance is ≤ 0; balances report it negated, as a positive `owedCents`.
 *
 * Owed is repaid first: whenever money enters `available` (a release, or a failed payout coming
 * back), as much of it as the debt needs goes to `owed` instead.
 */
import { assertCents } from '../../commissions/rules/money.js';

export const affiliateStateAccounts = [
  'pending',
  'vested',
  'eligible',
  'available',
  'in_transit',
  'paid',
  'owed',
] as const;
export const programAccounts = ['program_expense'] as const;
export const ledgerAccounts = [...affiliateStateAccounts, ...programAccounts] as const;
export type AffiliateStateAccount = (typeof affiliateStateAccounts)[number];
export type LedgerAccount = (typeof ledgerAccounts)[number];

/** The states a commission's money can be reversed from. */
export type CommissionMoneyState = 'pending' | 'vested' | 'eligible' | 'available';

export const transferKinds = [
  'commission_created',
  'commission_vested',
  'commission_eligible',
  'commission_released',
  'commission_reversed',
  'payout_sent',
  'payout_paid',
  'payout_failed',
  'payout_reversed',
] as const;
export type TransferKind = (typeof transferKinds)[number];

export interface LedgerEntry {
  account: LedgerAccount;
  amountCents: number;
}

export interface Transfer {
  /** Unique; the idempotency key. Deterministic for every movement so retries post it once. */
  id: string;
  kind: TransferKind;
  affiliateId: string;
  commissionId: string | null;
  entries: LedgerEntry[];
  createdAt: Date;
  metadata: Record<string, unknown>;
}

export interface AffiliateBalances {
  pendingCents: number;
  vestedCents: number;
  eligibleCents: number;
  availableCents: number;
  inTransitCents: number;
  paidCents: number;
  owedCents: number;
}

export const transferEntriesMax = 8;
/**
 * Transfer ids are built from bounded parts: the longest is a revenue share's reversal,
 * `content:` + a bounded invoice id (201) + `:reversed:` + `refund:` + 12 digits of cents = 238.
 */
export const transferIdLengthMax = 255;

/** The id of a commission's reversal; `reversalId` names it (`early_churn`, `refund:<cents>` …). */
export function commissionReversalTransferId(commissionId: string, reversalId: string): string {
  return `${commissionId}:reversed:${reversalId}`;
}

/** Problems that make a transfer invalid; empty when it may be posted. */
export function transferProblems(transfer: Transfer): string[] {
  const problems: string[] = [];
  if (transfer.id.length === 0 || transfer.id.length > transferIdLengthMax) {
    problems.push(`id must be 1–${transferIdLengthMax} characters`);
  }
  if (!transferKinds.includes(transfer.kind)) problems.push(`unknown kind ${transfer.kind}`);
  if (transfer.entries.length < 2 || transfer.entries.length > transferEntriesMax) {
    problems.push(`a transfer needs 2–${transferEntriesMax} entries`);
  }
  const seen = new Set<string>();
  let sumCents = 0;
  for (const entry of transfer.entries) {
    if (!ledgerAccounts.includes(entry.account)) problems.push(`unknown account ${entry.account}`);
    if (seen.has(entry.account)) problems.push(`account ${entry.account} appears twice`);
    seen.add(entry.account);
    if (!Number.isSafeInteger(entry.amountCents) || entry.amountCents === 0) {
      problems.push(`entry ${entry.account} must be a non-zero integer of cents`);
    } else {
      sumCents += entry.amountCents;
    }
  }
  if (sumCents !== 0) problems.push(`entries sum to ${sumCents}, not 0`);
  return problems;
}

export function assertValidTransfer(transfer: Transfer): void {
  const problems = transferProblems(transfer);
  if (problems.length > 0) throw new Error(`invalid transfer ${transfer.id}: ${problems.join('; ')}`);
}

/** Entries with zero amounts dropped, so builders can write every leg and let empty ones fall away. */
function entries(...legs: Array<[LedgerAccount, number]>): LedgerEntry[] {
  for (const [account, amountCents] of legs) assertCents(amountCents, account);
  return legs
    .filter(([, amountCents]) => amountCents !== 0)
    .map(([account, amountCents]) => ({ account, amountCents }));
}

function positive(amountCents: number, what: string): void {
  assertCents(amountCents, what);
  if (amountCents <= 0) throw new Error(`${what} must be positive, got ${amountCents}`);
}

interface CommissionMove {
  affiliateId: string;
  commissionId: string;
  amountCents: number;
  at: Date;
  metadata?: Record<string, unknown>;
}

function commissionTransfer(
  kind: TransferKind,
  move: CommissionMove,
  legs: LedgerEntry[],
  id: string,
): Transfer {
  const transfer: Transfer = {
    id,
    kind,
    affiliateId: move.affiliateId,
    commissionId: move.commissionId,
    entries: legs,
    createdAt: move.at,
    metadata: move.metadata ?? {},
  };
  assertValidTransfer(transfer);
  return transfer;
}

/** A new commission: the program takes on the expense, the affiliate holds it as pending. */
export function commissionCreated(move: CommissionMove): Transfer {
  positive(move.amountCents, 'amountCents');
  const legs = entries(['pending', move.amountCents], ['program_expense', -move.amountCents]);
  return commissionTransfer('commission_created', move, legs, `${move.commissionId}:created`);
}

/** The team reached paid. */
export function commissionVested(move: CommissionMove): Transfer {
  positive(move.amountCents, 'amountCents');
  const legs = entries(['pending', -move.amountCents], ['vested', move.amountCents]);
  return commissionTransfer('commission_vested', move, legs, `${move.commissionId}:vested`);
}

/** The team reached sustained. */
export function commissionEligible(move: CommissionMove): Transfer {
  positive(move.amountCents, 'amountCents');
  const legs = entries(['vested', -move.amountCents], ['eligible', move.amountCents]);
  return commissionTransfer('commission_eligible', move, legs, `${move.commissionId}:eligible`);
}

/** How much of `incomingCents` repays the debt first, and how much is left for `available`. */
export function splitForOwed(
  incomingCents: number,
  owedCents: number,
): { toOwedCents: number; toAvailableCents: number } {
  assertCents(incomingCents, 'incomingCents');
  assertCents(owedCents, 'owedCents');
  const toOwedCents = Math.min(incomingCents, Math.max(0, owedCents));
  return { toOwedCents, toAvailableCents: incomingCents - toOwedCents };
}

/** The payout delay passed: the money becomes available, after repaying what the affiliate owes. */
export function commissionReleased(move: CommissionMove & { owedCents: number }): Transfer {
  positive(move.amountCents, 'amountCents');
  const { toOwedCents, toAvailableCents } = splitForOwed(move.amountCents, move.owedCents);
  const legs = entries(
    ['eligible', -move.amountCents],
    ['owed', toOwedCents],
    ['available', toAvailableCents],
  );
  return commissionTransfer('commission_released', move, legs, `${move.commissionId}:released`);
}

/**
 * Takes `amountCents` of a commission back from the state it is in. From `available` it takes
 * what the available balance still holds; the rest was paid out or is in transit, so it becomes
 * owed (a clawback) that later earnings repay.
 */
export function commissionReversed(
  move: CommissionMove & { reversalId: string; from: CommissionMoneyState; availableCents: number },
): Transfer {
  positive(move.amountCents, 'amountCents');
  let legs: LedgerEntry[];
  if (move.from === 'available') {
    const fromAvailableCents = Math.min(move.amountCents, Math.max(0, move.availableCents));
    const toOwedCents = move.amountCents - fromAvailableCents;
    legs = entries(
      ['available', -fromAvailableCents],
      ['owed', -toOwedCents],
      ['program_expense', move.amountCents],
    );
  } else {
    legs = entries([move.from, -move.amountCents], ['program_expense', move.amountCents]);
  }
  return commissionTransfer(
    'commission_reversed',
    move,
    legs,
    commissionReversalTransferId(move.commissionId, move.reversalId),
  );
}

interface PayoutMove {
  affiliateId: string;
  payoutId: string;
  amountCents: number;
  at: Date;
  metadata?: Record<string, unknown>;
}

function payoutTransfer(kind: TransferKind, move: PayoutMove, legs: LedgerEntry[]): Transfer {
  const transfer: Transfer = {
    id: `${move.payoutId}:${kind.slice('payout_'.length)}`,
    kind,
    affiliateId: move.affiliateId,
    commissionId: null,
    entries: legs,
    createdAt: move.at,
    metadata: { payoutId: move.payoutId, ...(move.metadata ?? {}) },
  };
  assertValidTransfer(transfer);
  return transfer;
}

/** A payout left (Stripe transfer created or CSV exported): the money is in transit. */
export function payoutSent(move: PayoutMove): Transfer {
  positive(move.amountCents, 'amountCents');
  return payoutTransfer(
    'payout_sent',
    move,
    entries(['available', -move.amountCents], ['in_transit', move.amountCents]),
  );
}

/** The payout arrived. `paid` is the affiliate's running total of money received. */
export function payoutPaid(move: PayoutMove): Transfer {
  positive(move.amountCents, 'amountCents');
  return payoutTransfer(
    'payout_paid',
    move,
    entries(['in_transit', -move.amountCents], ['paid', move.amountCents]),
  );
}

/** The payout failed: the money comes back to available (repaying any debt first) and is retried next run. */
export function payoutFailed(move: PayoutMove & { owedCents: number }): Transfer {
  positive(move.amountCents, 'amountCents');
  const { toOwedCents, toAvailableCents } = splitForOwed(move.amountCents, move.owedCents);
  return payoutTransfer(
    'payout_failed',
    move,
    entries(['in_transit', -move.amountCents], ['owed', toOwedCents], ['available', toAvailableCents]),
  );
}

/**
 * A paid transfer was taken back by the platform (a Stripe transfer reversal): the money leaves
 * `paid` and comes back to available, repaying any debt first. `reversalKey` names this reversal,
 * so the same one posts once.
 */
export function payoutReversed(move: PayoutMove & { owedCents: number; reversalKey: string }): Transfer {
  positive(move.amountCents, 'amountCents');
  const { toOwedCents, toAvailableCents } = splitForOwed(move.amountCents, move.owedCents);
  const transfer = payoutTransfer(
    'payout_reversed',
    move,
    entries(['paid', -move.amountCents], ['owed', toOwedCents], ['available', toAvailableCents]),
  );
  return { ...transfer, id: `${transfer.id}:${move.reversalKey}` };
}

/** Sums of entries per account. */
export function accountBalances(allEntries: readonly LedgerEntry[]): Record<LedgerAccount, number> {
  const sums = Object.fromEntries(ledgerAccounts.map((account) => [account, 0])) as Record<
    LedgerAccount,
    number
  >;
  for (const entry of allEntries) sums[entry.account] += entry.amountCents;
  return sums;
}

/** The seven balances an affiliate sees; `owedCents` is the debt as a positive number. */
export function affiliateBalances(sums: Readonly<Record<LedgerAccount, number>>): AffiliateBalances {
  return {
    pendingCents: sums.pending,
    vestedCents: sums.vested,
    eligibleCents: sums.eligible,
    availableCents: sums.available,
    inTransitCents: sums.in_transit,
    paidCents: sums.paid,
    // Not `-sums.owed`: an empty account would report -0.
    owedCents: 0 - sums.owed,
  };
}

/** Whether two transfers carry the same content (the creation time of a replay may differ). */
export function sameTransferContent(a: Transfer, b: Transfer): boolean {
  return canonicalContent(a) === canonicalContent(b);
}

function canonicalContent(transfer: Transfer): string {
  const sortedEntries = [...transfer.entries]
    .sort((x, y) => (x.account < y.account ? -1 : x.account > y.account ? 1 : 0))
    .map((entry) => [entry.account, entry.amountCents]);
  return JSON.stringify([
    transfer.id,
    transfer.kind,
    transfer.affiliateId,
    transfer.commissionId,
    sortedEntries,
    canonicalJson(transfer.metadata),
  ]);
}

/** JSON with object keys sorted, so stored jsonb (which reorders keys) compares equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
